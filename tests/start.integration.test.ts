/**
 * What a new user gets from `npm start`: the service on embedded defaults (SQLite file, demo data
 * seeded into it, the intent model trained on the demo intents) answering "where is my order?".
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { io as connect } from 'socket.io-client';
import type { RunningParley } from '../server/start';
import type { ChatMessageView } from '../protocol';
import { DEMO_ADMIN, startService, type StartedService } from './helpers/started-service';

jest.setTimeout(120_000);

/**
 * Calls `probe` until it gives `expected` or `timeoutMs` have passed, and returns what it gave last:
 * for changes the service applies in the background (saved settings), without a fixed sleep.
 */
async function eventually<T>(probe: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value === expected || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('startParley on embedded defaults', () => {
  let service: StartedService;
  let dataDir: string;
  let parley: RunningParley;

  beforeAll(async () => {
    service = await startService();
    ({ dataDir, parley } = service);
  });
  afterAll(async () => {
    await service?.close();
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
    ['what is the capital of Peru', /outside what I can help with/i],
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
    const url = service.url;
    const { call } = await service.signIn(DEMO_ADMIN);
    const settings = await call<{ data: { version: number; updatedAt?: string } & Record<string, unknown> }>(
      'GET',
      '/api/admin/settings',
    );
    const { version, updatedAt: _updatedAt, ...current } = settings.body.data;
    const save = (patch: object, v: number) =>
      call('PUT', '/api/admin/settings', { ...current, ...patch, version: v });
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
    // The saved settings are applied in the background: asked again until they show, for 10 s at most.
    expect((await save({ knowledgeThreshold: 0.999 }, version)).status).toBe(200);
    expect(await eventually(() => fromKnowledgeBase(question), false)).toBe(false);
    expect((await save({}, version + 1)).status).toBe(200);
    expect(await eventually(() => fromKnowledgeBase(question), true)).toBe(true);
  });
});
