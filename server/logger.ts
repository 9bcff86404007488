import pino, { type Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

/** JSON logs in production; human-readable lines in development (pino-pretty). */
export function createLogger(config: Pick<Config, 'log'>): Logger {
  return pino({
    level: config.log.level,
    base: { service: 'parley' },
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', '*.password', '*.passwordHash'],
      remove: true,
    },
    ...(config.log.pretty ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}),
  });
}
