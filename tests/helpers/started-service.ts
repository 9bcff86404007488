/**
 * The service as `npm start` builds it (startParley on a temp data dir, demo data, a random port), with
 * the clients its tests need: customers on /chat, console users signed in over HTTP (cookie + CSRF
 * token), agents on /agents.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { loadConfig } from '../../server/config';
import { DEMO_PASSWORD } from '../../server/seed';
import { startParley, type RunningParley } from '../../server/start';

export const DEMO_ADMIN = 'admin@fellwicktarn.example';
export const DEMO_AGENT = 'sam.ortega@fellwicktarn.example';

/** A signed-in console user's HTTP calls: JSON in and out, with the session cookie and CSRF token. */
export type ConsoleCall = <T>(
  method: string,
  path: string,
  json?: unknown,
) => Promise<{ status: number; body: T }>;

export interface StartedService {
  readonly parley: RunningParley;
  readonly url: string;
  readonly dataDir: string;
  /** A customer's /chat socket, connected. */
  customer(): Promise<Socket>;
  /** Signs in over HTTP (demo password). */
  signIn(email: string): Promise<{ call: ConsoleCall; cookie: string }>;
  /** Signs in and connects to /agents; resolves after `agent:hello`. */
  agent(email?: string): Promise<Socket>;
  close(): Promise<void>;
}

/** The clients of one running service: customers on /chat, console users over HTTP, agents on /agents. */
export interface ServiceClients {
  customer(): Promise<Socket>;
  signIn(email: string): Promise<{ call: ConsoleCall; cookie: string }>;
  /** Signs in and connects to /agents; resolves after `agent:hello`. */
  agent(email?: string): Promise<Socket>;
  /** Disconnects every socket these clients opened. */
  disconnect(): void;
}

/** Clients of the service at `url` (`name` tells nodes apart in errors). */
export function serviceClients(url: string, name?: string): ServiceClients {
  const sockets: Socket[] = [];

  // Each socket gets a connection of its own: a multiplexed one would reuse another's handshake.
  const open = async (path: string, options: { extraHeaders?: Record<string, string> }, ready: string) => {
    const socket = connect(`${url}${path}`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...options,
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once(ready, () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  };

  const signIn = async (email: string) => {
    const response = await fetch(`${url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: url },
      body: JSON.stringify({ email, password: DEMO_PASSWORD }),
    });
    if (response.status !== 200)
      throw new Error(`sign-in as ${email}${name ? ` on ${name}` : ''} failed: ${response.status}`);
    const { data } = (await response.json()) as { data: { csrfToken: string } };
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
    const call: ConsoleCall = async (method, path, json) => {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: {
          cookie,
          Origin: url,
          'x-csrf-token': data.csrfToken,
          ...(json !== undefined && { 'Content-Type': 'application/json' }),
        },
        body: json === undefined ? undefined : JSON.stringify(json),
      });
      // A 204 (or any empty answer) has no JSON to read.
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    return { call, cookie };
  };

  return {
    customer: () => open('/chat', {}, 'connect'),
    signIn,
    async agent(email = DEMO_AGENT) {
      const { cookie } = await signIn(email);
      return open('/agents', { extraHeaders: { cookie, origin: url } }, 'agent:hello');
    },
    disconnect() {
      for (const socket of sockets) socket.disconnect();
    },
  };
}

export async function startService(env: Record<string, string> = {}): Promise<StartedService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-started-'));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ...env });
  const parley = await startParley(config, pino({ level: 'silent' }));
  await parley.ready;
  const url = `http://127.0.0.1:${parley.port}`;
  const clients = serviceClients(url);
  return {
    parley,
    url,
    dataDir,
    customer: clients.customer,
    signIn: clients.signIn,
    agent: clients.agent,
    async close() {
      clients.disconnect();
      await parley.shutdown();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
