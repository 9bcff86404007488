/**
 * Several Parley nodes as `npm start` builds them with REDIS_URL set: a real `redis-server` (Debian's,
 * on a random free port, nothing saved), and `startParley` run once per node in this process on one
 * data directory (one SQLite file, one models folder, one pair of generated secrets), each on a random
 * port. Plus the clients the tests need per node: customers on /chat, console users signed in over
 * HTTP (cookie + CSRF token), agents on /agents.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Socket } from 'socket.io-client';
import { loadConfig } from '../../server/config';
import { startParley, type RunningParley } from '../../server/start';
import { serviceClients, type ConsoleCall } from './started-service';

export const REDIS_SERVER = '/usr/bin/redis-server';

export interface RedisServer {
  url: string;
  port: number;
  /**
   * Stops the server, runs `whileDown`, and starts a new one (empty) on the same port: the nodes'
   * clients reconnect by themselves, and whatever was published meanwhile is lost.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  /** Stops the server (SIGTERM, then waits for it to exit). */
  stop(): Promise<void>;
}

/** A port nobody listens on right now (the kernel's pick, released again). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts Debian's redis-server on a random free port, in memory only; resolves once it accepts connections. */
export async function startRedis(): Promise<RedisServer> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    let child: ChildProcess;
    try {
      child = await spawnRedis(port);
    } catch (error) {
      if (attempt < 3) continue; // the port was taken in between: try another
      throw error;
    }
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      async restart(whileDown) {
        await stopChild(child);
        try {
          await whileDown?.();
        } finally {
          child = await spawnRedis(port);
        }
      },
      stop: () => stopChild(child),
    };
  }
}

async function spawnRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await readyOrExit(child);
  return child;
}

function readyOrExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`redis-server did not start:\n${output}`)), 10_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`redis-server exited (${code}):\n${output}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.removeAllListeners('error');
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        child.stderr!.resume();
        resolve();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface ServiceNode {
  readonly name: string;
  readonly parley: RunningParley;
  readonly url: string;
  /** A customer's /chat socket, connected. */
  customer(): Promise<Socket>;
  /** Signs in over HTTP (demo password). */
  signIn(email: string): Promise<{ call: ConsoleCall; cookie: string }>;
  /** Signs in and connects to /agents; resolves after `agent:hello`. */
  agent(email: string): Promise<Socket>;
  /** Disconnects this node's clients and shuts the node down (idempotent). */
  close(): Promise<void>;
}

export interface Cluster {
  redis: RedisServer;
  dataDir: string;
  nodes: ServiceNode[];
  close(): Promise<void>;
}

/**
 * Starts `count` nodes one after the other (the first seeds the store and trains the first model;
 * the others find them), all with REDIS_URL pointing at a fresh redis-server.
 */
export async function startCluster(
  options: {
    count?: number;
    env?: Record<string, string>;
    /** How often each node compares its copies with the store (see server/cluster). */
    syncIntervalMs?: number;
    /** The nodes' log level (default: MULTI_NODE_LOG from the environment, else silent). */
    logLevel?: pino.Level | 'silent';
  } = {},
): Promise<Cluster> {
  const redis = await startRedis();
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-cluster-'));
  const nodes: ServiceNode[] = [];
  const close = async () => {
    for (const node of nodes) await node.close().catch(() => undefined);
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < (options.count ?? 2); i++) {
      const name = String.fromCharCode(65 + i); // A, B, …
      const config = loadConfig({
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        REDIS_URL: redis.url,
        ...options.env,
      });
      const logger = pino({
        level: options.logLevel ?? (process.env.MULTI_NODE_LOG as pino.Level | undefined) ?? 'silent',
      }).child({ node: name });
      const parley = await startParley(config, logger, {
        cluster: { syncIntervalMs: options.syncIntervalMs },
      });
      await parley.ready;
      nodes.push(serviceNode(name, parley));
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { redis, dataDir, nodes, close };
}

function serviceNode(name: string, parley: RunningParley): ServiceNode {
  const url = `http://127.0.0.1:${parley.port}`;
  const clients = serviceClients(url, name);
  let closing: Promise<void> | undefined;
  return {
    name,
    parley,
    url,
    customer: clients.customer,
    signIn: clients.signIn,
    agent: clients.agent,
    close: () =>
      (closing ??= (async () => {
        clients.disconnect();
        await parley.shutdown();
      })()),
  };
}
