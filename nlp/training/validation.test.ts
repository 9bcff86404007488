import { IntentRecognizer, type IntentDefinition, type IntentScore } from '../intents';
import { SMALL_INTENTS, letterVector } from './__fixtures__/small-intents';
import {
  assignFolds,
  findDuplicates,
  normalizeUtterance,
  recognizerTrainer,
  validateIntents,
  type FoldTrainer,
} from './validation';

const INTENTS: IntentDefinition[] = [
  { name: 'greet', utterances: ['hello there', 'hi there', 'good morning'] },
  { name: 'order', utterances: ['where is my order', 'track my parcel', 'Hello there!'] },
  { name: 'refund', utterances: ['refund my order', 'money back please', 'i want a refund'] },
  { name: 'solo', utterances: ['just one utterance'] },
];

/** What each held-out text is "classified" as, with its score; anything else ranks its own intent. */
const ORACLE: Record<string, [string, number]> = {
  'good morning': ['order', 0.9], // a confident mistake: looks mislabelled
  'track my parcel': ['refund', 0.4], // an unsure mistake
  'refund my order': ['order', 0.7],
};

/** A fake classifier: ranks by ORACLE, checks no held-out text was trained on, records the folds. */
function oracleTrainer(trainedOn: string[][]): FoldTrainer {
  return async (definitions, fold) => {
    const training = definitions.flatMap((d) => d.utterances);
    trainedOn[fold] = training;
    const names = definitions.map((d) => d.name);
    const labelOf = new Map(INTENTS.flatMap((d) => d.utterances.map((u) => [u, d.name] as const)));
    return {
      async rank(texts) {
        return texts.map((text): IntentScore[] => {
          if (training.includes(text)) throw new Error(`trained on held-out "${text}"`);
          const [intent, score] = ORACLE[text] ?? [labelOf.get(text)!, 0.8];
          return [
            { intent, score },
            ...names
              .filter((n) => n !== intent)
              .map((n) => ({ intent: n, score: (1 - score) / names.length })),
          ];
        });
      },
    };
  };
}

