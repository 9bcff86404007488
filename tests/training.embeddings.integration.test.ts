/**
 * The production configuration of training: the MiniLM sentence embedder loaded on the main thread
 * (vectors precomputed there, the worker trains on them), the knowledge base indexed with the same
 * embedder for the test console's passages. Real SQLite, real HTTP.
 */
import { hash as argon2Hash } from 'argon2';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createSupportBot } from '../bot';
import { knowledgeAnswers } from '../dialogs';
import { createKnowledgeBase, type KnowledgeBase } from '../knowledge-base';
import { SessionManager, authRoutes } from '../server/auth';
import { loadLanguageModel, type LanguageModel } from '../server/language-model';
import { createParleyServer, type ParleyServer } from '../server/parley-server';
import { DEMO_PASSWORD, DEMO_SHOP, demoCatalogue, demoUsers, seedDemoData } from '../server/seed';
import {
  createReplyPreview,
  trainingModelOf,
  trainingRoutes,
  type TestConsoleResult,
  type TrainingJob,
} from '../server/training';
import { openSqliteStore } from '../store';
import type { Store } from '../store/ports';
import { DEMO_RETURN_POLICY } from './helpers/demo-bot';

jest.setTimeout(180_000);

const logger = pino({ level: 'silent' });
let dataDir: string;
let store: Store;
let model: LanguageModel;
let knowledgeBase: KnowledgeBase;
let server: ParleyServer;
let url: string;
let headers: Record<string, string>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of many shapes, read field by field
async function post(path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-training-emb-'));
  store = await openSqliteStore({ file: join(dataDir, 'parley.sqlite') });
  await seedDemoData(store, { now: new Date(), hashPassword: (plain) => argon2Hash(plain) });
  model = await loadLanguageModel({ store, dataDir, modelsDir: join(__dirname, '..', 'models'), logger });
  knowledgeBase = createKnowledgeBase({ store, embedder: model.embedder! });
  await knowledgeBase.build();
  const intents = await store.intents.list();
  const bot = createSupportBot({
    store,
    analyzer: { analyze: (text, context) => model.analyzer.analyze(text, context) },
    knowledge: knowledgeAnswers(knowledgeBase),
    policy: DEMO_RETURN_POLICY,
    catalogue: demoCatalogue,
    shopName: DEMO_SHOP.name,
    intentResponses: new Map(intents.map((i) => [i.name, i.responses])),
    alwaysHumanIntents: new Set(intents.filter((i) => i.settings.alwaysHuman).map((i) => i.name)),
    logger,
  });
  const sessions = new SessionManager({ store });
  server = await createParleyServer({
    store,
    logger,
    bot,
    secret: 'test-secret-test-secret-test-secret-0123',
    shutdownTimeoutMs: 5000,
    routes: [
      authRoutes({ sessions, users: store.users }),
      trainingRoutes({
        sessions,
        store,
        model: Promise.resolve(trainingModelOf(model, { store, logger })),
        preview: createReplyPreview({ services: bot.services }),
        knowledge: knowledgeBase,
      }),
    ],
  });
  const { port } = await server.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${port}`;
  const signIn = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({
      email: demoUsers.find((u) => u.role === 'admin')!.email,
      password: DEMO_PASSWORD,
    }),
  });
  const { data } = (await signIn.json()) as { data: { csrfToken: string } };
  headers = {
    'content-type': 'application/json',
    origin: url,
    cookie: signIn.headers.get('set-cookie')!.split(';')[0],
    'x-csrf-token': data.csrfToken,
  };
});

afterAll(async () => {
  await server?.shutdown();
  await store?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('the test console shows knowledge passages; a retrain with embeddings deploys and resolves the new phrasing', async () => {
  const shippingQuestion = (
    await post('/api/admin/test-console', { text: 'how much does shipping to the UK cost?' })
  ).body as TestConsoleResult;
  expect(shippingQuestion.model.usesEmbeddings).toBe(true);
  expect(shippingQuestion.intent).toBe('shipping.costs');
  expect(shippingQuestion.knowledge).toHaveLength(3);
  for (const passage of shippingQuestion.knowledge)
    expect(passage).toEqual(
      expect.objectContaining({
        articleId: expect.any(String),
        title: expect.any(String),
        snippet: expect.any(String),
        score: expect.any(Number),
      }),
    );
  expect(shippingQuestion.reply!.text).toMatch(/€7\.95/);
  expect(shippingQuestion.why.policy.route).toBe('knowledge');

  const phrase = 'the zorblax fee please';
  expect(
    ((await post('/api/admin/test-console', { text: phrase })).body as TestConsoleResult).intent,
  ).not.toBe('gift.card');
  const giftCard = (await store.intents.getByName('gift.card'))!;
  await store.intents.update(giftCard.id, giftCard.version, {
    utterances: [
      ...giftCard.utterances,
      'how big is the zorblax fee',
      'zorblax fee for my voucher',
      'what is the zorblax fee',
      'do you charge a zorblax fee',
      'zorblax fee on a present card',
    ],
  });
  const started = await post('/api/admin/training', {});
  expect(started.status).toBe(202);
  let job: TrainingJob;
  let answeredWhileTraining = 0;
  for (;;) {
    const res = await fetch(`${url}/api/admin/training/${started.body.jobId}`, { headers });
    job = (await res.json()) as TrainingJob;
    if (job.status !== 'running') break;
    // The live model (with embeddings) keeps answering meanwhile.
    expect((await model.analyzer.analyze('where is my order?')).intent).toBe('order.status');
    answeredWhileTraining++;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Checked at least once: a job done before the first poll would have skipped it.
  expect(answeredWhileTraining).toBeGreaterThan(0);
  expect(job.status).toBe('ready');
  expect(job.report!.accuracy).toBeGreaterThan(0.7);
  console.log(`training timings (demo intents, MiniLM + lexical + nlp.js): ${JSON.stringify(job.timings)}`);
  const deployed = await post(`/api/admin/training/${job.id}/deploy`, {});
  expect(deployed.status).toBe(200);
  expect(deployed.body.model.embedderModelId).toBe(model.embedder!.modelId);
  const after = (await post('/api/admin/test-console', { text: phrase })).body as TestConsoleResult;
  expect(after.model).toEqual({ id: deployed.body.model.id, usesEmbeddings: true });
  expect(after.ranking[0].intent).toBe('gift.card');
});
