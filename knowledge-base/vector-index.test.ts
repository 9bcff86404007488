import { simdAvailable } from './simd-dot';
import { TopK, VectorIndex, dotRow } from './vector-index';

const unit = (values: number[]) => {
  const norm = Math.hypot(...values);
  return Float32Array.from(values.map((v) => v / norm));
};

function randomUnit(d: number, random: () => number): Float32Array {
  return unit(Array.from({ length: d }, () => random() - 0.5));
}

function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

test('dotRow and TopK', () => {
  const data = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  expect(dotRow(data, 1, Float32Array.from([1, 1, 1, 1, 1]), 5)).toBe(40);
  const top = new TopK(2);
  for (const [row, score] of [
    [0, 0.1],
    [1, 0.9],
    [2, 0.5],
    [3, 0.95],
  ])
    top.offer(row, score);
  expect(top.rows).toEqual([3, 1]);
  expect(top.scores).toEqual([0.95, 0.9]);
});

test('exact search, replace, remove and row reuse', () => {
  const index = new VectorIndex(3);
  index.add('a', unit([1, 0, 0]));
  index.add('b', unit([0, 1, 0]));
  index.add('c', unit([1, 1, 0]));
  expect(index.search(unit([1, 0.1, 0]), 2).map((h) => h.key)).toEqual(['a', 'c']);
  index.add('a', unit([0, 0, 1]));
  expect(index.size).toBe(3);
  expect(index.search(unit([1, 0.1, 0]), 1)[0].key).toBe('c');
  expect(index.remove('b')).toBe(true);
  expect(index.remove('b')).toBe(false);
  index.add('d', unit([0, 1, 0]));
  expect(index.search(unit([0, 1, 0]), 1)).toEqual([{ key: 'd', score: expect.closeTo(1, 6) }]);
  expect(index.score(unit([0, 0, 1]), 'a')).toBeCloseTo(1, 6);
  expect(index.score(unit([0, 0, 1]), 'missing')).toBeNaN();
  expect(Array.from(index.get('d')!)).toEqual([0, 1, 0]);
  expect(() => index.add('x', Float32Array.of(1, 0))).toThrow(RangeError);
  expect(() => index.search(Float32Array.of(1, 0), 1)).toThrow(RangeError);
});

test('grows past its initial capacity', () => {
  const random = lcg(3);
  const index = new VectorIndex(8);
  for (let i = 0; i < 1000; i++) index.add(`k${i}`, randomUnit(8, random));
  expect(index.size).toBe(1000);
  const v = index.get('k999')!;
  expect(index.search(v, 1)[0].key).toBe('k999');
});

test('clustered (IVF) search finds nearly what an exact scan finds, and stays in sync with updates', () => {
  const random = lcg(11);
  const d = 16;
  // Clustered data: 40 centres, 100 points around each.
  const centres = Array.from({ length: 40 }, () => randomUnit(d, random));
  const ivf = new VectorIndex(d, { ivfMinRows: 500, nprobe: 8 });
  const exact = new VectorIndex(d, { ivfMinRows: Infinity });
  for (let i = 0; i < 4000; i++) {
    const c = centres[i % 40];
    const v = unit(Array.from(c, (x) => x + (random() - 0.5) * 0.3));
    ivf.add(`k${i}`, v);
    exact.add(`k${i}`, v);
  }
  ivf.train();
  exact.train();
  expect(ivf.clustered).toBe(true);
  expect(exact.clustered).toBe(false);
  let overlap = 0;
  for (let q = 0; q < 50; q++) {
    const query = randomUnit(d, random);
    const truth = new Set(exact.search(query, 10).map((h) => h.key));
    overlap += ivf.search(query, 10).filter((h) => truth.has(h.key)).length / 10;
  }
  expect(overlap / 50).toBeGreaterThan(0.9);
  // Updates after training join the nearest cluster and are found.
  const fresh = randomUnit(d, random);
  ivf.add('fresh', fresh);
  expect(ivf.search(fresh, 1)[0].key).toBe('fresh');
  ivf.remove('fresh');
  expect(ivf.search(fresh, 5).map((h) => h.key)).not.toContain('fresh');
});

test('the WebAssembly SIMD kernel scores like the JavaScript loop, across growth and training', () => {
  expect(simdAvailable()).toBe(true);
  const random = lcg(5);
  const d = 32;
  const simd = new VectorIndex(d, { ivfMinRows: 600 });
  const plain = new VectorIndex(d, { ivfMinRows: 600, simd: false });
  expect(simd.simd).toBe(true);
  expect(plain.simd).toBe(false);
  // Past the initial 256 rows several times: the WebAssembly memory grows and views are re-made.
  const vectors = Array.from({ length: 2000 }, () => randomUnit(d, random));
  vectors.forEach((v, i) => {
    simd.add(`k${i}`, v);
    plain.add(`k${i}`, v);
  });
  const query = randomUnit(d, random);
  const keys = ['k0', 'k1999', 'missing', 'k700'];
  const a = simd.scoreMany(query, keys);
  const b = plain.scoreMany(query, keys);
  expect(a[2]).toBeNaN();
  for (const i of [0, 1, 3]) {
    expect(a[i]).toBeCloseTo(b[i], 5);
    expect(simd.score(query, keys[i])).toBeCloseTo(plain.score(query, keys[i]), 5);
  }
  expect(simd.search(query, 10).map((h) => h.key)).toEqual(plain.search(query, 10).map((h) => h.key));
  simd.train();
  plain.train();
  expect(simd.clustered).toBe(true);
  expect(simd.search(vectors[123], 1)[0].key).toBe('k123');
  expect(Array.from(simd.get('k42')!)).toEqual(Array.from(vectors[42]));
  // Dimensions that are not a multiple of 8 fall back to JavaScript.
  expect(new VectorIndex(6).simd).toBe(false);
});
