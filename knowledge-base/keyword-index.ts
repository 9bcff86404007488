/**
 * Keyword (BM25) indexes over passages, behind one small interface so the engine is a measured choice:
 * MiniSearch (incremental add/discard, BM25+), wink-bm25-text-search (BM25F; no change after
 * `consolidate()`, so it is rebuilt lazily on the first search after a change), or `postings`:
 * MiniSearch's BM25+ scores over typed postings (bm25-postings.ts), the default, because at 1,000
 * articles MiniSearch's per-match records cost more CPU than the rest of a hybrid query.
 *
 * Both read the same tokens: lower-cased words, stopwords dropped, Porter-stemmed (nlp/summarize's
 * `contentStems`), so the comparison is between ranking engines, not tokenizers.
 */
import MiniSearch from 'minisearch';
import { Bm25Postings } from './bm25-postings';
import { contentStems } from '../nlp/summarize';

export type KeywordEngine = 'postings' | 'minisearch' | 'wink';

export interface KeywordDoc {
  /** Unique key of the passage (or FAQ) this document stands for. */
  id: string;
  /** Title-like text: a FAQ's question and phrasings, an article's title and headings. */
  title: string;
  /** Body text. */
  body: string;
}

export interface KeywordHit {
  id: string;
  score: number;
}

export interface KeywordIndex {
  readonly engine: KeywordEngine;
  readonly size: number;
  add(docs: readonly KeywordDoc[]): void;
  /** Removes documents by id; unknown ids are ignored. */
  remove(ids: readonly string[]): void;
  has(id: string): boolean;
  /** Best first, at most `limit`; [] when the query has no indexed term. */
  search(query: string, limit: number, options?: KeywordSearchOptions): KeywordHit[];
}

export interface KeywordSearchOptions {
  /**
   * A query word the index does not hold (of 4 letters or more) is searched as the indexed words one
   * edit away from it as typed: a letter added, dropped or changed, or two neighbours swapped
   * ("retrun" finds "return", "detergnet" finds "detergents"). Off by default: a caller turns it on
   * when the exact search found nothing.
   */
  fuzzy?: boolean;
}

export interface KeywordIndexOptions {
  /** Weight of the title field against the body (default 2). */
  titleBoost?: number;
  /**
   * Query terms found in more than this share of the documents are left out of the search once the
   * index holds more than `minDocsToPrune` documents (default 0.1): they add little BM25 evidence and
   * most of the cost (every matching document is scored and sorted). The two rarest terms are always kept.
   */
  maxTermShare?: number;
  /** Below this many documents every query term is searched (default 500). */
  minDocsToPrune?: number;
}

/** Shortest query word matched fuzzily: a one-edit neighbour of a shorter word is a guess. */
const MIN_FUZZY_LENGTH = 4;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Every string one edit away from `word` (deletions, swaps of neighbours, changes, insertions). */
export function oneEditVariants(word: string): Set<string> {
  const out = new Set<string>();
  const letters = new Set([...LETTERS, ...word]);
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const c of letters) {
      if (tail) out.add(head + c + tail.slice(1));
      out.add(head + c + tail);
    }
  }
  out.delete(word);
  return out;
}

/**
 * The query's tokens; with `fuzzy`, a word whose token the index lacks is replaced by the indexed
 * tokens of the words one edit away from it (stemmed as the index stems, so "detergnet" meets
 * "detergents" as the stem both share).
 */
