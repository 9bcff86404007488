/**
 * A real Parley server for integration tests: real SQLite file in a temp dir, real socket.io on a
 * random port. Only the bot's brain is chosen by the test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { openSqliteStore } from '../../store';
import type { Store } from '../../store/ports';
import type { ReplyEngine } from '../../bot';
import { createParleyServer, type ParleyServer, type ParleyServerOptions } from '../../server/parley-server';
import type { ChatClientToServerEvents, ChatServerToClientEvents } from '../../protocol';

export type ChatClient = Socket<ChatServerToClientEvents, ChatClientToServerEvents>;

export interface TestServer {
  server: ParleyServer;
  store: Store;
  url: string;
  dataDir: string;
  dbFile: string;
  /**
   * Opens a /chat client; pass a visitor token to come back as the same visitor, and `auth` for more
   * handshake fields (e.g. a signed customer id).
   */
  client(
    visitorToken?: string,
    auth?: Record<string, string>,
  ): Promise<{ socket: ChatClient; visitorToken: string }>;
  close(): Promise<void>;
}

/** Builds server options that need the test's store (e.g. a SupportBot over it, after seeding). */
export type TestServerSetup = (
  store: Store,
) => Promise<Partial<ParleyServerOptions>> | Partial<ParleyServerOptions>;

export async function startTestServer(
  engine: ReplyEngine | TestServerSetup,
  overrides: Partial<ParleyServerOptions> = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  const dbFile = join(dataDir, 'parley.sqlite');
  const store = await openSqliteStore({ file: dbFile });
  const fromSetup = typeof engine === 'function' ? await engine(store) : { engine };
  const server = await createParleyServer({
    store,
    logger: pino({ level: 'silent' }),
    secret: 'test-secret-test-secret-test-secret-0123',
    shutdownTimeoutMs: 5000,
    ...fromSetup,
    ...overrides,
  });
  const { port } = await server.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const sockets: ChatClient[] = [];

  return {
    server,
    store,
    url,
    dataDir,
    dbFile,
    async client(visitorToken?: string, auth: Record<string, string> = {}) {
      const socket: ChatClient = connect(`${url}/chat`, {
        auth: visitorToken ? { ...auth, visitorToken } : auth,
        transports: ['websocket'],
        reconnection: false,
      });
      sockets.push(socket);
      let token = visitorToken;
      const session = new Promise<void>((resolve) => {
        if (visitorToken) resolve();
        socket.once('chat:session', (s) => {
          token = s.visitorToken;
          resolve();
        });
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      await session;
      return { socket, visitorToken: token! };
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      await server.shutdown();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Emits with an acknowledgement and resolves with the response (fails the test after 5 s). */
export function request<T = unknown>(socket: ChatClient, event: string, payload: unknown): Promise<T> {
  return (socket as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<T> } })
    .timeout(5000)
    .emitWithAck(event, payload);
}

/** Resolves with the next `count` chat:reply events. */
export function nextReplies(socket: ChatClient, count: number, timeoutMs = 5000): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const received: unknown[] = [];
    const timer = setTimeout(() => {
      socket.off('chat:reply', onReply);
      reject(new Error(`expected ${count} replies, got ${received.length}`));
    }, timeoutMs);
    const onReply = (message: unknown) => {
      received.push(message);
      if (received.length === count) {
        clearTimeout(timer);
        socket.off('chat:reply', onReply);
        resolve(received);
      }
    };
    socket.on('chat:reply', onReply);
  });
}
