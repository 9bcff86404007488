/**
 * The admin API on a real SQLite file and a random port: the express app (createApp) with sign-in
 * (authRoutes) and adminRoutes in front, one admin and one agent signed up with argon2. Plus a small
 * HTTP client that signs in and sends the session cookie and CSRF token.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash as argon2Hash } from 'argon2';
import type { Router } from 'express';
import pino from 'pino';
import { Registry } from 'prom-client';
import { adminRoutes, type AdminRoutesOptions } from '../../server/admin';
import { SessionManager, authRoutes } from '../../server/auth';
import { createApp } from '../../server/http/app';
import { openSqliteStore, type Store, type User } from '../../store';

export const ADMIN_EMAIL = 'ada.admin@example.com';
export const AGENT_EMAIL = 'sam.agent@example.com';
export const PASSWORD = 'correct horse battery';

export interface Caller {
  cookie: string;
  csrfToken: string;
}

export interface RequestOptions {
  as?: Caller | null;
  body?: unknown;
  /** Raw text body (with contentType). */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Send the caller's CSRF token (default true). */
  csrf?: boolean;
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  json: T;
  text: string;
}

export interface AdminApiHarness {
  url: string;
  store: Store;
  admin: User;
  agent: User;
  calls: { intents: number; articles: [string, boolean][]; settings: string[] };
  signIn(email: string, password?: string): Promise<Caller>;
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** The routers mounted (for listing their routes). */
  routers: Router[];
  close(): Promise<void>;
}

export async function startAdminApi(extra: Partial<AdminRoutesOptions> = {}): Promise<AdminApiHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-admin-api-'));
  const store = await openSqliteStore({ file: join(dir, 'parley.sqlite') });
  const passwordHash = await argon2Hash(PASSWORD);
  const admin = await store.users.create({
    email: ADMIN_EMAIL,
    name: 'Ada Admin',
    role: 'admin',
    passwordHash,
    skills: [],
    capacity: 1,
  });
  const agent = await store.users.create({
    email: AGENT_EMAIL,
    name: 'Sam Agent',
    role: 'agent',
    passwordHash,
    skills: ['orders'],
    capacity: 3,
  });
  const logger = pino({ level: 'silent' });
  const sessions = new SessionManager({ store });
  const calls: AdminApiHarness['calls'] = { intents: 0, articles: [], settings: [] };
  const routers = [
    authRoutes({ sessions, users: store.users, signInLimit: { windowMs: 60_000, limit: 1000 } }),
    adminRoutes({
      store,
      sessions,
      logger,
      onIntentsChanged: () => void calls.intents++,
      onArticleChanged: (id, deleted) => void calls.articles.push([id, deleted]),
      onSettingsChanged: (key) => void calls.settings.push(key),
      ...extra,
    }),
  ];
  const app = createApp({
    logger,
    readiness: { pingStore: () => store.ping(), modelReady: () => true, shuttingDown: () => false },
    metrics: new Registry(),
    bodyLimit: '100kb',
    routes: routers,
  });
  const http: Server = createServer(app);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  const request = async <T>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) {
      headers.cookie = options.as.cookie;
      if (options.csrf !== false) headers['x-csrf-token'] = options.as.csrfToken;
    }
    let body: string | undefined;
    if (options.text !== undefined) {
      body = options.text;
      headers['content-type'] = options.contentType ?? 'text/plain';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = options.contentType ?? 'application/json';
    }
    const response = await fetch(`${url}${path}`, { method, headers, body });
    const text = await response.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json: json as T, text };
  };

  const signIn = async (email: string, password = PASSWORD): Promise<Caller> => {
    const response = await fetch(`${url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (response.status !== 200) throw new Error(`sign-in as ${email} failed: ${response.status}`);
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
    const { data } = (await response.json()) as { data: { csrfToken: string } };
    return { cookie, csrfToken: data.csrfToken };
  };

  return {
    url,
    store,
    admin,
    agent,
    calls,
    signIn,
    request,
    routers,
    async close() {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every [METHOD, path] an express router (and the routers inside it) defines. */
export function routesOf(router: Router): [string, string][] {
  interface Layer {
    route?: { path: string | string[]; methods: Record<string, boolean> };
    handle?: { stack?: Layer[] };
  }
  const found: [string, string][] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const method of Object.keys(layer.route.methods))
          for (const path of paths) found.push([method.toUpperCase(), path]);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((router as unknown as { stack: Layer[] }).stack);
  return found;
}
