/**
 * The admin side as `npm start` wires it: routes guarded by role, settings that take effect without
 * a restart, retraining that goes live in the running service, and the test console.
 */
import type { ChatMessageView } from '../protocol';
import { ask, next } from './helpers/handoff-harness';
import {
  DEMO_ADMIN as ADMIN,
  DEMO_AGENT as AGENT,
  startService,
  type StartedService,
} from './helpers/started-service';

jest.setTimeout(180_000);

describe('the admin side in the started service', () => {
  let service: StartedService;
  let url: string;
  beforeAll(async () => {
    // nlp.js alone keeps retraining quick; the embedding path has its own tests.
    service = await startService({ EMBEDDINGS: 'false' });
    url = service.url;
  });
  afterAll(async () => {
    await service?.close();
  });
  const signIn = async (email: string) => (await service.signIn(email)).call;
  const customer = () => service.customer();

  it('keeps agents and strangers out of the admin API, and serves its OpenAPI document', async () => {
    expect((await fetch(`${url}/api/admin/intents`)).status).toBe(401);
    const agent = await signIn(AGENT);
    expect((await agent('GET', '/api/admin/intents')).status).toBe(403);
    expect((await agent('POST', '/api/admin/training', {})).status).toBe(403);
    expect((await agent('GET', '/api/admin/analytics')).status).toBe(403);
    const docs = (await (await fetch(`${url}/api/docs`)).json()) as { openapi: string; paths: object };
    expect(docs.openapi).toMatch(/^3\.1/);
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining(['/api/admin/intents', '/api/admin/training', '/api/admin/test-console']),
    );
  });

  it('shows the settings the bot runs on before any save, so saving them as shown changes nothing a customer sees', async () => {
    const admin = await signIn(ADMIN);
    const shown = await admin<{ data: { version: number; greeting: string } & Record<string, unknown> }>(
      'GET',
      '/api/admin/settings',
    );
    expect(shown.body.data).toMatchObject({
      version: 0,
      greeting: expect.stringContaining('Fellwick & Tarn'),
      // The escalation policy's own defaults, every field (the page would otherwise save its guesses).
      escalation: {
        fallbackLimit: 3,
        sentimentThreshold: -0.65,
        sentimentMinTurns: 2,
        frustrationLimit: 2,
        handOverFallingMood: true,
      },
    });
    const greeting = async (id: string) => {
      const socket = await customer();
      const reply = next<ChatMessageView>(socket, 'chat:reply', (m) => m.sender === 'bot');
      await ask(socket, 'chat:message', { clientMessageId: id, text: 'hi' });
      const text = (await reply).text;
      socket.close();
      return text;
    };
    const before = await greeting('g1');
    expect(before).toBe(shown.body.data.greeting);

    const { updatedAt: _updatedAt, ...asShown } = shown.body.data;
    expect((await admin('PUT', '/api/admin/settings', asShown)).status).toBe(200);
    expect(await greeting('g2')).toBe(before);
  });

  it('applies saved settings at once: closed hours name the hours to a customer asking for a person; a global intent threshold holds back a guess', async () => {
    const admin = await signIn(ADMIN);
    const current = await admin<{ data: { version: number } & Record<string, unknown> }>(
      'GET',
      '/api/admin/settings',
    );
    expect(current.status).toBe(200);
    const { version, updatedAt: _updatedAt, ...settings } = current.body.data;
    const saved = await admin('PUT', '/api/admin/settings', {
      ...settings,
      version,
      businessHours: { timeZone: 'UTC', days: {} },
    });
    expect(saved.status).toBe(200);

    const socket = await customer();
    const offer = next<ChatMessageView>(socket, 'chat:reply', (m) => m.event?.name === 'handoff.status');
    await ask(socket, 'chat:message', { clientMessageId: 'h1', text: 'can I talk to a person please' });
    expect((await offer).event?.value).toMatchObject({ state: 'failed', reason: 'after_hours' });

    // A global intent threshold takes effect on the next message, and goes again when cleared.
    const probe = async () =>
      (
        await admin<{ intent: string; why: { threshold: number } }>('POST', '/api/admin/test-console', {
          text: 'could you tell me where my order is at the moment',
        })
      ).body;
    expect((await probe()).intent).toBe('order.status');
    const strict = await admin<{ data: { version: number } }>('PUT', '/api/admin/settings', {
      ...settings,
      version: version + 1,
      businessHours: { timeZone: 'UTC', days: {} },
      intentThreshold: 0.999,
      greeting: 'Welcome to the shop — ask me anything about your order.',
    });
    expect(strict.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const visitor = await customer();
    const hello = next<ChatMessageView>(visitor, 'chat:reply', (m) => m.sender === 'bot');
    await ask(visitor, 'chat:message', { clientMessageId: 'g1', text: 'hello' });
    expect((await hello).text).toBe('Welcome to the shop — ask me anything about your order.');
    expect(await probe()).toMatchObject({ intent: 'none', why: { threshold: 0.999 } });
    expect((await admin('PUT', '/api/admin/settings', { ...settings, version: version + 2 })).status).toBe(
      200,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await probe()).intent).toBe('order.status');
  });

  it('uses the admin’s entity lists and patterns from the next message on', async () => {
    const admin = await signIn(ADMIN);
    const current = await admin<{ data: { version: number } }>('GET', '/api/admin/entities');
    const saved = await admin('PUT', '/api/admin/entities', {
      version: current.body.data.version,
      lists: [{ name: 'colour', values: [{ value: 'navy', synonyms: ['dark blue'] }] }],
      patterns: [{ name: 'voucher', pattern: 'FT-\\d{4}', flags: 'i' }],
    });
    expect(saved.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const result = await admin<{ entities: { type: string; value: unknown }[] }>(
      'POST',
      '/api/admin/test-console',
      {
        text: 'is the dark blue shell back? I have voucher ft-2024',
      },
    );
    expect(result.body.entities).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'custom:colour', value: 'navy' }),
        expect.objectContaining({ type: 'custom:voucher', value: 'ft-2024' }),
      ]),
    );
  });

  it('keeps what the bot could not answer for review, and counts it in analytics', async () => {
    const admin = await signIn(ADMIN);
    // Without embeddings the calibrated threshold lets nlp.js guess; an admin's threshold stops that.
    const current = await admin<{ data: { version: number } & Record<string, unknown> }>(
      'GET',
      '/api/admin/settings',
    );
    const { version, updatedAt: _updatedAt, ...settings } = current.body.data;
    const put = (patch: object, v: number) =>
      admin('PUT', '/api/admin/settings', { ...settings, ...patch, version: v });
    expect((await put({ intentThreshold: 0.6 }, version)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));

    const socket = await customer();
    const puzzled = 'do you sell replacement quokka saddles';
    const reply = next<ChatMessageView>(socket, 'chat:reply', (m) => m.sender === 'bot');
    await ask(socket, 'chat:message', { clientMessageId: 'r1', text: puzzled });
    await reply;
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect((await put({}, version + 1)).status).toBe(200);
    const review = await admin<{
      data: { clusters: { examples: { text: string; source: string }[] }[] };
    }>('GET', '/api/admin/review/unanswered');
    expect(review.status).toBe(200);
    const examples = review.body.data.clusters.flatMap((c) => c.examples);
    expect(examples).toEqual(
      expect.arrayContaining([expect.objectContaining({ text: puzzled, source: 'fallback' })]),
    );
    const analytics = await admin<{ data: { summary: { fallbackRate: number } } }>(
      'GET',
      '/api/admin/analytics',
    );
    expect(analytics.status).toBe(200);
    expect(analytics.body.data.summary.fallbackRate).toBeGreaterThan(0);
  });

  it('retrains in the running service: a new phrasing is recognized once the model goes live, and rollback undoes it', async () => {
    const admin = await signIn(ADMIN);
    const phrasing = 'where did the zebra quokka flumph go';
    const probe = async () =>
      (await admin<{ intent: string }>('POST', '/api/admin/test-console', { text: phrasing })).body.intent;
    const before = await probe();

    const intents = await admin<{
      data: { id: string; name: string; version: number; utterances: string[] }[];
    }>('GET', '/api/admin/intents');
    const target = intents.body.data.find((i) => i.name === 'order.status')!;
    expect(before).not.toBe('order.status');
    const extra = [phrasing, 'zebra quokka flumph status', 'has my zebra quokka flumph left yet'];
    const updated = await admin('PUT', `/api/admin/intents/${target.id}`, {
      version: target.version,
      utterances: [...target.utterances, ...extra],
    });
    expect(updated.status).toBe(200);

    const models = await admin<{ id: string; live: boolean }[]>('GET', '/api/admin/models');
    const previous = models.body.find((m) => m.live)!;
    const job = await admin<{ jobId: string }>('POST', '/api/admin/training', {});
    expect(job.status).toBe(202);
    let status = '';
    for (let i = 0; i < 120 && !['ready', 'refused', 'failed'].includes(status); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = (await admin<{ status: string }>('GET', `/api/admin/training/${job.body.jobId}`)).body.status;
    }
    expect(status).toBe('ready');
    expect((await admin('POST', `/api/admin/training/${job.body.jobId}/deploy`, {})).status).toBe(200);
    expect(await probe()).toBe('order.status');

    // The chat answers that phrasing as an order question now.
    const socket = await customer();
    const reply = next<ChatMessageView>(socket, 'chat:reply', (m) => m.sender === 'bot');
    await ask(socket, 'chat:message', { clientMessageId: 'p1', text: phrasing });
    expect((await reply).text).toMatch(/order number/i);

    expect((await admin('POST', `/api/admin/models/${previous.id}/activate`, {})).status).toBe(200);
    expect(await probe()).toBe(before);
  });
});
