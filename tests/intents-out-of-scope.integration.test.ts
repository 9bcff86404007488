/**
 * The demo intents as the service trains them at start: seeded into a real SQLite store, read back in
 * the store's order, embedded with the converted MiniLM in its default (int8) form, calibrated and
 * served by loadLanguageModel. Messages found misread on a live instance must come out as 'none';
 * the intents' own phrasings must still resolve.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadLanguageModel, type LanguageModel } from '../server/language-model';
import { seedDemoData } from '../server/seed';
import { openSqliteStore } from '../store';
import type { Store } from '../store/ports';

jest.setTimeout(180_000);

let dataDir: string;
let store: Store;
let model: LanguageModel;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-oos-'));
  store = await openSqliteStore({ file: join(dataDir, 'parley.sqlite') });
  await seedDemoData(store, { now: new Date(), hashPassword: async () => 'not-a-real-hash' });
  model = await loadLanguageModel({
    store,
    dataDir,
    modelsDir: join(__dirname, '..', 'models'),
    logger: pino({ level: 'silent' }),
    embeddings: { enabled: true, quantized: true },
  });
});

afterAll(async () => {
  await store?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('the model in force uses the embeddings', () => {
  expect(model.recognizer.usesEmbeddings).toBe(true);
});

test.each(
  [
    // "return" as in a tax return, not a product return (was refund.status at 0.75).
    ['Can you help me with my tax return?'],
    ['I need some help with my taxes'],
    // Small talk the shop has no intent for (was help).
    ['tell me a joke'],
    ['tell me something funny'],
    // No word the intents know (was smalltalk.greeting / help).
    ['x'.repeat(2000), '2,000 × "x"'],
    ['asdfghjkl qwerty'],
    ['qwertyuiop'],
    ['zxcvbnm zxcvbnm zxcvbnm'],
  ].map(([text, label]) => [label ?? text, text]),
)('out of scope: %s', async (_label, text) => {
  const analysis = await model.analyzer.analyze(text);
  expect({ intent: analysis.intent, reason: analysis.reason }).toEqual({
    intent: 'none',
    reason: 'out_of_scope',
  });
});

test('an out-of-scope answer still ranks only real intents (for the test console)', async () => {
  const analysis = await model.analyzer.analyze('Can you help me with my tax return?');
  expect(analysis.ranking.length).toBe(model.recognizer.intents.length);
  expect(analysis.ranking.map((r) => r.intent)).not.toContain('none');
  expect(model.recognizer.intents).not.toContain('none');
});

test.each([
  ['where is my refund?', 'refund.status'],
  ['how do I send back an item', 'return.item'],
  ['can you help me', 'help'],
  ['what can you do?', 'help'],
  ['hello there', 'smalltalk.greeting'],
  ['hi', 'smalltalk.greeting'],
  ['where is my order A1042', 'order.status'],
  ['my card got declined', 'payment.failed'],
  ['do you ship to canada?', 'shipping.international'],
  ['hepl', 'help'],
  // Support hours and contact: not out of scope (they had gone to shipping.times and discount.code).
  ['when is your support open', 'contact.support'],
  ['are you open on sunday', 'contact.support'],
  ['is there a number I can call', 'contact.support'],
])('in scope: "%s" → %s', async (text, intent) => {
  expect((await model.analyzer.analyze(text)).intent).toBe(intent);
});
