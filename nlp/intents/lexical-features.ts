/**
 * Sparse lexical features for the lexical classifier: word unigrams and bigrams plus character
 * 3–5-grams inside words (robust to typos and inflections), weighted by sublinear TF-IDF and
 * L2-normalised. The vocabulary is fixed at training time and serialized with the model.
 */

export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

export interface LexicalVocabularyJson {
  terms: string[];
  /** Float64, base64. */
  idf: string;
  charNgrams: number[];
}

export interface LexicalOptions {
  /** Keep terms seen in at least this many utterances (default: 2, or 1 for small corpora). */
  minDocumentFrequency?: number;
  /** Keep at most this many terms, the most frequent first (default 30,000). */
  maxTerms?: number;
  /** Character n-gram lengths taken inside words (default [3, 4, 5]). */
  charNgrams?: number[];
}

import { decodeFloat64, encodeFloats } from './numeric';

const CHAR_NGRAMS = [3, 4, 5];

/** Lower-cased, accent-free word tokens. */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? []
  );
}

/** Every term of a text (with repeats): `w:` words, `b:` word bigrams, `c:` character n-grams. */
export function terms(text: string, charNgrams: readonly number[] = CHAR_NGRAMS): string[] {
  const ws = words(text);
  const out: string[] = [];
  for (let i = 0; i < ws.length; i++) {
    out.push(`w:${ws[i]}`);
    if (i + 1 < ws.length) out.push(`b:${ws[i]} ${ws[i + 1]}`);
    const padded = `<${ws[i]}>`;
    for (const n of charNgrams) {
      for (let j = 0; j + n <= padded.length; j++) out.push(`c:${padded.slice(j, j + n)}`);
    }
  }
  return out;
}

export class LexicalVocabulary {
  private readonly index: Map<string, number>;

  private constructor(
    private readonly termList: string[],
    private readonly idf: Float64Array,
    private readonly charNgrams: number[],
  ) {
    this.index = new Map(termList.map((t, i) => [t, i]));
  }

  get size(): number {
    return this.termList.length;
  }

  static build(texts: readonly string[], options: LexicalOptions = {}): LexicalVocabulary {
    const minDf = options.minDocumentFrequency ?? (texts.length < 1000 ? 1 : 2);
    const maxTerms = options.maxTerms ?? 30_000;
    const charNgrams = options.charNgrams ?? CHAR_NGRAMS;
    const df = new Map<string, number>();
    for (const text of texts)
      for (const t of new Set(terms(text, charNgrams))) df.set(t, (df.get(t) ?? 0) + 1);
    const kept = [...df]
      .filter(([, n]) => n >= minDf)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, maxTerms);
    const n = texts.length;
    const idf = Float64Array.from(kept, ([, d]) => Math.log((1 + n) / (1 + d)) + 1);
    return new LexicalVocabulary(
      kept.map(([t]) => t),
      idf,
      charNgrams,
    );
  }

  vectorize(text: string): SparseVector {
    const counts = new Map<number, number>();
    for (const t of terms(text, this.charNgrams)) {
      const k = this.index.get(t);
      if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const indices = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
    const values = new Float32Array(indices.length);
    let norm = 0;
    indices.forEach((k, i) => {
      const v = (1 + Math.log(counts.get(k)!)) * this.idf[k];
      values[i] = v;
      norm += v * v;
    });
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < values.length; i++) values[i] /= norm;
    return { indices, values };
  }

  toJSON(): LexicalVocabularyJson {
    return { terms: this.termList, idf: encodeFloats(this.idf), charNgrams: this.charNgrams };
  }

  static fromJSON(json: LexicalVocabularyJson): LexicalVocabulary {
    return new LexicalVocabulary(json.terms, decodeFloat64(json.idf, json.terms.length), json.charNgrams);
  }
}
