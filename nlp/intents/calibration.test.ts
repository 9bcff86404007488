import {
  argmax,
  chooseWeights,
  mixAll,
  simplexGrid,
  stratifiedHoldout,
  thresholdForRecall,
} from './calibration';
import { createRng } from './random';

describe('stratifiedHoldout', () => {
  it('holds out the same share of every class, keeps one per class for training, and is seeded', () => {
    const labels = [...Array(10).fill(0), ...Array(5).fill(1), 2];
    const a = stratifiedHoldout(labels, 3, 0.2, createRng(1));
    expect(a.heldOut.filter((i) => labels[i] === 0)).toHaveLength(2);
    expect(a.heldOut.filter((i) => labels[i] === 1)).toHaveLength(1);
    expect(a.heldOut.filter((i) => labels[i] === 2)).toHaveLength(0);
    expect([...a.train, ...a.heldOut].sort((x, y) => x - y)).toEqual(labels.map((_, i) => i));
    expect(stratifiedHoldout(labels, 3, 0.2, createRng(1))).toEqual(a);
  });
});

describe('thresholdForRecall', () => {
  it('keeps the target share of in-scope scores', () => {
    const scores = Array.from({ length: 100 }, (_, i) => (i + 1) / 100); // 0.01 … 1.00
    expect(thresholdForRecall(scores, 0.96)).toBe(0.05);
    expect(scores.filter((s) => s >= thresholdForRecall(scores, 0.96))).toHaveLength(96);
    expect(thresholdForRecall([], 0.96)).toBe(0);
  });
});

describe('weights', () => {
  it('simplexGrid lists every split of 1 in tenths', () => {
    const grid = simplexGrid(3, 10);
    expect(grid).toHaveLength(66);
    for (const w of grid) expect(w.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
    expect(simplexGrid(1, 10)).toEqual([[1]]);
  });

  it('mixAll and argmax', () => {
    const p = mixAll([Float64Array.from([1, 0]), Float64Array.from([0, 1])], [0.25, 0.75]);
    expect(Array.from(p)).toEqual([0.25, 0.75]);
    expect(argmax(p)).toBe(1);
  });

  it('chooseWeights prefers the classifier that is right on the held-out slice', () => {
    const labels = [0, 1, 0, 1];
    const good = labels.map((y) => Float64Array.from(y === 0 ? [0.9, 0.1] : [0.1, 0.9]));
    const bad = labels.map((y) => Float64Array.from(y === 0 ? [0.2, 0.8] : [0.8, 0.2]));
    const { weights, accuracy } = chooseWeights([bad, good], labels);
    expect(accuracy).toBe(1);
    expect(weights[1]).toBeGreaterThan(weights[0]);
  });
});
