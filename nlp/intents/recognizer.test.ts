import { IntentRecognizer, MAX_INPUT_CHARS, NONE_INTENT } from './index';
import type { IntentDefinition, IntentRecognition } from './index';
import { SUPPORT_INTENTS, createFakeEmbedder } from './__fixtures__/support-intents';
import { createRng } from './random';

const CASES: [string, string][] = [
  ['hello, good morning', 'greeting'],
  ['where is my package', 'order_status'],
  ['when will my order arrive', 'order_status'],
  ['i want my money back', 'refund'],
  ['please refund my order, it was broken', 'refund'],
  ['i forgot my login password', 'reset_password'],
];

const OUT_OF_DOMAIN = ['xqzt blorf vrumple', 'asdfgh qwerty zxcvb'];

function assertWellFormed(result: IntentRecognition, intents: readonly string[]): void {
  expect(['ok', 'out_of_scope', 'below_threshold', 'ambiguous']).toContain(result.reason);
  expect(result.intent === NONE_INTENT || intents.includes(result.intent)).toBe(true);
  for (let i = 1; i < result.ranking.length; i++) {
    expect(result.ranking[i - 1].score).toBeGreaterThanOrEqual(result.ranking[i].score);
  }
  for (const { score } of result.ranking) expect(Number.isFinite(score)).toBe(true);
}

describe('IntentRecognizer with embeddings (fake embedder)', () => {
  let recognizer: IntentRecognizer;
  const embedder = createFakeEmbedder();

  beforeAll(async () => {
    recognizer = await IntentRecognizer.train(SUPPORT_INTENTS, { embedder });
  });

  it('uses both classifiers and calibrates on held-out utterances', () => {
    expect(recognizer.usesEmbeddings).toBe(true);
    expect(recognizer.calibration.heldOut).toBe(8); // 20 % of 10 per intent
    const active = recognizer.activeCalibration;
    expect(active).toBe(recognizer.calibration.withEmbeddings);
    expect(Object.keys(active.weights).sort()).toEqual(['embedding', 'lexical', 'nlpjs']);
    expect(Object.values(active.weights).reduce((s, w) => s + (w ?? 0), 0)).toBeCloseTo(1, 9);
    expect(active.threshold).toBeGreaterThan(0);
    expect(active.threshold).toBeLessThan(1);
  });

  it.each(CASES)('"%s" → %s', async (text, expected) => {
    const result = await recognizer.recognize(text);
    expect(result.ranking[0].intent).toBe(expected);
    expect(result.intent).toBe(expected);
    expect(result.reason).toBe('ok');
    assertWellFormed(result, recognizer.intents);
  });

  it('ranks every intent with probabilities that sum to at most 1', async () => {
    const result = await recognizer.recognize('where is my order');
    expect(result.ranking.map((r) => r.intent).sort()).toEqual([...recognizer.intents].sort());
    const total = result.ranking.reduce((s, r) => s + r.score, 0);
    expect(total).toBeLessThanOrEqual(1 + 1e-9);
    expect(total).toBeGreaterThan(0.5);
  });

  it.each(OUT_OF_DOMAIN)('answers none, out of scope, for gibberish "%s"', async (text) => {
    const result = await recognizer.recognize(text);
    expect(result.intent).toBe(NONE_INTENT);
    expect(result.reason).toBe('out_of_scope');
  });

  it('is deterministic: the same training gives the same scores', async () => {
    const again = await IntentRecognizer.train(SUPPORT_INTENTS, { embedder });
    for (const [text] of CASES) {
      expect((await again.recognize(text)).ranking).toEqual((await recognizer.recognize(text)).ranking);
    }
  });

  it('serializes to JSON and reloads with identical rankings, without retraining', async () => {
    const json = JSON.parse(JSON.stringify(recognizer.toJSON()));
    const callsBefore = embedder.calls;
    const reloaded = IntentRecognizer.fromJSON(json, { embedder });
    expect(embedder.calls).toBe(callsBefore); // nothing re-embedded: no retraining
    expect(reloaded.calibration).toEqual(recognizer.calibration);
    for (const text of [...CASES.map((c) => c[0]), ...OUT_OF_DOMAIN]) {
      expect(await reloaded.recognize(text)).toEqual(await recognizer.recognize(text));
    }
  });

  it('refuses an embedder of another model or dimension', () => {
    const json = recognizer.toJSON();
    expect(() => IntentRecognizer.fromJSON(json, { embedder: createFakeEmbedder(32) })).toThrow(/64-d/);
    expect(() =>
      IntentRecognizer.fromJSON(json, { embedder: createFakeEmbedder(64, 'other-model') }),
    ).toThrow(/other-model/);
  });

  it('runs nlp.js alone when reloaded without an embedder', async () => {
    const plain = IntentRecognizer.fromJSON(recognizer.toJSON());
    expect(plain.usesEmbeddings).toBe(false);
    expect(plain.activeCalibration).toEqual(recognizer.calibration.withoutEmbeddings);
    expect(Object.keys(plain.activeCalibration.weights).sort()).toEqual(['lexical', 'nlpjs']);
    expect((await plain.recognize('i want my money back')).ranking[0].intent).toBe('refund');
  });

  it('recognizeMany gives the same answers as one call each', async () => {
    const texts = CASES.map((c) => c[0]);
    const many = await recognizer.recognizeMany(texts);
    for (let i = 0; i < texts.length; i++) expect(many[i]).toEqual(await recognizer.recognize(texts[i]));
  });
});

