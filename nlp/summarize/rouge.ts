/**
 * ROUGE-1, ROUGE-2 and ROUGE-L (precision, recall, F1), following Google's `rouge-score` package:
 * - tokens: lower-cased text, every run of characters other than [a-z0-9] is a separator (so accented
 *   letters and non-Latin scripts are dropped, as in rouge-score);
 * - stemming: Porter stemmer (natural's implementation) applied to tokens longer than 3 characters,
 *   as rouge-score does with `use_stemmer=True`. Stemming is ON here by default (the ROUGE-1.5.5 `-m`
 *   convention most papers report); note that rouge-score's own constructor default is `use_stemmer=False`.
 *   Pass `{ stem: false }` for that. natural's Porter and NLTK's differ on a few rare words;
 * - ROUGE-N: clipped n-gram overlap; ROUGE-L: longest common subsequence over the whole token sequence
 *   (rouge-score's `rougeL`, not the summary-level `rougeLsum`);
 * - several references: by default, for each measure the reference with the highest F1 is used
 *   (rouge-score's `score_multi`, i.e. the max); `{ aggregate: 'mean' }` averages P, R and F1 over them.
 * Scores are fractions in [0, 1]. An empty candidate or reference scores 0.
 */
import { stem as porterStem } from './text';

export interface RougeScore {
  precision: number;
  recall: number;
  f1: number;
}

export interface RougeScores {
  rouge1: RougeScore;
  rouge2: RougeScore;
  rougeL: RougeScore;
}

export interface RougeOptions {
  /** Porter-stem tokens longer than 3 characters. Default true. */
  stem?: boolean;
  /** With several references: 'max' (best F1 per measure, default) or 'mean'. */
  aggregate?: 'max' | 'mean';
}

/** rouge-score's tokeniser (plus optional stemming). */
export function rougeTokens(text: string, options: RougeOptions = {}): string[] {
  const stem = options.stem ?? true;
  const tokens = String(text ?? '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '');
  return stem ? tokens.map((t) => (t.length > 3 ? porterStem(t) : t)) : tokens;
}

function score(overlap: number, candidateTotal: number, referenceTotal: number): RougeScore {
  const precision = candidateTotal > 0 ? overlap / candidateTotal : 0;
  const recall = referenceTotal > 0 ? overlap / referenceTotal : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** ROUGE-N between token sequences. */
export function rougeN(candidate: readonly string[], reference: readonly string[], n: number): RougeScore {
  const c = ngramCounts(candidate, n);
  const r = ngramCounts(reference, n);
  let overlap = 0;
  for (const [gram, count] of c) overlap += Math.min(count, r.get(gram) ?? 0);
  return score(overlap, Math.max(0, candidate.length - n + 1), Math.max(0, reference.length - n + 1));
}

/** Length of the longest common subsequence (O(|a|·|b|) time, O(|b|) memory). */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let prev = new Uint32Array(b.length + 1);
  let curr = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      curr[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], curr[j - 1]);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length];
}

/** ROUGE-L between token sequences. */
export function rougeL(candidate: readonly string[], reference: readonly string[]): RougeScore {
  return score(lcsLength(candidate, reference), candidate.length, reference.length);
}

/** ROUGE-1/2/L of a candidate against one or more references (best reference per measure, by F1). */
export function rouge(
  candidate: string,
  references: string | readonly string[],
  options: RougeOptions = {},
): RougeScores {
  const refs = typeof references === 'string' ? [references] : references;
  const cand = rougeTokens(candidate, options);
  const zero: RougeScore = { precision: 0, recall: 0, f1: 0 };
  const keys = ['rouge1', 'rouge2', 'rougeL'] as const;
  const best: RougeScores = { rouge1: zero, rouge2: zero, rougeL: zero };
  const sum: RougeScores = { rouge1: { ...zero }, rouge2: { ...zero }, rougeL: { ...zero } };
  for (const ref of refs) {
    const r = rougeTokens(ref, options);
    const s: RougeScores = {
      rouge1: rougeN(cand, r, 1),
      rouge2: rougeN(cand, r, 2),
      rougeL: rougeL(cand, r),
    };
    for (const key of keys) {
      if (s[key].f1 > best[key].f1) best[key] = s[key];
      sum[key].precision += s[key].precision;
      sum[key].recall += s[key].recall;
      sum[key].f1 += s[key].f1;
    }
  }
  if (options.aggregate !== 'mean' || refs.length === 0) return best;
  const n = refs.length;
  const mean = (x: RougeScore): RougeScore => ({
    precision: x.precision / n,
    recall: x.recall / n,
    f1: x.f1 / n,
  });
  return { rouge1: mean(sum.rouge1), rouge2: mean(sum.rouge2), rougeL: mean(sum.rougeL) };
}
