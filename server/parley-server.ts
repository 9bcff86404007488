/**
 * Assembles the running service from its parts: express app, http server, socket.io with its
 * namespaces, and an orderly shutdown. It takes every collaborator as a parameter, so tests build
 * the same server with a temporary store and a random port.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Server as SocketServer } from 'socket.io';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { Store } from '../store/ports';
import type { ReplyEngine } from '../bot';
import { createApp } from './http/app';
import { attachChatNamespace, deliverToRoom, handleChatConnections } from './chat/chat-namespace';
import { ChatService } from './chat/chat-service';
import { VisitorTokens } from './chat/visitor-token';

export interface ParleyServerOptions {
  store: Store;
  engine: ReplyEngine;
  logger: Logger;
  secret: string;
  bodyLimit?: string;
  trustProxy?: boolean;
  shutdownTimeoutMs?: number;
  /** Reports whether the language model is loaded (for /readyz). */
  modelReady?: () => boolean;
  clock?: () => Date;
  /** Lets several processes share rooms (socket.io Redis adapter); set up by the caller. */
  configureSocketServer?: (io: SocketServer) => Promise<void> | void;
  /** Called last during shutdown, after sockets closed (e.g. Redis clients). */
  onClose?: () => Promise<void>;
}

export interface ParleyServer {
  http: HttpServer;
  io: SocketServer;
  chat: ChatService;
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Stops accepting, lets in-flight turns finish (bounded), closes sockets and the store. */
  shutdown(): Promise<void>;
}

export async function createParleyServer(options: ParleyServerOptions): Promise<ParleyServer> {
  const { store, logger } = options;
  let shuttingDown = false;

  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });

  const app = createApp({
    logger,
    metrics,
    bodyLimit: options.bodyLimit ?? '100kb',
    trustProxy: options.trustProxy,
    readiness: {
      pingStore: () => store.ping(),
      modelReady: options.modelReady ?? (() => true),
      shuttingDown: () => shuttingDown,
    },
  });
  const http = createServer(app);
  const io = new SocketServer(http, { serveClient: true, maxHttpBufferSize: 64 * 1024 });
  await options.configureSocketServer?.(io);

  const tokens = new VisitorTokens(options.secret);
  const chatNamespace = attachChatNamespace(io, { tokens, logger });
  const chat = new ChatService({
    store,
    engine: options.engine,
    logger,
    clock: options.clock,
    deliver: deliverToRoom(chatNamespace),
  });
  handleChatConnections(chatNamespace, chat, logger);

  let closing: Promise<void> | undefined;
  const shutdown = (): Promise<void> =>
    (closing ??= (async () => {
      shuttingDown = true;
      chat.stopAccepting();
      // Stop taking new connections; existing sockets stay until their turns are answered.
      http.close();
      const drained = await chat.turns.drain(options.shutdownTimeoutMs ?? 10_000);
      if (!drained) logger.warn({ pending: chat.turns.size }, 'shutdown timed out with turns in flight');
      await new Promise<void>((resolve) => io.close(() => resolve()));
      http.closeAllConnections?.();
      await options.onClose?.();
      await store.close();
      logger.info('shutdown complete');
    })());

  return {
    http,
    io,
    chat,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          http.off('error', reject);
          resolve(http.address() as AddressInfo);
        });
      }),
    shutdown,
  };
}
