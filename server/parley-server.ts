/**
 * Assembles the running service from its parts: express app, http server, socket.io with its
 * namespaces, and an orderly shutdown. It takes every collaborator as a parameter, so tests build
 * the same server with a temporary store and a random port.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Router } from 'express';
import type { Logger } from 'pino';
import { Server as SocketServer } from 'socket.io';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { Store } from '../store/ports';
import {
  withGroupCommit,
  type BotFrameworkCredentials,
  type ChatTurnHandler,
  type ParleyBot,
  type ReplyEngine,
} from '../bot';
import { CustomerIdentity } from '../crm';
import { createApp } from './http/app';
import { botFrameworkRoute } from './http/bot-framework-route';
import { attachChatNamespace, deliverToRoom, handleChatConnections } from './chat/chat-namespace';
import { ChatService, toView } from './chat/chat-service';
import { VisitorTokens } from './chat/visitor-token';
import { helpRoutes } from './help';

export interface ParleyServerOptions {
  store: Store;
  /** The botbuilder support bot (bot/createSupportBot): answers the web chat and, with `botFramework`, /api/messages. */
  bot?: ParleyBot;
  /** A plain reply engine instead of `bot` (tests, the foundation's intent bot). One of the two is required. */
  engine?: ReplyEngine;
  /** Serves POST /api/messages with these credentials (empty app id and password: local testing). Needs `bot`. */
  botFramework?: BotFrameworkCredentials;
  /** Key the company's site signs customer ids with (HMAC-SHA256); without it no customer can be verified. */
  siteSecret?: string;
  logger: Logger;
  /** More express routers (widget, console, sign-in), mounted before the 404 handler. */
  routes?: Router[];
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
  /** The customer started or stopped typing (`chat:typing`); the handoff shows it to the agent. */
  onCustomerTyping?: (conversationId: string, active: boolean) => void;
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

  if (!options.bot && !options.engine) throw new Error('createParleyServer needs a bot or an engine');
  const routes = [
    ...(options.routes ?? []),
    helpRoutes({ articles: store.articles }),
    ...(options.bot && options.botFramework
      ? [
          botFrameworkRoute(options.bot.botFrameworkEndpoint(options.botFramework), {
            localOnly: options.botFramework.appId === '',
          }),
        ]
      : []),
  ];

  const app = createApp({
    logger,
    metrics,
    routes,
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
  const identity = options.siteSecret
    ? new CustomerIdentity({ siteSecret: options.siteSecret, customers: store.customers })
    : undefined;
  const chatNamespace = attachChatNamespace(io, { tokens, logger, identity });
  const deliver = deliverToRoom(chatNamespace);
  const engine: ReplyEngine | ChatTurnHandler = options.bot
    ? options.bot.chatChannel({ deliver: (message) => deliver(toView(message)) })
    : options.engine!;
  const chat = new ChatService({
    // Customer messages join the bot's replies and state in one commit per event-loop turn.
    store: withGroupCommit(store),
    engine,
    identity,
    logger,
    clock: options.clock,
    deliver,
    onCustomerTyping: options.onCustomerTyping,
  });
  handleChatConnections(chatNamespace, chat, logger, { trustProxy: options.trustProxy });

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
