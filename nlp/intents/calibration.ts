/**
 * Choices made at training time from held-out training utterances: the fusion weight and the
 * out-of-scope threshold. Pure functions over score arrays, so they are easy to test.
 */
import { shuffleInPlace } from './random';

/** Indices per class, split into a training part and a held-out part (stratified, seeded). */
export function stratifiedHoldout(
  labels: ArrayLike<number>,
  numClasses: number,
  fraction: number,
  rng: () => number,
): { train: number[]; heldOut: number[] } {
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
  const train: number[] = [];
  const heldOut: number[] = [];
  for (const members of byClass) {
    shuffleInPlace(members, rng);
    // Always keep at least one utterance per class for training.
    const take = Math.min(members.length - 1, Math.floor(members.length * fraction));
    heldOut.push(...members.slice(0, Math.max(0, take)));
    train.push(...members.slice(Math.max(0, take)));
  }
  return { train: train.sort((a, b) => a - b), heldOut: heldOut.sort((a, b) => a - b) };
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k] > values[best]) best = k;
  return best;
}

/** Σ weights[j] · scores[j] over the classifiers. */
export function mixAll(scores: Float64Array[], weights: number[]): Float64Array {
  const out = new Float64Array(scores[0].length);
  for (let j = 0; j < scores.length; j++) {
    const w = weights[j];
    if (w === 0) continue;
    const s = scores[j];
    for (let k = 0; k < out.length; k++) out[k] += w * s[k];
  }
  return out;
}

/** Every weight vector of `parts` non-negative multiples of 1/steps that sum to 1. */
export function simplexGrid(parts: number, steps: number): number[][] {
  // Integer compositions of `steps` into `parts` parts, then scaled.
  const compositions = (n: number, k: number): number[][] => {
    if (k === 1) return [[n]];
    const out: number[][] = [];
    for (let i = n; i >= 0; i--) for (const rest of compositions(n - i, k - 1)) out.push([i, ...rest]);
    return out;
  };
  return compositions(steps, parts).map((c) => c.map((x) => x / steps));
}

/**
 * The mix of classifiers that classifies the held-out utterances best; ties go to the lower
 * log-loss, so the choice is stable when the held-out slice is small.
 * `scores[j][i]`: classifier j's probabilities for held-out utterance i.
 */
export function chooseWeights(
  scores: Float64Array[][],
  labels: number[],
  steps = 10,
): { weights: number[]; accuracy: number } {
  let best = { weights: scores.map(() => 1 / scores.length), accuracy: -1, loss: Infinity };
  for (const weights of simplexGrid(scores.length, steps)) {
    let correct = 0;
    let loss = 0;
    for (let i = 0; i < labels.length; i++) {
      const p = mixAll(
        scores.map((s) => s[i]),
        weights,
      );
      if (argmax(p) === labels[i]) correct++;
      loss -= Math.log(Math.max(p[labels[i]], 1e-9));
    }
    const accuracy = correct / Math.max(1, labels.length);
    if (
      accuracy > best.accuracy + 1e-12 ||
      (Math.abs(accuracy - best.accuracy) <= 1e-12 && loss < best.loss)
    ) {
      best = { weights, accuracy, loss };
    }
  }
  return { weights: best.weights, accuracy: best.accuracy };
}

/**
 * The largest threshold that still accepts `targetRecall` of the given in-scope scores: a
 * deployed bot has no out-of-scope examples, so the threshold is set from in-scope ones only.
 */
export function thresholdForRecall(scores: number[], targetRecall: number): number {
  if (scores.length === 0) return 0;
  const sorted = [...scores].sort((a, b) => a - b);
  const rejectCount = Math.floor((1 - targetRecall) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rejectCount))];
}