describe('IntentRecognizer without embeddings (nlp.js only)', () => {
  let recognizer: IntentRecognizer;

  beforeAll(async () => {
    recognizer = await IntentRecognizer.train(SUPPORT_INTENTS);
  });

  it.each(CASES)('"%s" → %s', async (text, expected) => {
    const result = await recognizer.recognize(text);
    expect(result.ranking[0].intent).toBe(expected);
    assertWellFormed(result, recognizer.intents);
  });

  it('answers none for words it never saw', async () => {
    for (const text of OUT_OF_DOMAIN) expect((await recognizer.recognize(text)).intent).toBe(NONE_INTENT);
  });

  it('round-trips through JSON', async () => {
    const reloaded = IntentRecognizer.fromJSON(JSON.parse(JSON.stringify(recognizer.toJSON())));
    for (const [text] of CASES)
      expect(await reloaded.recognize(text)).toEqual(await recognizer.recognize(text));
  });
});

describe('thresholds and margin', () => {
  it('a per-intent threshold overrides the calibrated one', async () => {
    const strict: IntentDefinition[] = SUPPORT_INTENTS.map((d) =>
      d.name === 'refund' ? { ...d, settings: { threshold: 0.999 } } : d,
    );
    const embedder = createFakeEmbedder();
    const recognizer = await IntentRecognizer.train(strict, { embedder });
    expect(recognizer.thresholdFor('refund')).toBe(0.999);
    expect(recognizer.thresholdFor('greeting')).toBe(recognizer.activeCalibration.threshold);
    const refund = await recognizer.recognize('i want my money back');
    expect(refund.ranking[0].intent).toBe('refund');
    expect(refund.intent).toBe(NONE_INTENT);
    expect(refund.reason).toBe('below_threshold');
    expect((await recognizer.recognize('where is my package')).intent).toBe('order_status');
    // The override survives serialization.
    const reloaded = IntentRecognizer.fromJSON(recognizer.toJSON(), { embedder });
    expect(reloaded.thresholdFor('refund')).toBe(0.999);
  });

  it('a fixed global threshold replaces calibration', async () => {
    const recognizer = await IntentRecognizer.train(SUPPORT_INTENTS, { threshold: 0 });
    expect(recognizer.thresholdFor('greeting')).toBe(0);
  });

  it('fixed weights replace the chosen ones, and a classifier weighted 0 everywhere is not kept', async () => {
    const embedder = createFakeEmbedder();
    const recognizer = await IntentRecognizer.train(SUPPORT_INTENTS, {
      embedder,
      weights: { embedding: 1, lexical: 1, nlpjs: 0 },
    });
    expect(recognizer.activeCalibration.weights).toEqual({ embedding: 0.5, lexical: 0.5, nlpjs: 0 });
    const json = recognizer.toJSON();
    expect(json.ensemble.nlpjs).toBeUndefined();
    expect((await recognizer.recognize('where is my package')).intent).toBe('order_status');
    const reloaded = IntentRecognizer.fromJSON(JSON.parse(JSON.stringify(json)), { embedder });
    expect(await reloaded.recognize('i want my money back')).toEqual(
      await recognizer.recognize('i want my money back'),
    );
  });

  it('a large corpus with embeddings trains no nlp.js (slow to train, little use there); a small one keeps it', async () => {
    const embedder = createFakeEmbedder();
    const utterances = SUPPORT_INTENTS.reduce((n, intent) => n + intent.utterances.length, 0);
    const large = await IntentRecognizer.train(SUPPORT_INTENTS, { embedder, nlpjsMaxUtterances: utterances });
    expect(large.toJSON().ensemble.nlpjs).toBeUndefined();
    expect(Object.keys(large.calibration.withoutEmbeddings.weights)).toEqual(['lexical']);
    expect((await large.recognize('where is my package')).intent).toBe('order_status');
    // Reloaded without an embedder, the lexical classifier answers alone.
    const alone = IntentRecognizer.fromJSON(large.toJSON());
    expect((await alone.recognize('i want my money back')).intent).toBe('refund');
    const small = await IntentRecognizer.train(SUPPORT_INTENTS, {
      embedder,
      nlpjsMaxUtterances: utterances + 1,
    });
    expect(small.toJSON().ensemble.nlpjs).toBeDefined();
  });

  it('without a calibration slice, a large corpus shares the default weights among the classifiers it trained', async () => {
    // Cross-validation folds train this way (holdoutFraction 0): a weight left on the untrained
    // nlp.js would make every ranking sum to 0.8 instead of 1.
    const utterances = SUPPORT_INTENTS.reduce((n, intent) => n + intent.utterances.length, 0);
    const large = await IntentRecognizer.train(SUPPORT_INTENTS, {
      embedder: createFakeEmbedder(),
      nlpjsMaxUtterances: utterances,
      holdoutFraction: 0,
    });
    const { withEmbeddings, withoutEmbeddings } = large.calibration;
    expect(Object.keys(withEmbeddings!.weights).sort()).toEqual(['embedding', 'lexical']);
    expect(withEmbeddings!.weights.embedding! + withEmbeddings!.weights.lexical!).toBeCloseTo(1, 10);
    expect(withoutEmbeddings.weights).toEqual({ lexical: 1 });
    const { ranking } = await large.recognize('where is my package');
    expect(ranking[0].intent).toBe('order_status');
    expect(ranking.reduce((sum, r) => sum + r.score, 0)).toBeCloseTo(1, 6);
  });

  it('a margin answers ambiguous when the top two are close', async () => {
    const recognizer = await IntentRecognizer.train(SUPPORT_INTENTS, {
      embedder: createFakeEmbedder(),
      margin: 1,
    });
    const result = await recognizer.recognize('where is my order');
    expect(result.ranking[0].intent).toBe('order_status');
    expect(result.intent).toBe(NONE_INTENT);
    expect(result.reason).toBe('ambiguous');
  });
});

