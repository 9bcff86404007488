/**
 * What a new user gets from `npm start`: the service on embedded defaults (SQLite file, demo data
 * seeded into it, the intent model trained on the demo intents) answering "where is my order?".
 */
import { mkdtempSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { io as connect } from 'socket.io-client';
import { loadConfig } from '../server/config';
import { startParley, type RunningParley } from '../server/start';
import type { ChatMessageView } from '../protocol';
import { DEMO_PASSWORD } from '../server/seed';

jest.setTimeout(120_000);

describe('startParley on embedded defaults', () => {
  let dataDir: string;
  let parley: RunningParley;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-start-'));
    const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    parley = await startParley(config, pino({ level: 'silent' }));
    await parley.ready;
  });
  afterAll(async () => {
    await parley?.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds the demo shop into a new SQLite file and saves the trained model', async () => {
    expect(existsSync(join(dataDir, 'parley.sqlite'))).toBe(true);
    expect(readdirSync(join(dataDir, 'models')).some((f) => /^intents-.*\.json$/.test(f))).toBe(true);
    const ready = await fetch(`http://127.0.0.1:${parley.port}/readyz`);
    expect(ready.status).toBe(200);
  });

  it.each([
    ['where is my order?', /order number/i],
    ['hi there', /help|what can I do/i],
    ['how much does shipping to the UK cost?', /€7\.95/],
    ['what is the capital of Peru', /put it another way|one of these/i],
  ])('answers "%s" sensibly', async (text, expected) => {
    const socket = connect(`http://127.0.0.1:${parley.port}/chat`, {
      transports: ['websocket'],
      reconnection: false,
    });
    try {
      const reply = new Promise<ChatMessageView>((resolve) => socket.once('chat:reply', resolve));
      socket.emit('chat:message', { clientMessageId: 'q1', text }, () => undefined);
      expect((await reply).text).toMatch(expected);
    } finally {
      socket.disconnect();
    }
  });

  it('holds back a knowledge-base answer below the confidence an admin set, and answers again when cleared', async () => {
    const url = `http://127.0.0.1:${parley.port}`;
    const signIn = await fetch(`${url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: url },
      body: JSON.stringify({ email: 'admin@fellwicktarn.example', password: DEMO_PASSWORD }),
    });
    const { data } = (await signIn.json()) as { data: { csrfToken: string } };
    const headers = {
      cookie: (signIn.headers.get('set-cookie') ?? '').split(';')[0],
      Origin: url,
      'x-csrf-token': data.csrfToken,
      'Content-Type': 'application/json',
    };
    const settings = (await (await fetch(`${url}/api/admin/settings`, { headers })).json()) as {
      data: { version: number; updatedAt?: string } & Record<string, unknown>;
    };
    const { version, updatedAt: _updatedAt, ...current } = settings.data;
    const save = (patch: object, v: number) =>
      fetch(`${url}/api/admin/settings`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ ...current, ...patch, version: v }),
      });
    // A knowledge-base answer carries its source card and asks "did this help?".
    const fromKnowledgeBase = async (text: string): Promise<boolean> => {
      const socket = connect(`${url}/chat`, { transports: ['websocket'], reconnection: false });
      try {
        const reply = new Promise<ChatMessageView>((resolve) => socket.once('chat:reply', resolve));
        socket.emit('chat:message', { clientMessageId: 'k1', text }, () => undefined);
        const view = await reply;
        return view.attachments.length > 0 && (view.quickReplies ?? []).some((q) => /helped/i.test(q.title));
      } finally {
        socket.disconnect();
      }
    };
    const question = 'how much does shipping to the UK cost?';
    expect((await save({ knowledgeThreshold: 0.999 }, version)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await fromKnowledgeBase(question)).toBe(false);
    expect((await save({}, version + 1)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await fromKnowledgeBase(question)).toBe(true);
  });
});
