/**
 * Training that cannot break production, over real HTTP and a real SQLite file: an admin adds
 * utterances for a new phrasing, retrains (in a worker thread, while chats go on), reads the
 * validation report, deploys, and the test console now resolves that phrasing; a deliberately worse
 * model is refused (409 model_worse) unless forced; activating an earlier version rolls back; a
 * restart loads the live model without retraining. Agents get 403, anonymous callers 401.
 */
import { hash as argon2Hash } from 'argon2';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { io as connect } from 'socket.io-client';
import { createSupportBot } from '../bot';
import type { ChatMessageView } from '../protocol';
import { SessionManager, authRoutes } from '../server/auth';
import { loadLanguageModel, type LanguageModel } from '../server/language-model';
import { createParleyServer, type ParleyServer } from '../server/parley-server';
import { DEMO_PASSWORD, DEMO_SHOP, demoCatalogue, demoUsers, seedDemoData } from '../server/seed';
import {
  TrainingService,
  createReplyPreview,
  trainingRoutes,
  type ModelVersion,
  type TestConsoleResult,
  type TrainingJob,
} from '../server/training';
import { openSqliteStore } from '../store';
import type { Store } from '../store/ports';
import { DEMO_RETURN_POLICY } from './helpers/demo-bot';

jest.setTimeout(120_000);

const ADMIN = demoUsers.find((u) => u.role === 'admin')!.email;
const AGENT = demoUsers.find((u) => u.role === 'agent')!.email;
const PHRASE = 'zorblax fee please';
const NEW_UTTERANCES = [
  'how big is the zorblax fee',
  'zorblax fee for my parcel',
  'what is the zorblax fee',
  'do you charge a zorblax fee',
  'zorblax fee to my country',
];
const logger = pino({ level: 'silent' });

let dataDir: string;
let store: Store;
let model: LanguageModel;
let training: TrainingService;
let server: ParleyServer;
let url: string;
let startupModel: string;

async function signIn(email: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: { csrfToken: string } };
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  return { cookie, csrf: body.data.csrfToken };
}

let admin: { cookie: string; csrf: string };

