import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';

export interface RedisAdapterOptions {
  /**
   * The subscriber connection came back after a gap (Redis restarted, the network dropped): whatever
   * the other nodes published meanwhile was lost, so the caller catches up (server/cluster).
   */
  onReconnect?: () => void;
}

/**
 * Shares socket.io rooms between server processes through Redis pub/sub, so a reply produced on
 * one node reaches a customer connected to another; `io.serverSideEmit` reaches the other nodes
 * through the same two clients. Returns a function that closes both clients.
 */
export async function connectRedisAdapter(
  io: Server,
  url: string,
  logger: Logger,
  options: RedisAdapterOptions = {},
): Promise<() => Promise<void>> {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  for (const client of [pub, sub]) client.on('error', (error) => logger.error({ err: error }, 'redis error'));
  await Promise.all([pub.connect(), sub.connect()]);
  // From here on every 'ready' is a reconnection (node-redis resubscribes by itself).
  sub.on('ready', () => {
    logger.info('redis reconnected');
    options.onReconnect?.();
  });
  io.adapter(createAdapter(handled(pub, logger), handled(sub, logger)));
  logger.info('socket.io Redis adapter connected');
  return async () => {
    await Promise.allSettled([pub, sub].map((client) => closeClient(client, CLOSE_TIMEOUT_MS)));
  };
}

/**
 * The adapter leaves the promises of its Redis calls (publish, unsubscribe…) unhandled; one that fails
 * (the client destroyed at shutdown while Redis is unreachable) would end the process. This view of
 * the client marks each such promise handled (logged at debug) and returns it unchanged.
 */
function handled<T extends object>(client: T, logger: Logger): T {
  return new Proxy(client, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = Reflect.apply(value, target, args);
        if (result instanceof Promise)
          result.catch((error: unknown) => logger.debug({ err: error }, 'a redis call failed'));
        return result;
      };
    },
  });
}

/** How long closing waits for Redis to take the pending commands before dropping them. */
const CLOSE_TIMEOUT_MS = 2_000;

/**
 * Closes gracefully (pending commands are sent first); while Redis is unreachable that would wait for
 * it forever, so after `timeoutMs` the client is destroyed instead and what was pending is dropped.
 */
async function closeClient(client: { close(): Promise<unknown>; destroy(): void }, timeoutMs: number) {
  let timer: NodeJS.Timeout | undefined;
  const closed = client.close().then(
    () => true,
    () => false,
  );
  const inTime = await Promise.race([
    closed,
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (!inTime) client.destroy();
}
