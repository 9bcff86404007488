import {
  confidence,
  confidenceFeatures,
  DEFAULT_CALIBRATION,
  embeddingEvidence,
  fitLogistic,
  fuse,
  reciprocalRankFusion,
  thresholdForFalseRate,
} from './scoring';

test('fuse: embedding evidence plus weighted normalised keyword score; weight 0 is the embedding ranking', () => {
  const c = (embedding: number, support: number, keyword: number, keywordNorm: number) => ({
    embedding,
    support,
    keyword,
    keywordNorm,
  });
  expect(fuse(c(0.5, 0.5, 12, 0.5), { keywordWeight: 0.1 })).toBeCloseTo(0.55, 12);
  expect(fuse(c(0.5, 0.5, 12, 1), { keywordWeight: 0 })).toBe(0.5);
  expect(fuse(c(0.6, 0.4, 0, 0), { keywordWeight: 0.1 })).toBe(0.4);
  expect(fuse(c(-Infinity, -Infinity, 3, 1), { keywordWeight: 0.2 })).toBe(0.2);
});

test('embeddingEvidence: best cosine with role offsets; a FAQ answer backs up its question', () => {
  const roles = { question: 0.6, alternative: 0.7, answer: 0.4 };
  expect(embeddingEvidence(roles, { roleOffsets: {}, answerSupport: 0 })).toEqual({
    embedding: 0.7,
    support: 0.7,
  });
  expect(
    embeddingEvidence({ ...roles, answer: 0.9 }, { roleOffsets: { answer: -0.25 }, answerSupport: 0 })
      .embedding,
  ).toBeCloseTo(0.7, 12);
  const backed = embeddingEvidence(roles, { roleOffsets: {}, answerSupport: 0.25 });
  expect(backed.embedding).toBe(0.7);
  expect(backed.support).toBeCloseTo((0.7 + 0.25 * 0.4) / 1.25, 12);
  // Articles (no question passages) are unaffected.
  expect(embeddingEvidence({ title: 0.3, section: 0.5 }, { roleOffsets: {}, answerSupport: 0.25 })).toEqual({
    embedding: 0.5,
    support: 0.5,
  });
  expect(embeddingEvidence({}, { roleOffsets: {}, answerSupport: 0.25 })).toEqual({
    embedding: -Infinity,
    support: -Infinity,
  });
});

test('reciprocal rank fusion, exact values', () => {
  const scores = reciprocalRankFusion([{ ids: ['a', 'b'] }, { ids: ['b', 'c'], weight: 2 }], 60);
  expect(scores.get('a')).toBeCloseTo(1 / 61, 12);
  expect(scores.get('b')).toBeCloseTo(1 / 62 + 2 / 61, 12);
  expect(scores.get('c')).toBeCloseTo(2 / 62, 12);
});

test('confidence features: margin capped at 0.2, lone candidate counts as clear', () => {
  expect(confidenceFeatures({ embedding: 0.8, support: 0.8, keyword: 5, keywordNorm: 1 }, 0.86, 0.7)).toEqual(
    [0.8, expect.closeTo(0.16, 12), 1],
  );
  expect(
    confidenceFeatures({ embedding: 0.8, support: 0.8, keyword: 0, keywordNorm: 0 }, 0.8, undefined),
  ).toEqual([0.8, 0.2, 0]);
  expect(
    confidenceFeatures(
      { embedding: -Infinity, support: -Infinity, keyword: 2, keywordNorm: 1 },
      0.06,
      0.01,
    )[0],
  ).toBe(0);
});

test('default calibration: a strong match is confident, an unrelated one is not', () => {
  expect(confidence([0.85, 0.2, 1], DEFAULT_CALIBRATION)).toBeGreaterThan(0.9);
  expect(confidence([0.15, 0.01, 0], DEFAULT_CALIBRATION)).toBeLessThan(DEFAULT_CALIBRATION.threshold);
});

test('fitLogistic separates a separable set and is deterministic', () => {
  const samples = [
    ...Array.from({ length: 50 }, (_, i) => ({ features: [0.6 + i / 200, 0.1], label: 1 as const })),
    ...Array.from({ length: 50 }, (_, i) => ({ features: [0.1 + i / 200, 0.02], label: 0 as const })),
  ];
  const w = fitLogistic(samples);
  expect(w).toEqual(fitLogistic(samples));
  const p = (x: number[]) => 1 / (1 + Math.exp(-(w[0] + w[1] * x[0] + w[2] * x[1])));
  expect(p([0.8, 0.1])).toBeGreaterThan(0.9);
  expect(p([0.2, 0.02])).toBeLessThan(0.1);
  expect(fitLogistic([])).toEqual([0]);
});

test('thresholdForFalseRate admits at most that share of negatives', () => {
  const negatives = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
  const t = thresholdForFalseRate(negatives, 0.1);
  expect(negatives.filter((s) => s >= t)).toEqual([0.95]);
  expect(negatives.filter((s) => s >= thresholdForFalseRate(negatives, 0))).toEqual([]);
  expect(thresholdForFalseRate([], 0.1)).toBe(0.5);
});
