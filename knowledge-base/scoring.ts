/**
 * How keyword and embedding evidence become one ranking and one confidence. Pure functions over
 * per-document component scores, so weights can be fitted offline (bench/eval-kb.ts) and tested exactly.
 *
 * Fusion is score-level: fused = support + keywordWeight · keywordNorm. `embedding` is the best passage
 * cosine (plus a per-role offset); `support` is the same, except that for a FAQ its answer may back up
 * its question: (question + answerSupport · answer) / (1 + answerSupport). keywordNorm is the
 * document's BM25 score divided by the query's best BM25 score (1 for the top keyword match, 0 without
 * one). Cosine dominates; BM25 adds exact-term evidence and breaks near-ties. With keywordWeight 0 and
 * answerSupport 0 it is exactly the embedding ranking, so weights fitted over a grid that includes that
 * point can only match or beat embeddings-only on the data they are fitted on.
 *
 * Confidence is a logistic model over the top document's features, fitted so it estimates the
 * probability that the top answer is right (negatives: wrong top answers and unanswerable questions).
 */
import type { PassageRole } from './passages';

export interface FusionWeights {
  /** Weight of the normalised BM25 score added to the cosine (0 = embeddings only). */
  keywordWeight: number;
  /** Added to a passage's cosine by role (missing roles: 0). */
  roleOffsets: Partial<Record<PassageRole, number>>;
  /** How much a FAQ's answer cosine backs up its question cosine in the fused score (0 = best passage only). */
  answerSupport: number;
}

export interface Calibration {
  /** Logistic weights for [1, embedding, margin, keywordNorm]. */
  coefficients: [number, number, number, number];
  /** Answer only at or above this confidence; below it, offer topics. */
  threshold: number;
}

/**
 * Defaults measured with `npm run eval:kb` on StackFAQ (fusion weight fitted on the dev split of the
 * queries; calibration fitted on the dev split plus CLINC150 *train* out-of-scope rows, never on the
 * validation rows the false-answer rate is reported on). See knowledge-base/README.md.
 */
export const DEFAULT_FUSION: FusionWeights = {
  keywordWeight: 0.07,
  roleOffsets: {},
  answerSupport: 0.3,
};

export const DEFAULT_CALIBRATION: Calibration = {
  coefficients: [-5.423, 9.7, 1.767, 1.103],
  threshold: 0.158,
};

/** Evidence for one document. */
export interface DocComponents {
  /** Best passage cosine plus role offset (−Infinity when the document has no vector). */
  embedding: number;
  /** The embedding evidence the fusion uses (see answerSupport); equals `embedding` for articles. */
  support: number;
  /** Raw BM25 score of the document's best keyword match (0 without one). */
  keyword: number;
  /** keyword / the query's best keyword score, in [0, 1]. */
  keywordNorm: number;
}

export const fuse = (c: DocComponents, w: Pick<FusionWeights, 'keywordWeight'>): number =>
  (Number.isFinite(c.support) ? c.support : 0) + w.keywordWeight * c.keywordNorm;

/** `embedding` and `support` of a document from its best raw cosine per passage role. */
export function embeddingEvidence(
  roleCosine: Partial<Record<PassageRole, number>>,
  weights: Pick<FusionWeights, 'roleOffsets' | 'answerSupport'>,
): { embedding: number; support: number } {
  let embedding = -Infinity;
  for (const [role, cosine] of Object.entries(roleCosine) as [PassageRole, number][]) {
    embedding = Math.max(embedding, cosine + (weights.roleOffsets[role] ?? 0));
  }
  const question = Math.max(roleCosine.question ?? -Infinity, roleCosine.alternative ?? -Infinity);
  if (weights.answerSupport <= 0 || !Number.isFinite(question)) return { embedding, support: embedding };
  const answer = roleCosine.answer ?? question;
  return { embedding, support: (question + weights.answerSupport * answer) / (1 + weights.answerSupport) };
}

/** Reciprocal-rank fusion (for comparison): Σ weight / (k + rank), ranks from 1. */
export function reciprocalRankFusion(
  rankings: { ids: readonly string[]; weight?: number }[],
  k = 60,
): Map<string, number> {
  const scores = new Map<string, number>();
  for (const { ids, weight = 1 } of rankings) {
    ids.forEach((id, i) => scores.set(id, (scores.get(id) ?? 0) + weight / (k + i + 1)));
  }
  return scores;
}

/** Features the confidence model reads: [embedding of the top document, fused margin to the second, its keywordNorm]. */
export function confidenceFeatures(
  top: DocComponents,
  topFused: number,
  secondFused: number | undefined,
): [number, number, number] {
  const embedding = Number.isFinite(top.embedding) ? top.embedding : 0;
  const margin = secondFused === undefined ? 0.2 : Math.min(0.2, Math.max(0, topFused - secondFused));
  return [embedding, margin, top.keywordNorm];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function confidence(features: readonly [number, number, number], calibration: Calibration): number {
  const [b, w1, w2, w3] = calibration.coefficients;
  return sigmoid(b + w1 * features[0] + w2 * features[1] + w3 * features[2]);
}

/**
 * Logistic regression by Newton's method with a small L2 penalty on the weights (not the bias).
 * Deterministic; a few iterations suffice for three features.
 */
export function fitLogistic(
  samples: readonly { features: readonly number[]; label: 0 | 1 }[],
  options: { l2?: number; iterations?: number } = {},
): number[] {
  const l2 = options.l2 ?? 1e-3;
  const m = (samples[0]?.features.length ?? 0) + 1;
  const w = new Array<number>(m).fill(0);
  if (samples.length === 0) return w;
  for (let iteration = 0; iteration < (options.iterations ?? 50); iteration++) {
    const grad = new Array<number>(m).fill(0);
    const hess = Array.from({ length: m }, () => new Array<number>(m).fill(0));
    for (const { features, label } of samples) {
      const x = [1, ...features];
      const p = sigmoid(x.reduce((sum, xi, i) => sum + xi * w[i], 0));
      const r = p * (1 - p);
      for (let i = 0; i < m; i++) {
        grad[i] += (p - label) * x[i];
        for (let j = 0; j < m; j++) hess[i][j] += r * x[i] * x[j];
      }
    }
    for (let i = 1; i < m; i++) {
      grad[i] += l2 * samples.length * w[i];
      hess[i][i] += l2 * samples.length;
    }
    for (let i = 0; i < m; i++) hess[i][i] += 1e-9;
    const step = solve(hess, grad);
    let change = 0;
    for (let i = 0; i < m; i++) {
      w[i] -= step[i];
      change = Math.max(change, Math.abs(step[i]));
    }
    if (change < 1e-9) break;
  }
  return w;
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and symmetric positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    const diag = m[col][col] || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r][col] / diag;
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  return m.map((row, i) => row[n] / (row[i] || 1e-12));
}

/**
 * The lowest threshold at which at most `maxFalseRate` of the negative scores (unanswerable
 * questions) would still be answered. Returns a value strictly above the admitted negatives.
 */
export function thresholdForFalseRate(negativeScores: readonly number[], maxFalseRate: number): number {
  if (negativeScores.length === 0) return 0.5;
  const sorted = [...negativeScores].sort((a, b) => b - a);
  const allowed = Math.floor(Math.max(0, maxFalseRate) * sorted.length);
  if (allowed >= sorted.length) return 0;
  // Answer only above the (allowed+1)-th highest negative.
  return Math.min(1, sorted[allowed] + 1e-6);
}
