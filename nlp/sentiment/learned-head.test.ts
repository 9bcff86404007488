import {
  holdOutSentences,
  normaliseSpaces,
  ruleFeatures,
  RULE_FEATURE_NAMES,
  selectSentimentHead,
  SentimentHead,
  withSentenceWeight,
  type HeadExample,
  type SentimentHeadJson,
} from './learned-head';
import { LogisticRegression, minimizeLbfgs } from './logistic';

describe('minimizeLbfgs', () => {
  it('finds the minimum of a quadratic', () => {
    const p = minimizeLbfgs(
      (q, g) => {
        g[0] = 2 * (q[0] - 3);
        g[1] = 20 * (q[1] + 1);
        return (q[0] - 3) ** 2 + 10 * (q[1] + 1) ** 2;
      },
      new Float64Array(2),
      { maxIterations: 100, tolerance: 1e-10, memory: 5 },
    );
    expect(p[0]).toBeCloseTo(3, 8);
    expect(p[1]).toBeCloseTo(-1, 8);
  });

  it('finds the minimum of the Rosenbrock function', () => {
    const p = minimizeLbfgs(
      (q, g) => {
        const [x, y] = q;
        g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
        g[1] = 200 * (y - x * x);
        return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
      },
      Float64Array.from([-1.2, 1]),
      { maxIterations: 500, tolerance: 1e-9, memory: 10 },
    );
    expect(p[0]).toBeCloseTo(1, 5);
    expect(p[1]).toBeCloseTo(1, 5);
  });
});

describe('LogisticRegression', () => {
  // One feature with two values: without L2 the fitted probabilities are the empirical frequencies.
  const x = [[-1], [-1], [-1], [1], [1], [1]];
  const y = [1, 0, 0, 1, 1, 0];

  it('fits the empirical frequencies of a saturated model without L2', () => {
    const model = LogisticRegression.train(x, y, { l2: 0, tolerance: 1e-10 });
    expect(model.probability([-1])).toBeCloseTo(1 / 3, 6);
    expect(model.probability([1])).toBeCloseTo(2 / 3, 6);
    expect(model.logit([1])).toBeCloseTo(Math.log(2), 6);
  });

  it('weights examples: a weighted mean of the loss', () => {
    const model = LogisticRegression.train(x, y, {
      l2: 0,
      tolerance: 1e-10,
      sampleWeights: [3, 1, 1, 1, 1, 2],
    });
    expect(model.probability([-1])).toBeCloseTo(3 / 5, 6);
    expect(model.probability([1])).toBeCloseTo(2 / 4, 6);
  });

  it('shrinks the weights towards zero with L2', () => {
    const loose = LogisticRegression.train(x, y, { l2: 0 });
    const tight = LogisticRegression.train(x, y, { l2: 10 });
    expect(Math.abs(tight.logit([1]) - tight.logit([-1]))).toBeLessThan(
      Math.abs(loose.logit([1]) - loose.logit([-1])) / 5,
    );
  });

  it('is deterministic and round-trips through JSON exactly', () => {
    const a = LogisticRegression.train(x, y, { l2: 0.1 });
    const b = LogisticRegression.train(x, y, { l2: 0.1 });
    expect(b.toJSON()).toEqual(a.toJSON());
    const reloaded = LogisticRegression.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(reloaded.logit([0.25])).toBe(a.logit([0.25]));
    expect(reloaded.toJSON()).toEqual(a.toJSON());
  });

  it('keeps constant features harmless', () => {
    const model = LogisticRegression.train(
      [
        [5, -1],
        [5, 1],
      ],
      [0, 1],
      { l2: 0.01 },
    );
    expect(model.probability([5, 1])).toBeGreaterThan(0.5);
    expect(model.probability([5, -1])).toBeLessThan(0.5);
  });

  it('rejects bad input', () => {
    expect(() => LogisticRegression.train([], [])).toThrow(RangeError);
    expect(() => LogisticRegression.train([[1]], [1, 0])).toThrow('one label per vector');
    expect(() => LogisticRegression.train([[1]], [2])).toThrow('labels must be 0 or 1');
    expect(() => LogisticRegression.train([[1], [1, 2]], [0, 1])).toThrow('vectors differ in length');
    expect(() => LogisticRegression.train([[1]], [1], { sampleWeights: [-1] })).toThrow(RangeError);
    const model = LogisticRegression.train(x, y);
    expect(() => model.logit([1, 2])).toThrow('expected a 1-d vector, got 2');
    expect(() => LogisticRegression.fromJSON({ ...model.toJSON(), weights: '' })).toThrow(RangeError);
  });
});

describe('ruleFeatures', () => {
  it.each([
    // [text, score, raw score, binary positive, negations, but-clause, modifiers]
    ['I love it', 0.6124, 3.0002, 1, 0, 0, 0],
    ["I'm not happy", -0.4973, -2.22, 0, 1, 0, 0],
    ['This is very good', 0.743, 4.2995, 1, 0, 0, 1],
    ['The app is great but the delivery was terrible', -0.6124, -3.0002, 0, 0, 1, 0],
    ['Where is my order?', 0, 0, 0, 0, 0, 0],
  ])('%s', (text, ...expected) => {
    const features = ruleFeatures(text);
    expect(features).toHaveLength(RULE_FEATURE_NAMES.length);
    expected.forEach((value, i) => expect(features[i]).toBeCloseTo(value, 3));
  });
});