describe('bad input', () => {
  let recognizer: IntentRecognizer;
  beforeAll(async () => {
    recognizer = await IntentRecognizer.train(SUPPORT_INTENTS, { embedder: createFakeEmbedder() });
  });

  it.each([
    ['empty', ''],
    ['whitespace', '   \n\t  '],
    ['control characters only', '\u0000\u0001\u0007\u001b'],
    ['emoji only', '😀😀🎉👍'],
  ])('%s text gives none with an empty ranking', async (_name, text) => {
    expect(await recognizer.recognize(text)).toEqual({
      ranking: [],
      intent: NONE_INTENT,
      reason: 'below_threshold',
    });
  });

  it('non-string input (from untyped callers) gives none', async () => {
    expect((await recognizer.recognize(undefined as unknown as string)).intent).toBe(NONE_INTENT);
  });

  it('control characters inside text are ignored', async () => {
    const clean = await recognizer.recognize('where is my package');
    expect(await recognizer.recognize('where\u0000 is\u0007 my\u200b package\r\n')).toEqual(clean);
  });

  it(`a 100 KB text is capped at ${MAX_INPUT_CHARS} characters and answered quickly`, async () => {
    const huge = 'where is my package '.repeat(5000);
    expect(huge.length).toBe(100_000);
    const started = Date.now();
    const result = await recognizer.recognize(huge);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result.ranking[0].intent).toBe('order_status');
    // Only the capped prefix counts: the same answer as for the first MAX_INPUT_CHARS characters.
    expect(result).toEqual(await recognizer.recognize(huge.slice(0, MAX_INPUT_CHARS)));
  });

  it('emoji alongside words still classify', async () => {
    expect((await recognizer.recognize('where is my package?? 😡😡')).ranking[0].intent).toBe('order_status');
  });

  it('rejects bad training data with clear errors', async () => {
    await expect(IntentRecognizer.train([])).rejects.toThrow(/no intents/);
    await expect(IntentRecognizer.train([{ name: 'a', utterances: [] }])).rejects.toThrow(/no utterances/);
    await expect(IntentRecognizer.train([{ name: 'a', utterances: ['  ', '\u0000'] }])).rejects.toThrow(
      /no utterances/,
    );
    await expect(
      IntentRecognizer.train([
        { name: 'a', utterances: ['x'] },
        { name: 'a', utterances: ['y'] },
      ]),
    ).rejects.toThrow(/twice/);
    // "none" holds examples of what is out of scope: on its own there is nothing to answer.
    await expect(IntentRecognizer.train([{ name: NONE_INTENT, utterances: ['x'] }])).rejects.toThrow(
      /no intents to train/,
    );
    await expect(
      IntentRecognizer.train([{ name: 'a', utterances: ['x'], settings: { threshold: 2 } }]),
    ).rejects.toThrow(/threshold/);
  });

  it('rejects a foreign JSON document', () => {
    expect(() => IntentRecognizer.fromJSON({ format: 'other' } as never)).toThrow(/format/);
  });
});