function queryTokens(query: string, df: (term: string) => number, fuzzy: boolean): string[] {
  if (!fuzzy) return [...new Set(keywordTokens(query))];
  const out = new Set<string>();
  for (const word of query.toLowerCase().split(/[^\p{L}\p{N}']+/u)) {
    const tokens = keywordTokens(word);
    const missing = tokens.length === 1 && df(tokens[0]) === 0;
    if (!missing || word.length < MIN_FUZZY_LENGTH || /\d/.test(word)) {
      for (const token of tokens) out.add(token);
      continue;
    }
    for (const variant of oneEditVariants(word))
      for (const token of keywordTokens(variant)) if (df(token) > 0) out.add(token);
  }
  return [...out];
}

/**
 * The query's distinct indexed terms worth searching, rarest first; [] when none is indexed.
 * `df(term)`: the documents holding the term in any field (0 when it is not indexed); `docs`: how many
 * documents are indexed.
 */
function searchTerms(
  query: string,
  df: (term: string) => number,
  docs: number,
  options: KeywordIndexOptions,
  fuzzy = false,
): string[] {
  const terms = queryTokens(query, df, fuzzy).filter((t) => df(t) > 0);
  if (docs <= (options.minDocsToPrune ?? 500)) return terms;
  const limit = Math.max(1, (options.maxTermShare ?? 0.1) * docs);
  const byRarity = terms.sort((a, b) => df(a) - df(b));
  return byRarity.filter((t, i) => i < 2 || df(t) <= limit);
}

/**
 * Document frequencies of the indexed tokens, kept beside MiniSearch and wink so a query can skip terms
 * that occur almost everywhere (the postings count their own).
 */
class TermStats {
  private readonly df = new Map<string, number>();
  private readonly tokensOf = new Map<string, string[]>();

  constructor(private readonly options: KeywordIndexOptions) {}

  add(doc: KeywordDoc): void {
    this.remove(doc.id);
    const tokens = [...new Set(keywordTokens(`${doc.title}\n${doc.body}`))];
    this.tokensOf.set(doc.id, tokens);
    for (const t of tokens) this.df.set(t, (this.df.get(t) ?? 0) + 1);
  }

  remove(id: string): void {
    const tokens = this.tokensOf.get(id);
    if (!tokens) return;
    this.tokensOf.delete(id);
    for (const t of tokens) {
      const n = (this.df.get(t) ?? 1) - 1;
      if (n <= 0) this.df.delete(t);
      else this.df.set(t, n);
    }
  }

  /** The query's distinct indexed terms worth searching, rarest first; [] when none is indexed. */
  terms(query: string, fuzzy = false): string[] {
    return searchTerms(query, (t) => this.df.get(t) ?? 0, this.tokensOf.size, this.options, fuzzy);
  }
}

const splitTerms = (text: string): string[] => (text === '' ? [] : text.split(' '));

/** The tokens both engines index and search with. */
export const keywordTokens = (text: string): string[] => contentStems(text);

export function createKeywordIndex(engine: KeywordEngine, options: KeywordIndexOptions = {}): KeywordIndex {
  if (engine === 'wink') return new WinkIndex(options);
  return engine === 'minisearch' ? new MiniSearchIndex(options) : new PostingsIndex(options);
}

/**
 * Each document is tokenized once, per field; the postings' own document frequencies (a term in any
 * field) choose the query terms, as TermStats does for the other engines.
 */
class PostingsIndex implements KeywordIndex {
  readonly engine = 'postings' as const;
  private readonly postings: Bm25Postings;

  constructor(private readonly options: KeywordIndexOptions) {
    this.postings = new Bm25Postings([options.titleBoost ?? 2, 1]);
  }

  get size(): number {
    return this.postings.size;
  }

  has(id: string): boolean {
    return this.postings.has(id);
  }

  add(docs: readonly KeywordDoc[]): void {
    for (const doc of docs)
      this.postings.add(doc.id, { fields: [keywordTokens(doc.title), keywordTokens(doc.body)] });
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) this.postings.remove(id);
  }

  search(query: string, limit: number, options: KeywordSearchOptions = {}): KeywordHit[] {
    const { postings } = this;
    const terms = searchTerms(
      query,
      (t) => postings.documentFrequency(t),
      postings.size,
      this.options,
      options.fuzzy,
    );
    return terms.length === 0 ? [] : postings.search(terms, limit);
  }
}

class MiniSearchIndex implements KeywordIndex {
  readonly engine = 'minisearch' as const;
  private readonly mini: MiniSearch<KeywordDoc>;
  private readonly ids = new Set<string>();
  private readonly stats: TermStats;

  constructor(options: KeywordIndexOptions) {
    this.stats = new TermStats(options);
    this.mini = new MiniSearch<KeywordDoc>({
      fields: ['title', 'body'],
      storeFields: [],
      tokenize: keywordTokens,
      processTerm: (term) => term,
      // Discarded documents are vacuumed in the background once enough have piled up.
      autoVacuum: { minDirtCount: 50, minDirtFactor: 0.1, batchSize: 1000, batchWait: 10 },
      searchOptions: {
        boost: { title: options.titleBoost ?? 2 },
        combineWith: 'OR',
        prefix: false,
        fuzzy: false,
      },
    });
  }

  get size(): number {
    return this.ids.size;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(docs: readonly KeywordDoc[]): void {
    for (const doc of docs) {
      if (this.ids.has(doc.id)) this.mini.discard(doc.id);
      this.ids.add(doc.id);
      this.stats.add(doc);
    }
    this.mini.addAll(docs as KeywordDoc[]);
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) {
      if (!this.ids.delete(id)) continue;
      this.mini.discard(id);
      this.stats.remove(id);
    }
  }

  search(query: string, limit: number, options: KeywordSearchOptions = {}): KeywordHit[] {
    const terms = this.stats.terms(query, options.fuzzy);
    if (terms.length === 0) return [];
    // The terms are already tokens: searched as they are.
    return this.mini
      .search(terms.join(' '), { tokenize: splitTerms, processTerm: (term) => term })
      .slice(0, limit)
      .map((hit) => ({ id: String(hit.id), score: hit.score }));
  }
}

interface WinkEngine {
  defineConfig(config: {
    fldWeights: Record<string, number>;
    bm25Params?: { k1?: number; b?: number; k?: number };
  }): void;
  definePrepTasks(tasks: ((input: string) => string[])[], field?: string): void;
  addDoc(doc: Record<string, string>, id: string): void;
  consolidate(precision?: number): void;
  search(text: string, limit?: number): [string, number][];
}

const createWink: () => WinkEngine = require('wink-bm25-text-search');

/** wink needs at least 3 documents to consolidate; tiny indexes are padded with empty ones. */
const PADDING = ['\u0000pad-1', '\u0000pad-2', '\u0000pad-3'];

class WinkIndex implements KeywordIndex {
  readonly engine = 'wink' as const;
  private readonly docs = new Map<string, KeywordDoc>();
  private engineInstance: WinkEngine | null = null;
  private readonly stats: TermStats;

  constructor(private readonly options: KeywordIndexOptions) {
    this.stats = new TermStats(options);
  }

  get size(): number {
    return this.docs.size;
  }

  has(id: string): boolean {
    return this.docs.has(id);
  }

  add(docs: readonly KeywordDoc[]): void {
    for (const doc of docs) {
      this.docs.set(doc.id, doc);
      this.stats.add(doc);
    }
    this.engineInstance = null;
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) {
      if (!this.docs.delete(id)) continue;
      this.stats.remove(id);
      this.engineInstance = null;
    }
  }

  /** Rebuilds the whole engine: wink cannot add or remove after consolidation. */
  private engine_(): WinkEngine {
    if (this.engineInstance) return this.engineInstance;
    const engine = createWink();
    engine.defineConfig({
      fldWeights: { title: this.options.titleBoost ?? 2, body: 1 },
      bm25Params: { k1: 1.2, b: 0.75, k: 1 },
    });
    // Fields are tokenized; queries arrive as tokens already (the default tasks serve search).
    engine.definePrepTasks([keywordTokens], 'title');
    engine.definePrepTasks([keywordTokens], 'body');
    engine.definePrepTasks([splitTerms]);
    for (const doc of this.docs.values()) engine.addDoc({ title: doc.title, body: doc.body }, doc.id);
    for (const id of PADDING.slice(0, Math.max(0, 3 - this.docs.size)))
      engine.addDoc({ title: '', body: '' }, id);
    engine.consolidate();
    this.engineInstance = engine;
    return engine;
  }

  search(query: string, limit: number, options: KeywordSearchOptions = {}): KeywordHit[] {
    const terms = this.stats.terms(query, options.fuzzy);
    if (terms.length === 0) return [];
    return this.engine_()
      .search(terms.join(' '), limit)
      .filter(([id]) => this.docs.has(id))
      .map(([id, score]) => ({ id, score }));
  }
}
