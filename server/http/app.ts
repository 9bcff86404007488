/**
 * The express application factory. It never listens: server/main.ts (or a test) owns the
 * http.Server, so tests can bind a random port and shut down cleanly.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { AppError, toAppError } from '../errors';
import { publicDir, webBuildDir } from '../paths';
import { healthRoutes, type Readiness } from './health';

export interface AppDependencies {
  logger: Logger;
  readiness: Readiness;
  metrics: Registry;
  bodyLimit: string;
  trustProxy?: boolean;
  /** Extra routers mounted before the 404 handler (later features add theirs here). */
  routes?: express.Router[];
}

export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  if (deps.trustProxy) app.set('trust proxy', 1);

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          imgSrc: ["'self'", 'data:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
        },
      },
    }),
  );
  app.use(express.json({ limit: deps.bodyLimit }));

  app.use(healthRoutes(deps.readiness, deps.metrics));
  for (const router of deps.routes ?? []) app.use(router);

  app.use('/static', express.static(webBuildDir(), { maxAge: '1h' }));
  app.use(express.static(publicDir(), { index: 'index.html' }));

  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(new AppError(404, 'not_found', `No route for ${req.method} ${req.path}`));
  });
  app.use(errorHandler(deps.logger));
  return app;
}

/** body-parser signals its failures with `type`; map them to our codes before the generic path. */
function fromBodyParser(error: unknown): AppError | undefined {
  const type = (error as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed')
    return new AppError(400, 'invalid_json', 'The request body is not valid JSON.');
  if (type === 'entity.too.large')
    return new AppError(413, 'payload_too_large', 'The request body is larger than this server accepts.');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return new AppError(415, 'bad_request', 'Unsupported body encoding.');
  return undefined;
}

export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const appError = fromBodyParser(error) ?? toAppError(error);
    if (appError.status >= 500) logger.error({ err: error, path: req.path }, 'request failed');
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(appError.status).json({ error: appError.toBody() });
  };
}
