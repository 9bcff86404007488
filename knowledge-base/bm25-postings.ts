/**
 * BM25+ over typed postings: the same per-field scores as MiniSearch (k 1.2, b 0.7, d 0.5; the field
 * length is its number of distinct tokens; a document's score is the boosted sum over fields and terms,
 * times how many query terms it matched), without MiniSearch's per-match objects and full sort.
 * At 9,555 passages MiniSearch spent about 1.4 ms of CPU per search, nearly all of it building and
 * sorting match records; this accumulates into one array and keeps only the best `limit`.
 *
 * Documents live in slots. Removing one marks its slot dead and takes it out of the counts at once;
 * the postings keep the dead entries (skipped when scoring) until they are half of all entries, when
 * the postings are rebuilt from the live documents.
 */

const K1 = 1.2;
const B = 0.7;
const D = 0.5;

export interface FieldTokens {
  /** Tokens of each field, in field order (duplicates count towards the term frequency). */
  readonly fields: readonly (readonly string[])[];
}

interface Posting {
  /** Slots of the documents holding the term (dead ones included until the next compaction). */
  slots: number[];
  /** Term frequency per field, parallel to `slots`: tf[field][i]. */
  tf: number[][];
  /** Live documents holding the term, per field. */
  df: number[];
  /** Live documents holding the term in any field. */
  docs: number;
}

interface StoredDoc {
  id: string;
  /** term → frequency, per field. */
  counts: Map<string, number>[];
}

export interface PostingsHit {
  id: string;
  score: number;
}

export class Bm25Postings {
  private readonly postings = new Map<string, Posting>();
  private readonly slotOf = new Map<string, number>();
  private docs: (StoredDoc | null)[] = [];
  /** Distinct tokens per field, per slot (0 for dead slots). */
  private lengths: number[][];
  private readonly totalLength: number[];
  private deadEntries = 0;
  private liveEntries = 0;
  // Scratch space for scoring, grown with the slots.
  private scores = new Float64Array(0);
  private matched = new Uint16Array(0);

  /** `boosts[f]` weighs field f (e.g. [2, 1] for title and body). */
  constructor(private readonly boosts: readonly number[]) {
    this.lengths = boosts.map(() => []);
    this.totalLength = boosts.map(() => 0);
  }

  get size(): number {
    return this.slotOf.size;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Adds a document (replacing one with the same id). */
  add(id: string, doc: FieldTokens): void {
    if (doc.fields.length !== this.boosts.length)
      throw new RangeError(`expected ${this.boosts.length} fields, got ${doc.fields.length}`);
    this.remove(id);
    const counts = doc.fields.map((tokens) => {
      const m = new Map<string, number>();
      for (const t of tokens) m.set(t, (m.get(t) ?? 0) + 1);
      return m;
    });
    const slot = this.docs.length;
    this.docs.push({ id, counts });
    this.slotOf.set(id, slot);
    counts.forEach((m, f) => {
      this.lengths[f][slot] = m.size;
      this.totalLength[f] += m.size;
    });
    this.index(slot, counts);
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    const doc = this.docs[slot]!;
    this.slotOf.delete(id);
    this.docs[slot] = null;
    const terms = new Set<string>();
    doc.counts.forEach((m, f) => {
      this.totalLength[f] -= this.lengths[f][slot];
      this.lengths[f][slot] = 0;
      for (const term of m.keys()) {
        this.postings.get(term)!.df[f]--;
        terms.add(term);
      }
    });
    for (const term of terms) this.postings.get(term)!.docs--;
    this.deadEntries += terms.size;
    this.liveEntries -= terms.size;
    if (this.deadEntries > this.liveEntries) this.compact();
  }

  /** Live documents holding the term in any field (0 for a term never or no longer indexed). */
  documentFrequency(term: string): number {
    return this.postings.get(term)?.docs ?? 0;
  }

  /** The best `limit` documents for these (distinct) terms, best first; ties in insertion order. */
  search(terms: readonly string[], limit: number): PostingsHit[] {
    const n = this.slotOf.size;
    if (n === 0 || limit <= 0) return [];
    if (this.scores.length < this.docs.length) {
      this.scores = new Float64Array(this.docs.length * 2);
      this.matched = new Uint16Array(this.docs.length * 2);
    }
    const { scores, matched } = this;
    const fields = this.boosts.length;
    const weight = new Float64Array(fields);
    const norm = new Float64Array(fields);
    const touched: number[] = [];
    for (const term of terms) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      for (let f = 0; f < fields; f++) {
        const df = posting.df[f];
        weight[f] = df > 0 ? this.boosts[f] * Math.log(1 + (n - df + 0.5) / (df + 0.5)) : 0;
        norm[f] = this.totalLength[f] > 0 ? (B * n) / this.totalLength[f] : 0; // b / average length
      }
      for (let i = 0; i < posting.slots.length; i++) {
        const slot = posting.slots[i];
        if (this.docs[slot] === null) continue;
        let score = 0;
        for (let f = 0; f < fields; f++) {
          const tf = posting.tf[f][i];
          if (tf === 0) continue;
          score += weight[f] * (D + (tf * (K1 + 1)) / (tf + K1 * (1 - B + norm[f] * this.lengths[f][slot])));
        }
        if (matched[slot] === 0) touched.push(slot);
        matched[slot]++; // MiniSearch multiplies by the number of query terms a document matched
        scores[slot] += score;
      }
    }
    const hits: SlotScore[] = [];
    for (const slot of touched) {
      hits.push({ slot, score: scores[slot] * matched[slot] });
      scores[slot] = 0;
      matched[slot] = 0;
    }
    return topK(hits, limit).map((h) => ({ id: this.docs[h.slot]!.id, score: h.score }));
  }