describe('validateIntents', () => {
  it('cross-validates every utterance once and reports exact metrics', async () => {
    const trainedOn: string[][] = [];
    const report = await validateIntents(INTENTS, { folds: 3, trainer: oracleTrainer(trainedOn) });
    expect(report).toMatchObject({
      format: 'parley-validation-report',
      folds: 3,
      seed: 1,
      intents: 4,
      utterances: 10,
      evaluated: 9, // "solo" has one utterance: never held out
      notEvaluated: ['solo'],
    });
    expect(report.accuracy).toBeCloseTo(6 / 9, 12);
    // The single utterance of "solo" is in every fold's training part.
    for (const training of trainedOn) expect(training).toContain('just one utterance');
    expect(trainedOn).toHaveLength(3);

    const byName = Object.fromEntries(report.perIntent.map((m) => [m.intent, m]));
    // greet: 2 of 3 right, predicted 2 times (both right).
    expect(byName.greet).toEqual({ intent: 'greet', support: 3, precision: 1, recall: 2 / 3, f1: 0.8 });
    // order: 2 of 3 right ("Hello there!" and "where is my order"), predicted 4 times.
    expect(byName.order.support).toBe(3);
    expect(byName.order.precision).toBeCloseTo(2 / 4, 12);
    expect(byName.order.recall).toBeCloseTo(2 / 3, 12);
    expect(byName.order.f1).toBeCloseTo(4 / 7, 12);
    // refund: 2 of 3 right, predicted 3 times.
    expect(byName.refund.precision).toBeCloseTo(2 / 3, 12);
    expect(byName.refund.recall).toBeCloseTo(2 / 3, 12);
    expect(byName.solo).toEqual({ intent: 'solo', support: 0, precision: 0, recall: 0, f1: 0 });
    expect(report.macroF1).toBeCloseTo((0.8 + 4 / 7 + 2 / 3) / 3, 12);

    expect(report.confusablePairs).toEqual([
      {
        a: 'order',
        b: 'refund',
        count: 2,
        aAsB: 1,
        bAsA: 1,
        examples: expect.arrayContaining([
          { text: 'track my parcel', labelled: 'order', predicted: 'refund' },
          { text: 'refund my order', labelled: 'refund', predicted: 'order' },
        ]),
      },
      {
        a: 'greet',
        b: 'order',
        count: 1,
        aAsB: 1,
        bAsA: 0,
        examples: [{ text: 'good morning', labelled: 'greet', predicted: 'order' }],
      },
    ]);
    expect(report.suspectedMislabels).toEqual([
      {
        text: 'good morning',
        labelled: 'greet',
        predicted: 'order',
        score: 0.9,
        labelledScore: expect.closeTo(0.1 / 4, 12),
      },
      {
        text: 'refund my order',
        labelled: 'refund',
        predicted: 'order',
        score: 0.7,
        labelledScore: expect.closeTo(0.3 / 4, 12),
      },
    ]);
    expect(report.duplicates).toEqual([
      {
        kind: 'exact',
        similarity: 1,
        normalized: 'hello there',
        a: { intent: 'greet', text: 'hello there' },
        b: { intent: 'order', text: 'Hello there!' },
      },
    ]);
  });

  it('is deterministic for a seed and changes folds with the seed', async () => {
    const labels = [0, 0, 0, 0, 1, 1, 1, 1, 1, 2];
    const names = ['a', 'b', 'c'];
    expect(assignFolds(labels, names, 2, 7)).toEqual(assignFolds(labels, names, 2, 7));
    const folds = assignFolds(labels, names, 2, 7);
    // Stratified: each intent with ≥ 2 utterances is split across both folds; a singleton is never held out.
    expect(folds.slice(0, 4).sort()).toEqual([0, 0, 1, 1]);
    expect(folds.slice(4, 9).filter((f) => f === 0).length).toBeGreaterThanOrEqual(2);
    expect(folds[9]).toBe(-1);
    const seeds = new Set([1, 2, 3, 4, 5].map((seed) => assignFolds(labels, names, 2, seed).join()));
    expect(seeds.size).toBeGreaterThan(1);
    // Another intent's utterances do not move this intent's folds.
    const more = assignFolds([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2], names, 2, 7);
    expect(more.slice(0, 4)).toEqual(folds.slice(0, 4));
  });

  it('uses fewer folds than asked when the largest intent is smaller', async () => {
    const report = await validateIntents(INTENTS, { folds: 10, trainer: oracleTrainer([]) });
    expect(report.folds).toBe(3);
  });

  it('cross-validates the real recognizer (nlp.js) deterministically', async () => {
    // The shared three intents, with a sixth phrasing for the two that have five: two per fold each.
    const sixth: Record<string, string> = {
      order_status: 'when will my order arrive',
      refund: 'how do i get a refund',
    };
    const intents: IntentDefinition[] = SMALL_INTENTS.map(({ name, utterances }) => ({
      name,
      utterances: sixth[name] ? [...utterances, sixth[name]] : utterances,
    }));
    const first = await validateIntents(intents, { folds: 3 });
    const second = await validateIntents(intents, { folds: 3 });
    expect(second).toEqual(first);
    expect(first.evaluated).toBe(18);
    expect(first.accuracy).toBeGreaterThanOrEqual(0.6);
    // Labels shuffled across intents: far worse.
    const texts = intents.flatMap((i) => i.utterances);
    const shuffled = intents.map((intent, k) => ({
      name: intent.name,
      utterances: texts.filter((_, i) => i % 3 === k),
    }));
    const worse = await validateIntents(shuffled, { folds: 3 });
    expect(worse.accuracy).toBeLessThan(first.accuracy - 0.2);
  });

  it('trains nlp.js in the folds exactly when the served model would, judged on the whole corpus', async () => {
    const embedder = {
      modelId: 'fake/letters',
      dimension: 8,
      embed: async (texts: string[]) => texts.map(letterVector),
    };
    const utterances = SMALL_INTENTS.reduce((n, intent) => n + intent.utterances.length, 0);
    const train = jest.spyOn(IntentRecognizer, 'train');
    try {
      const foldsHaveNlpjs = async (nlpjsMaxUtterances: number) => {
        train.mockClear();
        await validateIntents(SMALL_INTENTS, {
          folds: 3,
          trainer: recognizerTrainer({ embedder, nlpjsMaxUtterances }),
        });
        const models = await Promise.all(train.mock.results.map((r) => r.value as Promise<IntentRecognizer>));
        expect(models).toHaveLength(3);
        return models.map((m) => m.toJSON().ensemble.nlpjs !== undefined);
      };
      // The corpus reaches the cut-off, its folds (two thirds of it) do not: still no nlp.js.
      expect(await foldsHaveNlpjs(utterances)).toEqual([false, false, false]);
      expect(await foldsHaveNlpjs(utterances + 1)).toEqual([true, true, true]);
    } finally {
      train.mockRestore();
    }
  });
});

describe('duplicates', () => {
  it('normalizes case, accents and punctuation', () => {
    expect(normalizeUtterance('  Où est ma COMMANDE ?! ')).toBe('ou est ma commande');
  });

  it('finds exact and near duplicates across intents only', () => {
    const found = findDuplicates(
      [
        { intent: 'a', text: 'Where is my order?' },
        { intent: 'b', text: 'where is my order' },
        { intent: 'a', text: 'where is my order now' }, // same intent as the first: not reported against it
        { intent: 'c', text: 'where is my order now please' },
        { intent: 'c', text: 'something else entirely' },
      ],
      0.8,
    );
    expect(found).toEqual([
      {
        kind: 'exact',
        similarity: 1,
        normalized: 'where is my order',
        a: { intent: 'a', text: 'Where is my order?' },
        b: { intent: 'b', text: 'where is my order' },
      },
      {
        kind: 'near',
        similarity: 5 / 6,
        normalized: 'where is my order now',
        a: { intent: 'a', text: 'where is my order now' },
        b: { intent: 'c', text: 'where is my order now please' },
      },
      {
        kind: 'near',
        similarity: 0.8,
        normalized: 'where is my order',
        a: { intent: 'b', text: 'where is my order' },
        b: { intent: 'a', text: 'where is my order now' },
      },
    ]);
  });
});
