import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';

/**
 * Shares socket.io rooms between server processes through Redis pub/sub, so a reply produced on
 * one node reaches a customer connected to another. Returns a function that closes both clients.
 */
export async function connectRedisAdapter(
  io: Server,
  url: string,
  logger: Logger,
): Promise<() => Promise<void>> {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  for (const client of [pub, sub]) client.on('error', (error) => logger.error({ err: error }, 'redis error'));
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
  logger.info('socket.io Redis adapter connected');
  return async () => {
    await Promise.allSettled([pub.quit(), sub.quit()]);
  };
}