  private index(slot: number, counts: Map<string, number>[]): void {
    const fields = this.boosts.length;
    const seen = new Set<string>();
    counts.forEach((m, f) => {
      for (const [term, tf] of m) {
        let posting = this.postings.get(term);
        if (!posting) {
          posting = { slots: [], tf: counts.map(() => []), df: new Array<number>(fields).fill(0), docs: 0 };
          this.postings.set(term, posting);
        }
        if (!seen.has(term)) {
          seen.add(term);
          posting.slots.push(slot);
          for (let g = 0; g < fields; g++) posting.tf[g].push(0);
          posting.docs++;
          this.liveEntries++;
        }
        posting.tf[f][posting.slots.length - 1] = tf;
        posting.df[f]++;
      }
    });
  }

  /** Rebuilds the postings and slots from the live documents. */
  private compact(): void {
    const live = this.docs.filter((d): d is StoredDoc => d !== null);
    this.postings.clear();
    this.slotOf.clear();
    this.docs = [];
    this.lengths = this.boosts.map(() => []);
    this.totalLength.fill(0);
    this.deadEntries = 0;
    this.liveEntries = 0;
    for (const doc of live) {
      const slot = this.docs.length;
      this.docs.push(doc);
      this.slotOf.set(doc.id, slot);
      doc.counts.forEach((m, f) => {
        this.lengths[f][slot] = m.size;
        this.totalLength[f] += m.size;
      });
      this.index(slot, doc.counts);
    }
  }
}

interface SlotScore {
  slot: number;
  score: number;
}

/** True when a ranks after b: lower score, or the same score and a later slot. */
const after = (a: SlotScore, b: SlotScore): boolean =>
  a.score < b.score || (a.score === b.score && a.slot > b.slot);

/**
 * The `k` best, best first; equal scores in slot (insertion) order. A bounded heap whose root is the
 * worst kept: O(n log k) instead of sorting every matching document.
 */
function topK(items: SlotScore[], k: number): SlotScore[] {
  const heap: SlotScore[] = [];
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!after(heap[i], heap[parent])) break;
        [heap[i], heap[parent]] = [heap[parent], heap[i]];
        i = parent;
      }
    } else if (after(heap[0], item)) {
      heap[0] = item;
      for (let i = 0; ;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let worst = i;
        if (left < k && after(heap[left], heap[worst])) worst = left;
        if (right < k && after(heap[right], heap[worst])) worst = right;
        if (worst === i) break;
        [heap[i], heap[worst]] = [heap[worst], heap[i]];
        i = worst;
      }
    }
  }
  return heap.sort((a, b) => b.score - a.score || a.slot - b.slot);
}