describe('a larger model', () => {
  it('reloads from JSON in well under 2 s without retraining', async () => {
    // 60 intents × 40 synthetic utterances: each intent has its own keywords among shared filler.
    const rng = createRng(5);
    const filler = ['please', 'i', 'need', 'help', 'with', 'my', 'the', 'can', 'you', 'about', 'how', 'do'];
    const word = () => filler[Math.floor(rng() * filler.length)];
    const definitions: IntentDefinition[] = Array.from({ length: 60 }, (_, k) => ({
      name: `intent_${k}`,
      utterances: Array.from({ length: 40 }, () =>
        [word(), `key${k}a`, word(), rng() < 0.5 ? `key${k}b` : `key${k}c`, word()].join(' '),
      ),
    }));
    const embedder = createFakeEmbedder(128);
    const recognizer = await IntentRecognizer.train(definitions, { embedder });
    const text = JSON.stringify(recognizer.toJSON());

    const started = performance.now();
    const reloaded = IntentRecognizer.fromJSON(JSON.parse(text), { embedder });
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeLessThan(2);

    for (const probe of ['please key7a with key7b', 'how do i key42c']) {
      expect(await reloaded.recognize(probe)).toEqual(await recognizer.recognize(probe));
    }
    expect((await reloaded.recognize('key13a key13c')).intent).toBe('intent_13');

    // Other recall targets are calibrated too and can be switched to without retraining.
    const curve = recognizer.activeCalibration.thresholdByRecall;
    expect(Object.keys(curve)).toEqual(['0.9', '0.93', '0.95', '0.96', '0.97', '0.98', '0.99']);
    expect(curve['0.99']).toBeLessThanOrEqual(curve['0.9']);
    expect(recognizer.withTargetRecall(0.99).thresholdFor('intent_1')).toBe(curve['0.99']);
    expect(() => recognizer.withTargetRecall(0.5)).toThrow(/0.5/);

    // An admin's fixed threshold: everything below it is "none".
    const strict = recognizer.withThreshold(0.999);
    expect(strict.thresholdFor('intent_1')).toBe(0.999);
    expect((await strict.recognize('key13a key13c')).intent).toBe('none');
    expect(() => recognizer.withThreshold(1.5)).toThrow(/0\.\.1/);
  }, 120_000);
});
