/**
 * The service with human handoff, as server/start.ts wires it, on a real SQLite file and a
 * random port: the botbuilder support bot over the demo shop (nlp.js intents) with the handoff
 * escalator and middleware, the handoff service, console sign-in (argon2) and the /console page in
 * front of the app, and the authenticated /agents namespace. Plus clients: customers on /chat, agents
 * signed in over HTTP and connected to /agents with their session cookie.
 *
 * The handoff itself is server/compose/handoff.ts, the same composition the service runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash as argon2Hash } from 'argon2';
import type { Router } from 'express';
import pino, { type Logger } from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import {
  AGENTS_NAMESPACE,
  type AckView,
  type AgentClientToServerEvents,
  type AgentServerToClientEvents,
} from '../../console/protocol';
import type { HandoffService } from '../../handoff';
import type { ChatClientToServerEvents, ChatServerToClientEvents } from '../../protocol';
import { consoleRoutes, type AgentsNamespaceHandle, type SuggestionSource } from '../../server/agents';
import { SessionManager, authRoutes } from '../../server/auth';
import { composeHandoff, type ConversationDataReader } from '../../server/compose/handoff';
import { createParleyServer, type ParleyServer } from '../../server/parley-server';
import { DEMO_PASSWORD, DEMO_REFERENCE_DATE, seedDemoData } from '../../server/seed';
import { openSqliteStore, type Store } from '../../store';
import { demoSupportBot } from './demo-bot';

export type CustomerClient = Socket<ChatServerToClientEvents, ChatClientToServerEvents>;
export type AgentClient = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

export interface HandoffHarnessOptions {
  /** Auto-assign to the least busy agent (default false here: agents claim, as the tests want to). */
  autoAssign?: boolean;
  /** SQLite file; default a new temp dir (two harnesses on one file = two server processes). */
  file?: string;
  suggestions?: SuggestionSource;
  logger?: Logger;
  /** The bot's "now" (the demo data is relative to it). Default: the demo reference date. */
  now?: Date;
  /** More routes in front of the app (e.g. a test page). */
  routes?: Router[];
}

export interface HandoffHarness {
  url: string;
  store: Store;
  server: ParleyServer;
  handoff: HandoffService;
  agents: AgentsNamespaceHandle;
  sessions: SessionManager;
  file: string;
  customer(): Promise<CustomerClient>;
  /** Signs in (argon2, cookie) and connects to /agents; resolves after `agent:hello`. */
  agent(
    email: string,
    password?: string,
  ): Promise<{ socket: AgentClient; cookie: string; csrfToken: string }>;
  close(): Promise<void>;
}

const hashes = new Map<string, Promise<string>>();
/** argon2 is slow on purpose; the demo users share one password, so hash it once per process. */
const hashOnce = (plain: string) => {
  let h = hashes.get(plain);
  if (!h) hashes.set(plain, (h = argon2Hash(plain)));
  return h;
};

export async function startHandoffHarness(options: HandoffHarnessOptions = {}): Promise<HandoffHarness> {
  const dir = options.file ? undefined : mkdtempSync(join(tmpdir(), 'parley-handoff-'));
  const file = options.file ?? join(dir!, 'parley.sqlite');
  const logger = options.logger ?? pino({ level: 'silent' });
  const now = options.now ?? DEMO_REFERENCE_DATE;
  const store = await openSqliteStore({ file });
  if ((await store.users.count()) === 0) await seedDemoData(store, { now, hashPassword: hashOnce });

  // The handoff exactly as server/start.ts composes it, around the demo bot.
  const handoff = composeHandoff({ store, logger, autoAssign: options.autoAssign ?? false });
  const conversationData: ConversationDataReader = {
    get: (context, defaults) => bot.services.conversationData.get(context, defaults),
  };
  const bot = await demoSupportBot(handoff.store, {
    now,
    escalator: handoff.escalator,
    handoff: handoff.gate(),
    middleware: [handoff.policy(conversationData)],
  });
  const sessions = new SessionManager({ store });
  const server = await createParleyServer({
    store: handoff.store,
    bot,
    logger,
    secret: 'test-secret-test-secret-test-secret-0123',
    shutdownTimeoutMs: 5000,
    routes: [
      authRoutes({ sessions, users: store.users, onSignOut: (id) => handoff.endSession(id) }),
      consoleRoutes(),
      ...(options.routes ?? []),
    ],
    onCustomerTyping: (conversationId, active) => handoff.service.customerTyping(conversationId, active),
  });
  await handoff.attach(server.io, { sessions, suggestions: options.suggestions });
  const { port } = await server.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const sockets: Socket[] = [];

  return {
    url,
    store,
    server,
    handoff: handoff.service,
    agents: handoff.agents!,
    sessions,
    file,
    async customer() {
      const socket: CustomerClient = connect(`${url}/chat`, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    },
    async agent(email, password = DEMO_PASSWORD) {
      const response = await fetch(`${url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      const body = (await response.json()) as { data?: { csrfToken: string }; error?: { message: string } };
      if (!response.ok || !body.data)
        throw new Error(`sign-in failed: ${body.error?.message ?? response.status}`);
      const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
      const socket: AgentClient = connect(`${url}${AGENTS_NAMESPACE}`, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        extraHeaders: { cookie },
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('agent:hello', () => resolve());
        socket.once('connect_error', reject);
      });
      return { socket, cookie, csrfToken: body.data.csrfToken };
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      handoff.stop();
      await server.shutdown();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Emits with an acknowledgement; resolves with `data`, rejects with the error body (5 s timeout). */
export async function ask<T = unknown>(
  socket: Socket | AgentClient | CustomerClient,
  event: string,
  payload: unknown,
): Promise<T> {
  const response = await (
    socket as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<AckView<T>> } }
  )
    .timeout(5000)
    .emitWithAck(event, payload);
  if (response.error) throw Object.assign(new Error(response.error.message), { code: response.error.code });
  return response.data as T;
}

/** The next `event` on `socket` whose payload passes `match` (fails after `timeoutMs`). */
export function next<T>(
  socket: Socket | AgentClient | CustomerClient,
  event: string,
  match: (payload: T) => boolean = () => true,
  timeoutMs = 8000,
): Promise<T> {
  const s = socket as unknown as Socket;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      s.off(event, on);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const on = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      s.off(event, on);
      resolve(payload);
    };
    s.on(event, on);
  });
}

/** Collects every `event` payload from now on. */
export function collect<T>(socket: Socket | AgentClient | CustomerClient, event: string): T[] {
  const seen: T[] = [];
  (socket as unknown as Socket).on(event, (payload: T) => seen.push(payload));
  return seen;
}
