/**
 * Product gazetteer: finds catalogue product names in free text, tolerating one typo per token
 * ("harbour rain shel" → "Harbor Rain Shell").
 *
 * Built once from the catalogue: every name token goes into an exact index and into a
 * deletion-neighbourhood index (SymSpell-style: each token with one character deleted), so looking up
 * a text token costs a handful of Map reads; candidates are confirmed with the (restricted)
 * Damerau–Levenshtein distance (tokens with digits, such as model numbers, must match exactly). Names match as contiguous token runs: the whole name, or a run of at
 * least two tokens covering at least half of it ("rain shell").
 */
import type { CatalogueItem } from './types';

export interface ProductMatch {
  sku: string;
  name: string;
  start: number;
  end: number;
  /** 1 for an exact full-name match; lower for typos and partial names. */
  score: number;
}

export interface GazetteerOptions {
  /** Tokens at least this long may carry one typo (default 4). */
  minTypoLength?: number;
  /** Accept partial names (≥ 2 contiguous tokens covering ≥ half of the name). Default true. */
  partial?: boolean;
}

/** Optimal-string-alignment distance (Damerau–Levenshtein with adjacent transpositions), capped. */
export function damerauLevenshtein(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  let prevPrev = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prevPrev[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[m];
}

interface Token {
  norm: string;
  start: number;
  end: number;
}

const TOKEN_RE = /[\p{L}\p{N}]+/gu;
const HAS_DIGIT = /\d/;

/** Lower case without diacritics: "Café" → "cafe". */
function normalise(word: string): string {
  const lower = word.toLowerCase();
  return /[^\u0000-\u007f]/.test(lower) ? lower.normalize('NFKD').replace(/\p{M}/gu, '') : lower;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    out.push({ norm: normalise(m[0]), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

interface Product {
  sku: string;
  name: string;
  tokens: string[];
}

export class ProductGazetteer {
  private readonly products: Product[] = [];
  /** name token → products and positions that use it */
  private readonly postings = new Map<string, { product: number; position: number }[]>();
  /** "token\u0001next" → products and positions of that adjacent pair */
  private readonly bigrams = new Map<string, { product: number; position: number }[]>();
  /** token → products whose whole name is that one token */
  private readonly singles = new Map<string, number[]>();
  /** one-deletion variant → vocabulary tokens it came from */
  private readonly deletionIndex = new Map<string, string[]>();
  private readonly minTypoLength: number;
  private readonly partial: boolean;

  constructor(catalogue: readonly CatalogueItem[], options: GazetteerOptions = {}) {
    this.minTypoLength = options.minTypoLength ?? 4;
    this.partial = options.partial ?? true;
    for (const item of catalogue ?? []) {
      if (!item || typeof item.sku !== 'string' || typeof item.name !== 'string') continue;
      const tokens = tokenize(item.name).map((t) => t.norm);
      if (tokens.length === 0) continue;
      const index = this.products.push({ sku: item.sku, name: item.name, tokens }) - 1;
      tokens.forEach((token, position) => {
        let list = this.postings.get(token);
        if (!list) {
          list = [];
          this.postings.set(token, list);
          if (token.length >= this.minTypoLength && !HAS_DIGIT.test(token)) {
            for (const del of [token, ...deletions(token)]) {
              const from = this.deletionIndex.get(del);
              if (!from) this.deletionIndex.set(del, [token]);
              else if (!from.includes(token)) from.push(token);
            }
          }
        }
        list.push({ product: index, position });
        if (position + 1 < tokens.length) {
          const key = `${token}\u0001${tokens[position + 1]}`;
          const pairs = this.bigrams.get(key) ?? [];
          pairs.push({ product: index, position });
          this.bigrams.set(key, pairs);
        }
      });
      if (tokens.length === 1) {
        const list = this.singles.get(tokens[0]) ?? [];
        list.push(index);
        this.singles.set(tokens[0], list);
      }
    }
  }

  static from(catalogue: readonly CatalogueItem[], options?: GazetteerOptions): ProductGazetteer {
    return new ProductGazetteer(catalogue, options);
  }

  get size(): number {
    return this.products.length;
  }

  /** Vocabulary tokens within one typo of `word`, with their distance. */
  private candidates(word: string): Map<string, number> {
    const out = new Map<string, number>();
    if (this.postings.has(word)) out.set(word, 0);
    // Model numbers must be exact: "model42" is not a typo of "model420".
    if (word.length < this.minTypoLength || HAS_DIGIT.test(word)) return out;
    for (const key of [word, ...deletions(word)]) {
      const tokens = this.deletionIndex.get(key);
      if (!tokens) continue;
      for (const token of tokens) {
        if (out.has(token)) continue;
        if (token.length < this.minTypoLength) continue;
        if (damerauLevenshtein(word, token, 1) <= 1) out.set(token, 1);
      }
    }
    return out;
  }

  /** Non-overlapping product mentions in `text`, best first within each region, in text order. */
  match(text: string): ProductMatch[] {
    if (typeof text !== 'string' || text === '' || this.products.length === 0) return [];
    const tokens = tokenize(text);
    const cands = tokens.map((t) => this.candidates(t.norm));
    const found: ProductMatch[] = [];
    for (let i = 0; i < tokens.length; i++) {
      for (const [vocab, typo] of cands[i]) {
        for (const product of this.singles.get(vocab) ?? []) {
          const p = this.products[product];
          found.push({
            sku: p.sku,
            name: p.name,
            start: tokens[i].start,
            end: tokens[i].end,
            score: 1 - 0.5 * typo,
          });
        }
        if (i + 1 >= tokens.length) continue;
        // Every accepted multi-token match starts with an adjacent pair of name tokens.
        for (const [next, typo2] of cands[i + 1]) {
          for (const { product, position } of this.bigrams.get(`${vocab}\u0001${next}`) ?? []) {
            const p = this.products[product];
            let len = 2;
            let typos = typo + typo2;
            while (i + len < tokens.length && position + len < p.tokens.length) {
              const d = cands[i + len].get(p.tokens[position + len]);
              if (d === undefined) break;
              typos += d;
              len++;
            }
            const full = position === 0 && len === p.tokens.length;
            const partialOk = this.partial && len * 2 >= p.tokens.length;
            if (!full && !partialOk) continue;
            const coverage = len / p.tokens.length;
            const score = Math.round((coverage - (0.5 * typos) / p.tokens.length) * 1000) / 1000;
            found.push({
              sku: p.sku,
              name: p.name,
              start: tokens[i].start,
              end: tokens[i + len - 1].end,
              score,
            });
          }
        }
      }
    }
    // Best (longest, then highest score) first, keep non-overlapping.
    found.sort((a, b) => b.end - b.start - (a.end - a.start) || b.score - a.score || a.start - b.start);
    const kept: ProductMatch[] = [];
    for (const f of found) if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
    return kept.sort((a, b) => a.start - b.start);
  }
}
