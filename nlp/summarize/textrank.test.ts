import { overlapSimilarity, pageRank, rankOrder, StemIndex, vectorSimilarity } from './textrank';

/** Row-major n×n matrix from an edge list of undirected weights. */
function graph(n: number, edges: [number, number, number][]): Float64Array {
  const w = new Float64Array(n * n);
  for (const [i, j, v] of edges) {
    w[i * n + j] = v;
    w[j * n + i] = v;
  }
  return w;
}

describe('pageRank', () => {
  test('star: hand-computed fixed point', () => {
    // Node 0 linked to 1 and 2 (weight 1). With d = 0.85 and uniform teleport 1/3:
    //   s0 = 0.05 + 0.85·(s1 + s2),  s1 = s2 = x = 0.05 + 0.85·s0/2
    //   ⇒ x = 0.07125 / 0.2775 = 9.5/37 = 0.256757,  s0 = 18/37 = 0.486486
    const { scores, converged } = pageRank(
      graph(3, [
        [0, 1, 1],
        [0, 2, 1],
      ]),
      3,
      { tolerance: 1e-12, maxIterations: 1000 },
    );
    expect(converged).toBe(true);
    expect(scores[0]).toBeCloseTo(18 / 37, 9);
    expect(scores[1]).toBeCloseTo(9.5 / 37, 9);
    expect(scores[2]).toBeCloseTo(9.5 / 37, 9);
  });

  test('an isolated sentence hands its mass back through the teleport vector', () => {
    // Edge 0–1 only; node 2 has no edges: s2 = 0.05 + 0.85·s2/3 ⇒ s2 = 0.05 / (1 − 0.85/3) = 3/43,
    // and s0 = s1 = (1 − 3/43) / 2 = 20/43.
    const { scores } = pageRank(graph(3, [[0, 1, 1]]), 3, { tolerance: 1e-12, maxIterations: 1000 });
    expect(scores[2]).toBeCloseTo(3 / 43, 9);
    expect(scores[0]).toBeCloseTo(20 / 43, 9);
    expect(scores[0] + scores[1] + scores[2]).toBeCloseTo(1, 12);
  });

  test('personalisation moves mass towards favoured nodes', () => {
    const w = graph(3, [
      [0, 1, 1],
      [1, 2, 1],
      [0, 2, 1],
    ]);
    const uniform = pageRank(w, 3).scores;
    expect(uniform[0]).toBeCloseTo(1 / 3, 6);
    const biased = pageRank(w, 3, { personalization: [0, 0, 4] }).scores;
    expect(biased[2]).toBeGreaterThan(biased[0]);
    expect(biased[0]).toBeCloseTo(biased[1], 9);
  });

  test('empty graph and bad personalisation are defined', () => {
    expect(Array.from(pageRank(new Float64Array(0), 0).scores)).toEqual([]);
    const { scores } = pageRank(graph(2, []), 2, { personalization: [NaN, -1] }); // falls back to uniform
    expect(Array.from(scores)).toEqual([0.5, 0.5]);
  });
});

describe('similarity', () => {
  test('classic TextRank overlap: common / (ln|Si| + ln|Sj|), denominator floored at 1', () => {
    const index = new StemIndex();
    const sets = [
      index.encode(['a', 'b', 'c']),
      index.encode(['b', 'c', 'd']),
      index.encode(['a']),
      index.encode(['a', 'x']),
    ];
    const w = overlapSimilarity(sets);
    expect(w[0 * 4 + 1]).toBeCloseTo(2 / (2 * Math.log(3)), 12); // 0.910239
    expect(w[2 * 4 + 3]).toBe(1); // 1 / max(1, ln 1 + ln 2)
    expect(w[1 * 4 + 2]).toBe(0);
    expect(w[0]).toBe(0); // no self loops
  });

  test('StemIndex.encode gives sorted unique ids', () => {
    const index = new StemIndex();
    expect(Array.from(index.encode(['b', 'a', 'b']))).toEqual([0, 1]);
    expect(Array.from(index.encode(['c', 'a']))).toEqual([1, 2]);
  });

  test('vector similarity is max(0, cosine); zero vectors have no edges', () => {
    const w = vectorSimilarity([
      [1, 0],
      [1, 1],
      [-1, 0],
      [0, 0],
    ]);
    expect(w[0 * 4 + 1]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(w[0 * 4 + 2]).toBe(0);
    expect(w[3 * 4 + 0]).toBe(0);
  });
});

describe('rankOrder', () => {
  test('best first, ties (within 1e-9) broken by position', () => {
    expect(rankOrder([0.2, 0.3, 0.3, 0.2])).toEqual([1, 2, 0, 3]);
    expect(rankOrder([0.1, 0.3 + 1e-13, 0.3])).toEqual([1, 2, 0]);
  });
});