async function call(
  method: string,
  path: string,
  body?: unknown,
  as: { cookie: string; csrf: string } | null = admin,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of many shapes, read field by field
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { origin: url };
  if (as) Object.assign(headers, { cookie: as.cookie, 'x-csrf-token': as.csrf });
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function finished(jobId: string): Promise<TrainingJob> {
  for (;;) {
    const { status, body } = await call('GET', `/api/admin/training/${jobId}`);
    expect(status).toBe(200);
    if (body.status !== 'running') return body as TrainingJob;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function testConsole(text: string): Promise<TestConsoleResult> {
  const { status, body } = await call('POST', '/api/admin/test-console', { text });
  expect(status).toBe(200);
  return body as TestConsoleResult;
}

async function retrain(): Promise<TrainingJob> {
  const started = await call('POST', '/api/admin/training', {});
  expect(started.status).toBe(202);
  expect(started.body).toEqual({ jobId: expect.any(String), status: 'running' });
  return finished(started.body.jobId);
}

async function setUtterances(name: string, utterances: string[]): Promise<void> {
  const intent = (await store.intents.getByName(name))!;
  await store.intents.update(intent.id, intent.version, { utterances });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-training-'));
  store = await openSqliteStore({ file: join(dataDir, 'parley.sqlite') });
  await seedDemoData(store, { now: new Date(), hashPassword: (plain) => argon2Hash(plain) });
  model = await loadLanguageModel({
    store,
    dataDir,
    modelsDir: join(__dirname, '..', 'models'),
    logger,
    embeddings: { enabled: false },
  });
  startupModel = model.live.modelId!;
  const intents = await store.intents.list();
  const bot = createSupportBot({
    store,
    analyzer: { analyze: (text, context) => model.live.analyze(text, context) },
    policy: DEMO_RETURN_POLICY,
    catalogue: demoCatalogue,
    shopName: DEMO_SHOP.name,
    intentResponses: new Map(intents.map((i) => [i.name, i.responses])),
    alwaysHumanIntents: new Set(intents.filter((i) => i.settings.alwaysHuman).map((i) => i.name)),
    logger,
  });
  training = new TrainingService({
    store,
    live: model.live,
    registry: model.registry,
    embedder: model.embedder,
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
        model: { training, registry: model.registry, live: model.live },
        preview: createReplyPreview({ services: bot.services }),
      }),
    ],
  });
  const { port } = await server.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${port}`;
  admin = await signIn(ADMIN);
});

afterAll(async () => {
  await server?.shutdown();
  await store?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('anonymous callers get 401, agents 403, bad input 400', async () => {
  const agent = await signIn(AGENT);
  for (const [method, path, body] of [
    ['POST', '/api/admin/training', {}],
    ['GET', '/api/admin/training', undefined],
    ['GET', '/api/admin/training/job-1', undefined],
    ['POST', '/api/admin/training/job-1/deploy', {}],
    ['GET', '/api/admin/models', undefined],
    ['POST', `/api/admin/models/${startupModel}/activate`, {}],
    ['POST', '/api/admin/test-console', { text: 'hi' }],
  ] as const) {
    expect((await call(method, path, body, null)).status).toBe(401);
    const asAgent = await call(method, path, body, agent);
    expect(asAgent.status).toBe(403);
    expect(asAgent.body.error.code).toBe('forbidden');
  }
  // Without the CSRF header a state change is refused.
  expect(
    (await call('POST', '/api/admin/test-console', { text: 'hi' }, { ...admin, csrf: 'nope' })).status,
  ).toBe(403);
  const invalid = await call('POST', '/api/admin/test-console', { text: '' });
  expect(invalid.status).toBe(400);
  expect(invalid.body.error.code).toBe('validation_failed');
  expect((await call('POST', '/api/admin/test-console', { text: 'hi', extra: 1 })).status).toBe(400);
  expect((await call('POST', '/api/admin/training', { now: true })).status).toBe(400);
  expect((await call('POST', '/api/admin/training/job-unknown/deploy', { force: 'yes' })).status).toBe(400);
  expect((await call('POST', '/api/admin/training/job-unknown/deploy', {})).status).toBe(404);
  expect((await call('GET', '/api/admin/training/job-unknown')).status).toBe(404);
  expect((await call('POST', '/api/admin/models/m-unknown/activate', {})).status).toBe(404);
});

test('the test console explains the live decision and previews the reply without writing', async () => {
  const conversations = await store.conversations.listRecent('bot', { limit: 1000 });
  const result = await testConsole('where is my order?');
  expect(result).toMatchObject({
    language: 'en',
    intent: 'order.status',
    knowledge: [],
    reply: { text: expect.stringMatching(/order number/i), dialog: 'orderStatus', escalation: null },
    why: {
      decision: 'ok',
      thresholdSource: 'calibrated',
      topIntent: 'order.status',
      margin: 0,
      policy: { route: 'dialog' },
    },
    model: { id: startupModel, usesEmbeddings: false },
  });
  expect(result.ranking[0].intent).toBe('order.status');
  expect(result.why.topScore).toBe(result.ranking[0].score);
  expect(result.why.explanation).toMatch(
    /^order\.status scored \d\.\d\d, at or above the calibrated threshold \d\.\d\d, /,
  );
  expect(result.why.secondScore).toBe(result.ranking[1].score);
  expect(result.why.threshold).toBe(model.live.recognizer.activeCalibration.threshold);
  expect(result.sentiment).toEqual(expect.objectContaining({ label: expect.any(String) }));

  // A message with no word any intent knows is out of scope, and the console says so.
  const gibberish = await testConsole('asdfghjkl qwerty');
  expect(gibberish.intent).toBe('none');
  expect(gibberish.why.decision).toBe('out_of_scope');
  expect(gibberish.why.explanation).toMatch(/^Out of scope: /);

  const entities = await testConsole('has order A1042 shipped yet?');
  expect(entities.entities).toEqual(
    expect.arrayContaining([expect.objectContaining({ type: 'order_number', value: 'A1042' })]),
  );
  const human = await testConsole('I want to close my account');
  expect(human.reply).toMatchObject({ escalation: { reason: 'always_human:account.close' } });
  expect(human.why.policy.route).toBe('escalate');
  // Nothing was stored: no conversation, no message.
  expect(await store.conversations.listRecent('bot', { limit: 1000 })).toHaveLength(conversations.length);
  expect(await store.conversations.listRecent('queued', { limit: 1000 })).toHaveLength(0);
});

test('retrain → report → deploy → the new phrasing resolves; worse refused unless forced; rollback restores', async () => {
  const before = await testConsole(PHRASE);
  expect(before.intent).not.toBe('shipping.costs');
  const shipping = (await store.intents.getByName('shipping.costs'))!;
  await setUtterances('shipping.costs', [...shipping.utterances, ...NEW_UTTERANCES]);

  // Start training; while the worker runs, the bot keeps answering chats.
  const started = await call('POST', '/api/admin/training', {});
  expect(started.status).toBe(202);
  const jobId: string = started.body.jobId;
  // A second start while one runs returns the running job.
  expect((await call('POST', '/api/admin/training', {})).body.jobId).toBe(jobId);
  const socket = connect(`${url}/chat`, { transports: ['websocket'], reconnection: false });
  try {
    const reply = new Promise<ChatMessageView>((resolve) => socket.once('chat:reply', resolve));
    socket.emit('chat:message', { clientMessageId: 'q1', text: 'where is my order?' }, () => undefined);
    expect((await reply).text).toMatch(/order number/i);
    const analysis = await model.live.analyze('how much is shipping?');
    expect(analysis.intent).toBe('shipping.costs');
    expect(training.get(jobId)!.status).toBe('running');
  } finally {
    socket.disconnect();
  }
  // Not deployable while running.
  expect((await call('POST', `/api/admin/training/${jobId}/deploy`, {})).status).toBe(409);

  const job = await finished(jobId);
  expect(job.status).toBe('ready');
  expect(job.report).toMatchObject({
    format: 'parley-validation-report',
    folds: 5,
    intents: 32,
    utterances: 418 + NEW_UTTERANCES.length,
    evaluated: 418 + NEW_UTTERANCES.length,
  });
  expect(job.report!.perIntent).toHaveLength(32);
  expect(job.report!.accuracy).toBeGreaterThan(0.5);
  expect(Array.isArray(job.report!.confusablePairs)).toBe(true);
  expect(Array.isArray(job.report!.suspectedMislabels)).toBe(true);
  expect(Array.isArray(job.report!.duplicates)).toBe(true);
  // The start-up model's accuracy was unknown: the job cross-validated its intents as the baseline.
  expect(job.comparison).toMatchObject({ liveAccuracy: expect.any(Number), margin: 0.01, acceptable: true });
  // Training the demo intents took (measured): printed for the report.
  console.log(`training timings (demo intents, nlp.js only): ${JSON.stringify(job.timings)}`);

  // Still the old model until deployed.
  expect((await testConsole(PHRASE)).intent).not.toBe('shipping.costs');
  const deployed = await call('POST', `/api/admin/training/${jobId}/deploy`, {});
  expect(deployed.status).toBe(200);
  const good: ModelVersion = deployed.body.model;
  expect(deployed.body.model).toMatchObject({ live: true, origin: 'deploy', accuracy: job.report!.accuracy });
  expect(deployed.body.job.status).toBe('deployed');
  expect((await call('POST', `/api/admin/training/${jobId}/deploy`, {})).status).toBe(409);

  const after = await testConsole(PHRASE);
  expect(after.intent).toBe('shipping.costs');
  expect(after.ranking[0].intent).toBe('shipping.costs');
  expect(after.model.id).toBe(good.id);
  expect(shipping.responses).toContain(after.reply!.text);

  // A deliberately worse model: utterances shuffled across intents.
  const intents = await store.intents.list();
  const all = intents.flatMap((i) => i.utterances);
  for (const [k, intent] of intents.entries())
    await setUtterances(
      intent.name,
      all.filter((_, i) => i % intents.length === k),
    );
  const worse = await retrain();
  expect(worse.status).toBe('ready');
  expect(worse.comparison!.acceptable).toBe(false);
  expect(worse.comparison!.candidateAccuracy).toBeLessThan(worse.comparison!.liveAccuracy! - 0.01);
  const refused = await call('POST', `/api/admin/training/${worse.id}/deploy`, {});
  expect(refused.status).toBe(409);
  expect(refused.body.error).toMatchObject({ code: 'model_worse', comparison: { acceptable: false } });
  expect((await call('GET', `/api/admin/training/${worse.id}`)).body.status).toBe('refused');
  expect((await testConsole(PHRASE)).model.id).toBe(good.id);

  const forced = await call('POST', `/api/admin/training/${worse.id}/deploy`, { force: true });
  expect(forced.status).toBe(200);
  expect(forced.body.model).toMatchObject({ live: true, origin: 'forced' });
  expect((await testConsole(PHRASE)).model.id).toBe(forced.body.model.id);

  // The jobs, newest first.
  const jobs = await call('GET', '/api/admin/training');
  expect(jobs.body.map((j: TrainingJob) => [j.id, j.status])).toEqual([
    [worse.id, 'deployed'],
    [jobId, 'deployed'],
  ]);
  expect(jobs.body[0].report).toBeUndefined();

  // Three versions kept, newest first, one live.
  const models = await call('GET', '/api/admin/models');
  expect(models.body.map((m: ModelVersion) => m.id)).toEqual([forced.body.model.id, good.id, startupModel]);
  expect(models.body.filter((m: { live: boolean }) => m.live).map((m: ModelVersion) => m.id)).toEqual([
    forced.body.model.id,
  ]);

  // Rollback to the good model: the phrasing resolves again.
  const rollback = await call('POST', `/api/admin/models/${good.id}/activate`, {});
  expect(rollback.status).toBe(200);
  expect(rollback.body).toMatchObject({ model: { id: good.id, live: true }, previous: forced.body.model.id });
  const restored = await testConsole(PHRASE);
  expect(restored.intent).toBe('shipping.costs');
  expect(restored.reply!.text).toBe(after.reply!.text);

  // Back to the start-up model: the old answer again.
  expect((await call('POST', `/api/admin/models/${startupModel}/activate`, {})).status).toBe(200);
  const original = await testConsole(PHRASE);
  expect(original.intent).toBe(before.intent);
  expect(original.reply).toEqual(before.reply);

  // Every change is audited (entries made in the same millisecond may list in either order).
  const audit = await store.auditLog.list({ entityType: 'model' });
  expect(audit.map((e) => e.action).sort()).toEqual([
    'model.deploy',
    'model.deploy',
    'model.rollback',
    'model.rollback',
    'model.train',
    'model.train',
  ]);
  expect(audit.find((e) => e.entityId === startupModel)).toMatchObject({
    action: 'model.rollback',
    actorEmail: ADMIN,
    before: { live: good.id },
    after: { live: startupModel },
  });
  expect(audit.find((e) => e.entityId === forced.body.model.id)).toMatchObject({
    action: 'model.deploy',
    before: { live: good.id },
    after: { live: forced.body.model.id, forced: true },
  });

  // A restart loads the live model without retraining or registering anything.
  const reloaded = await loadLanguageModel({
    store,
    dataDir,
    modelsDir: join(__dirname, '..', 'models'),
    logger,
    embeddings: { enabled: false },
  });
  expect(reloaded.live.modelId).toBe(startupModel);
  expect(reloaded.registry.list()).toHaveLength(3);
});