describe('SentimentHead', () => {
  const example = (vector: number[], text: string, label: 'positive' | 'negative'): HeadExample => ({
    vector: Float32Array.from(vector),
    text,
    label,
  });
  // The embedding separates the classes along its first coordinate.
  const byEmbedding = [
    example([1, 0], 'one', 'positive'),
    example([0.8, 0.1], 'two', 'positive'),
    example([-1, 0], 'three', 'negative'),
    example([-0.7, -0.2], 'four', 'negative'),
  ];
  // The embedding says nothing (one constant vector); only the texts' rule features tell the classes apart.
  const byRules = [
    example([0, 0], 'I love it', 'positive'),
    example([0, 0], 'This is very good', 'positive'),
    example([0, 0], 'awful', 'negative'),
    example([0, 0], "I'm not happy", 'negative'),
  ];

  it('learns from the embedding', () => {
    const head = SentimentHead.train(byEmbedding, { features: 'embedding', l2: 0.01 });
    expect(head.dimension).toBe(2);
    expect(head.predict(Float32Array.from([0.9, 0]), 'anything')).toBe('positive');
    expect(head.predict(Float32Array.from([-0.9, 0]), 'anything')).toBe('negative');
  });

  it('uses the rule features as inputs of the same regression', () => {
    const zero = Float32Array.from([0, 0]);
    const embeddingOnly = SentimentHead.train(byRules, { features: 'embedding', l2: 0.01 });
    expect(embeddingOnly.probability(zero, 'wonderful')).toBe(0.5);
    const withRules = SentimentHead.train(byRules, { features: 'embedding+rules', l2: 0.01 });
    expect(withRules.dimension).toBe(2);
    expect(withRules.predict(zero, 'wonderful')).toBe('positive');
    expect(withRules.predict(zero, 'The app is great but the delivery was terrible')).toBe('negative');
  });

  it('serializes and reloads to identical probabilities', () => {
    const head = SentimentHead.train(byRules, { features: 'embedding+rules', l2: 0.03 });
    const json = JSON.parse(JSON.stringify(head)) as SentimentHeadJson;
    expect(json).toMatchObject({
      kind: 'parley-sentiment-head',
      version: 1,
      features: 'embedding+rules',
      l2: 0.03,
    });
    const reloaded = SentimentHead.fromJSON(json);
    const v = Float32Array.from([0.2, -0.1]);
    expect(reloaded.probability(v, 'not bad at all')).toBe(head.probability(v, 'not bad at all'));
    expect(reloaded.features).toBe('embedding+rules');
    expect(reloaded.l2).toBe(0.03);
  });

  it('rejects wrong dimensions and foreign JSON', () => {
    const head = SentimentHead.train(byEmbedding, { features: 'embedding', l2: 0.01 });
    expect(() => head.probability(Float32Array.from([1, 2, 3]), 'x')).toThrow(
      'expected a 2-d embedding, got 3',
    );
    expect(() =>
      SentimentHead.fromJSON({ ...head.toJSON(), version: 2 } as unknown as SentimentHeadJson),
    ).toThrow(RangeError);
    expect(() =>
      SentimentHead.fromJSON({ ...head.toJSON(), features: 'bag-of-words' } as unknown as SentimentHeadJson),
    ).toThrow('unknown head features: bag-of-words');
  });
});

describe('holdOutSentences', () => {
  const texts = ['a b c', 'a b', 'b  c', 'c', 'd e', 'd', ' x y z'];

  it('holds out whole texts and blocks all their sub-spans', () => {
    // rng() = 0: Fisher–Yates swaps every item with the first, so the order becomes [d e, x y z, a b c].
    const { heldOut, blocked, sentences } = holdOutSentences(texts, 1, () => 0);
    expect([...sentences]).toEqual(['a b c', 'd e', 'x y z']);
    expect(heldOut).toEqual(['d e']);
    expect([...blocked].sort()).toEqual(['d', 'd e', 'e']);
  });

  it('caps the count and is reproducible with a seeded generator', () => {
    expect(holdOutSentences(texts, 10, () => 0.5).heldOut).toHaveLength(3);
    expect(holdOutSentences(texts, 0, () => 0.5).heldOut).toEqual([]);
  });

  it('normalises spaces', () => {
    expect(normaliseSpaces('  a \t b  ')).toBe('a b');
  });
});

describe('selectSentimentHead', () => {
  const ex = (v: number, text: string, label: 'positive' | 'negative'): HeadExample => ({
    vector: Float32Array.from([v]),
    text,
    label,
  });
  const fit = [
    ex(1, 's1', 'positive'),
    ex(0.5, 'p1', 'positive'),
    ex(-1, 's2', 'negative'),
    ex(-0.4, 'p2', 'negative'),
  ];
  const validation = [ex(0.7, 'v1', 'positive'), ex(-0.6, 'v2', 'negative')];

  it('tries every candidate and keeps the first of the best', () => {
    const candidates = [
      { l2: 0.01, sentenceWeight: 1 },
      { l2: 0.1, sentenceWeight: 3 },
    ];
    const result = selectSentimentHead(fit, validation, 'embedding', candidates, (t) => t.startsWith('s'));
    expect(result.tried).toEqual([
      { l2: 0.01, sentenceWeight: 1, accuracy: 1 },
      { l2: 0.1, sentenceWeight: 3, accuracy: 1 },
    ]);
    expect(result).toMatchObject({ l2: 0.01, sentenceWeight: 1 });
    expect(() => selectSentimentHead(fit, validation, 'embedding', [], () => false)).toThrow('no candidates');
  });

  it('weights whole sentences', () => {
    expect(withSentenceWeight(fit, 3, (t) => t.startsWith('s')).map((e) => e.weight)).toEqual([3, 1, 3, 1]);
  });
});
