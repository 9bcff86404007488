/**
 * The knowledge base: articles and FAQs from the store, indexed by passage in a BM25 index and an
 * embedding index, fused, answered with a calibrated confidence and a cited source.
 *
 * Everything it needs comes in through `createKnowledgeBase(options)`: the store ports, the embedder,
 * the summariser, the clock and the id generator. Index state lives in memory; passage vectors live in
 * the store beside the content, so a restart reads them back instead of recomputing them.
 *
 * Writes to the index (build, sync, upsert, remove, import) run one at a time; queries never wait for
 * them: each write prepares its new state first (including the awaited embedding) and swaps it in
 * synchronously, so a query sees the index either before or after a change, never half of one.
 */
import { randomUUID } from 'node:crypto';
import type { Embedder } from '../nlp/embeddings';
import type { AnswerFeedback, Article, ArticleImportRow, ArticleKind, PassageEmbedding } from '../store';
import {
  exportArticles,
  importArticles,
  type ExportOptions,
  type ExportResult,
  type ImportOptions,
  type ImportReport,
  type ImportSource,
} from './content/import-export';
import { keywordDocs, passageKey, sameIndexedArticle, splitPassageKey } from './article-keywords';
import { createKeywordIndex, type KeywordEngine, type KeywordIndex } from './keyword-index';
import { replyText, toChatMarkdown } from './chat-markdown';
import { condenseBlocks } from './condense';
import { blocksText, renderMarkdown, toSafeHtml, type Block } from './markdown';
import { splitPassages, type Passage, type PassageOptions, type PassageRole } from './passages';
import { hasWords, KnowledgeBaseError, normalizeQuery } from './query';
import {
  confidence as confidenceOf,
  confidenceFeatures,
  DEFAULT_CALIBRATION,
  DEFAULT_FUSION,
  embeddingEvidence,
  fuse,
  type Calibration,
  type DocComponents,
  type FusionWeights,
} from './scoring';
import type {
  AnswerOptions,
  AnswerPassage,
  BuildReport,
  FeedbackInput,
  HelpfulnessRow,
  KbAnswer,
  KbResult,
  KbSuggestions,
  KbTopic,
  KnowledgeBaseStats,
  KnowledgeStore,
  SearchHit,
  SearchMode,
  SearchOptions,
  SuggestionReason,
  SyncReport,
  UpsertReport,
} from './types';
import { VectorIndex, type VectorIndexOptions } from './vector-index';

/**
 * Condenses markdown to a character budget, replacing the built-in condensing (TextRank over the
 * answer's sentences that keeps their lists, emphasis and links: `condenseBlocks`). Its text is read
 * as Markdown.
 */
export type Summarizer = (
  markdown: string,
  options: { maxChars: number },
) => { text: string; truncated: boolean };

export interface KnowledgeBaseOptions {
  store: KnowledgeStore;
  embedder: Embedder;
  /**
   * Embeds queries (default: `embedder`). For latency, the int8 variant of the same model: its vectors
   * stay close to the full model's, so stored passage vectors keep working (measured in eval:kb).
   */
  queryEmbedder?: Embedder;
  /** Key the passage vectors are stored under (default `embedder.modelId`); name variants (e.g. quantized) apart. */
  modelKey?: string;
  summarize?: Summarizer;
  clock?: () => Date;
  newId?: () => string;
  /** Link to an article or FAQ (default `/help/<id>#<anchor>`). */
  linkFor?: (source: { id: string; kind: ArticleKind; anchor: string }) => string;
  /**
   * BM25 engine (default 'postings': MiniSearch's scores at a fraction of its CPU; all three are measured
   * in bench/eval-kb.ts and bench/bench-kb.ts).
   */
  keywordEngine?: KeywordEngine;
  fusion?: Partial<FusionWeights>;
  calibration?: Calibration;
  /** Character budget of an article answer (default 400). */
  answerMaxChars?: number;
  /** FAQ answers longer than this are condensed too (default 800). */
  faqMaxChars?: number;
  /** Topics offered when not answering (default 3). */
  maxTopics?: number;
  /** Locale used when a query's locale has no content (default 'en'). */
  defaultLocale?: string;
  vectorIndex?: VectorIndexOptions;
  passages?: PassageOptions;
  /** Texts per embedder call while building (default 1024; the embedder sorts each call by length). */
  embedBatchSize?: number;
}

export interface KnowledgeBase {
  /** Full (re)build from the store: reuses stored vectors, embeds what is missing, prunes orphans. */
  build(): Promise<BuildReport>;
  /**
   * Incremental: re-indexes articles whose version, updatedAt or content changed (an article deleted
   * and re-created under its id starts again at version 1), adds new ones, drops deleted or unpublished.
   */
  sync(): Promise<SyncReport>;
  /** (Re)indexes one article: by id (read from the store) or as given. Drafts and missing ids are removed. */
  upsertArticle(article: string | Article): Promise<UpsertReport>;
  /** Saves one article to the store (create, or update when it changed) and indexes it. */
  saveArticle(row: ArticleImportRow): Promise<Article>;
  /** Deletes an article from the store (if present), its stored vectors and its index entries. */
  removeArticle(id: string): Promise<boolean>;
  answer(query: string, options?: AnswerOptions): Promise<KbResult>;
  search(query: string, k?: number, options?: SearchOptions): Promise<SearchHit[]>;
  recordFeedback(input: FeedbackInput): Promise<AnswerFeedback>;
  helpfulness(options?: { since?: string; articleId?: string }): Promise<HelpfulnessRow[]>;
  /**
   * Imports articles and FAQs (all rows validated first; all or nothing) and re-indexes what changed:
   * one by one for small imports, a full build for large ones.
   */
  importArticles(source: ImportSource, options?: ImportOptions): Promise<ImportReport>;
  exportArticles(options: ExportOptions): Promise<ExportResult>;
  /** Current fusion weights and calibration. */
  readonly scoring: { fusion: FusionWeights; calibration: Calibration };
  /** Replaces fusion weights and/or calibration (e.g. after fitting them on held-out queries). */
  setScoring(scoring: { fusion?: Partial<FusionWeights>; calibration?: Calibration }): void;
  /** Component scores of the top documents for a query (for tuning and evaluation). */
  explain(query: string, k?: number, options?: { locale?: string }): Promise<ExplainedDoc[]>;
  stats(): KnowledgeBaseStats;
}

export interface ExplainedDoc {
  id: string;
  components: DocComponents;
  fused: number;
  /** Best raw cosine per passage role (before role offsets), for fitting the offsets. */
  roleCosine: Partial<Record<PassageRole, number>>;
}

interface IndexedDoc {
  article: Article;
  passages: Passage[];
  /** Vector-index key of each passage (same order as `passages`). */
  vectorKeys: string[];
  keywordIds: string[];
  /** Primary language subtag, lower case ("en" for "en-GB"). */
  language: string;
}

interface Scored {
  doc: IndexedDoc;
  components: DocComponents;
  roleCosine: Partial<Record<PassageRole, number>>;
  fused: number;
  /** Index into doc.passages of the best passage. */
  best: number;
  rank: number;
}

interface IndexState {
  docs: Map<string, IndexedDoc>;
  keyword: KeywordIndex;
  vectors: VectorIndex;
}

const KEYWORD_CANDIDATES = 40;
/** An import changing more articles than this rebuilds the index instead of updating one by one. */
const REBUILD_ABOVE = 100;
const VECTOR_CANDIDATES = 60;

const languageOf = (locale: string) => locale.toLowerCase().split(/[-_]/)[0];

/** Wilson score interval lower bound (95 %). */
export function wilsonLowerBound(positive: number, total: number, z = 1.96): number {
  if (total === 0) return 0;
  const p = positive / total;
  const z2 = z * z;
  return (p + z2 / (2 * total) - z * Math.sqrt((p * (1 - p) + z2 / (4 * total)) / total)) / (1 + z2 / total);
}

export function createKnowledgeBase(options: KnowledgeBaseOptions): KnowledgeBase {
  const { store, embedder } = options;
  const queryEmbedder = options.queryEmbedder ?? embedder;
  if (queryEmbedder.dimension !== embedder.dimension) {
    throw new KnowledgeBaseError(
      'invalid_input',
      `queryEmbedder has ${queryEmbedder.dimension} dimensions, embedder ${embedder.dimension}`,
    );
  }
  const modelKey = options.modelKey ?? embedder.modelId;
  const summarize = options.summarize;
  const clock = options.clock ?? (() => new Date());
  const newId = options.newId ?? randomUUID;
  const linkFor =
    options.linkFor ??
    ((source: { id: string; anchor: string }) =>
      `/help/${encodeURIComponent(source.id)}${source.anchor ? `#${encodeURIComponent(source.anchor)}` : ''}`);
  const engine = options.keywordEngine ?? 'postings';
  const answerMaxChars = options.answerMaxChars ?? 400;
  const faqMaxChars = options.faqMaxChars ?? 800;
  const maxTopics = options.maxTopics ?? 3;
  const defaultLanguage = languageOf(options.defaultLocale ?? 'en');
  const batchSize = Math.max(1, options.embedBatchSize ?? 1024);
  let fusion: FusionWeights = { ...DEFAULT_FUSION, ...options.fusion };
  let calibration: Calibration = options.calibration ?? DEFAULT_CALIBRATION;

  const emptyState = (): IndexState => ({
    docs: new Map(),
    keyword: createKeywordIndex(engine),
    vectors: new VectorIndex(embedder.dimension, options.vectorIndex),
  });
  let state = emptyState();
  let ready = false;
  let builtAt: string | null = null;

  // Index writes run one at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const indexDoc = (target: IndexState, article: Article, passages: Passage[], vectors: Float32Array[]) => {
    const docs = keywordDocs(article, passages);
    target.keyword.add(docs);
    const vectorKeys = passages.map((p) => passageKey(article.id, p.index));
    vectorKeys.forEach((key, i) => target.vectors.add(key, vectors[i]));
    target.docs.set(article.id, {
      article,
      passages,
      vectorKeys,
      keywordIds: docs.map((d) => d.id),
      language: languageOf(article.locale),
    });
  };

  const unindexDoc = (target: IndexState, id: string) => {
    const doc = target.docs.get(id);
    if (!doc) return false;
    target.keyword.remove(doc.keywordIds);
    for (const key of doc.vectorKeys) target.vectors.remove(key);
    target.docs.delete(id);
    return true;
  };

  const embedAll = async (texts: string[]): Promise<Float32Array[]> => {
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += batchSize) {
      out.push(...(await embedder.embed(texts.slice(start, start + batchSize))));
    }
    return out;
  };

  const storedRows = (article: Article, passages: Passage[], vectors: Float32Array[]): PassageEmbedding[] =>
    passages.map((p, i) => ({
      articleId: article.id,
      articleVersion: article.version,
      passageIndex: p.index,
      modelId: modelKey,
      textHash: p.hash,
      vector: vectors[i],
    }));

  async function buildNow(): Promise<BuildReport> {
    const started = performance.now();
    const all = await store.articles.list();
    const published = all.filter((a) => a.published);
    const stored = new Map<string, PassageEmbedding>();
    const storedCount = new Map<string, number>();
    for (const row of await store.passageEmbeddings.listByModel(modelKey)) {
      stored.set(passageKey(row.articleId, row.passageIndex), row);
      storedCount.set(row.articleId, (storedCount.get(row.articleId) ?? 0) + 1);
    }

    const plans = published.map((article) => {
      const passages = splitPassages(article, options.passages);
      const vectors: (Float32Array | undefined)[] = passages.map((p) => {
        const row = stored.get(passageKey(article.id, p.index));
        return row && row.textHash === p.hash && row.vector.length === embedder.dimension
          ? row.vector
          : undefined;
      });
      const rewrite = vectors.some((v) => !v) || storedCount.get(article.id) !== passages.length;
      return { article, passages, vectors, rewrite };
    });

    const missing: { plan: number; passage: number }[] = [];
    plans.forEach((plan, i) => plan.vectors.forEach((v, j) => v || missing.push({ plan: i, passage: j })));
    const computed = await embedAll(missing.map((m) => plans[m.plan].passages[m.passage].embedText));
    missing.forEach((m, k) => (plans[m.plan].vectors[m.passage] = computed[k]));

    const toWrite = plans.filter((p) => p.rewrite);
    if (toWrite.length > 0) {
      await store.passageEmbeddings.replaceMany(
        modelKey,
        toWrite.map((p) => ({
          articleId: p.article.id,
          rows: storedRows(p.article, p.passages, p.vectors as Float32Array[]),
        })),
      );
    }
    const existing = new Set(all.map((a) => a.id));
    const orphans = new Set(
      [...stored.values()].map((row) => row.articleId).filter((id) => !existing.has(id)),
    );
    let pruned = 0;
    for (const id of orphans) pruned += await store.passageEmbeddings.deleteForArticle(id);

    const next = emptyState();
    for (const plan of plans) indexDoc(next, plan.article, plan.passages, plan.vectors as Float32Array[]);
    next.vectors.train();
    state = next;
    ready = true;
    builtAt = clock().toISOString();
    return {
      documents: next.docs.size,
      passages: next.vectors.size,
      embedded: computed.length,
      reused: plans.reduce((n, p) => n + p.passages.length, 0) - computed.length,
      pruned,
      clustered: next.vectors.clustered,
      ms: performance.now() - started,
    };
  }

  async function upsertNow(input: string | Article): Promise<UpsertReport> {
    const started = performance.now();
    const id = typeof input === 'string' ? input : input.id;
    const article = typeof input === 'string' ? await store.articles.get(input) : input;
    if (!article || !article.published) {
      unindexDoc(state, id);
      return { id, indexed: false, passages: 0, embedded: 0, reused: 0, ms: performance.now() - started };
    }
    const passages = splitPassages(article, options.passages);
    const previous = state.docs.get(id);
    const known = new Map<string, Float32Array>();
    // Vectors of unchanged passages come from the index in memory, or else from the store.
    if (previous) {
      for (const p of previous.passages) {
        const v = state.vectors.get(passageKey(id, p.index));
        if (v) known.set(p.hash, v);
      }
    }
    if (passages.some((p) => !known.has(p.hash))) {
      for (const row of await store.passageEmbeddings.listForArticle(id, modelKey)) {
        if (row.vector.length === embedder.dimension) known.set(row.textHash, row.vector);
      }
    }
    const missing = passages.filter((p) => !known.has(p.hash));
    const computed = await embedAll(missing.map((p) => p.embedText));
    missing.forEach((p, i) => known.set(p.hash, computed[i]));
    const vectors = passages.map((p) => known.get(p.hash)!);
    await store.passageEmbeddings.replaceForArticle(id, modelKey, storedRows(article, passages, vectors));
    // Swap: synchronous from here on.
    unindexDoc(state, id);
    indexDoc(state, article, passages, vectors);
    return {
      id,
      indexed: true,
      passages: passages.length,
      embedded: computed.length,
      reused: passages.length - computed.length,
      ms: performance.now() - started,
    };
  }

  // ---- retrieval ----

  async function retrieve(query: string, mode: SearchMode, locale: string | undefined): Promise<Scored[]> {
    const useKeyword = mode !== 'embeddings';
    const useVectors = mode !== 'bm25';
    const keywordHits = useKeyword ? state.keyword.search(query, KEYWORD_CANDIDATES) : [];
    const queryVector = useVectors ? await queryEmbedder.embedOne(query) : null;
    const current = state; // the index as of now (a write may have swapped it during the await)
    const language = pickLanguage(current, locale);

    const keywordByDoc = new Map<string, Map<number, number>>();
    for (const hit of keywordHits) {
      const [articleId, index] = splitPassageKey(hit.id);
      let perPassage = keywordByDoc.get(articleId);
      if (!perPassage) keywordByDoc.set(articleId, (perPassage = new Map()));
      perPassage.set(index, Math.max(perPassage.get(index) ?? 0, hit.score));
    }
    const candidates = new Set<string>(keywordByDoc.keys());
    if (queryVector) {
      for (const hit of current.vectors.search(queryVector, VECTOR_CANDIDATES))
        candidates.add(splitPassageKey(hit.key)[0]);
    }
    let maxKeyword = 0;
    for (const perPassage of keywordByDoc.values())
      for (const score of perPassage.values()) maxKeyword = Math.max(maxKeyword, score);

    const scored: Scored[] = [];
    const cosines: number[] = [];
    for (const id of candidates) {
      const doc = current.docs.get(id);
      if (!doc || (language !== null && doc.language !== language)) continue;
      const perPassage = keywordByDoc.get(id);
      let keyword = 0;
      let best = 0;
      let bestScore = -Infinity;
      const roleCosine: Partial<Record<PassageRole, number>> = {};
      if (queryVector) current.vectors.scoreMany(queryVector, doc.vectorKeys, cosines);
      doc.passages.forEach((p, i) => {
        const cosine = queryVector ? cosines[i] : NaN;
        if (Number.isFinite(cosine)) roleCosine[p.role] = Math.max(roleCosine[p.role] ?? -Infinity, cosine);
        const e = Number.isFinite(cosine) ? cosine + (fusion.roleOffsets[p.role] ?? 0) : 0;
        // A FAQ's keyword document covers the whole FAQ (key #0); an article's, one passage.
        const k = doc.article.kind === 'faq' ? (perPassage?.get(0) ?? 0) : (perPassage?.get(p.index) ?? 0);
        keyword = Math.max(keyword, k);
        const passageScore =
          e +
          (maxKeyword > 0 ? (fusion.keywordWeight * k) / maxKeyword : 0) +
          (p.role === 'title' ? -1e-3 : 0);
        const ranked = mode === 'bm25' ? k : passageScore;
        if (ranked > bestScore) {
          bestScore = ranked;
          best = i;
        }
      });
      const components: DocComponents = {
        ...embeddingEvidence(roleCosine, fusion),
        keyword,
        keywordNorm: maxKeyword > 0 ? keyword / maxKeyword : 0,
      };
      const { embedding } = components;
      if (mode === 'bm25' && keyword <= 0) continue;
      if (mode === 'embeddings' && !Number.isFinite(embedding)) continue;
      const fused = fuse(components, fusion);
      scored.push({
        doc,
        components,
        roleCosine,
        fused,
        best,
        rank: mode === 'bm25' ? keyword : mode === 'embeddings' ? embedding : fused,
      });
    }
    scored.sort((a, b) => b.rank - a.rank || (a.doc.article.id < b.doc.article.id ? -1 : 1));
    return scored;
  }

  /** The language to filter by: the query's when content exists in it, else the default; null = no filter. */
  function pickLanguage(current: IndexState, locale: string | undefined): string | null {
    if (!locale) return null;
    const wanted = languageOf(locale);
    for (const doc of current.docs.values()) if (doc.language === wanted) return wanted;
    for (const doc of current.docs.values()) if (doc.language === defaultLanguage) return defaultLanguage;
    return null;
  }

  const answerPassage = (doc: IndexedDoc, index: number): AnswerPassage => {
    const p = doc.passages[index];
    return { index: p.index, role: p.role, headings: p.headings, anchor: p.anchor, text: p.text };
  };

  const topicOf = (doc: IndexedDoc): KbTopic => ({
    id: doc.article.id,
    kind: doc.article.kind,
    title: doc.article.title,
    link: linkFor({ id: doc.article.id, kind: doc.article.kind, anchor: '' }),
  });

  const suggestions = (reason: SuggestionReason, ranked: Scored[], confidence: number): KbSuggestions => ({
    kind: 'suggestions',
    reason,
    topics: ranked.slice(0, maxTopics).map((s) => topicOf(s.doc)),
    confidence,
  });

  /**
   * The answer's blocks within `budget` visible characters: whole when they fit (but for a lead-in
   * they end on, with nothing after it), else condensed (by the `summarize` option when given).
   */
  function condense(markdown: string, budget: number): { blocks: Block[]; condensed: boolean } {
    const blocks = renderMarkdown(markdown);
    if (summarize && blocksText(blocks).length > budget) {
      const summary = summarize(markdown, { maxChars: budget });
      return summary.text
        ? { blocks: renderMarkdown(summary.text), condensed: true }
        : { blocks, condensed: false };
    }
    const result = condenseBlocks(blocks, budget);
    return result.blocks.length > 0 ? result : { blocks, condensed: false };
  }

  /**
   * What a reply from this document says, given its best passage: a FAQ's answer; an article's best
   * passage (its first section when the title matched best), within the answer budget.
   */
  function replyOf(doc: IndexedDoc, best: number) {
    const article = doc.article;
    let passageIndex = best;
    let markdown: string;
    if (article.kind === 'faq') {
      passageIndex = Math.max(
        0,
        doc.passages.findIndex((p) => p.role === 'answer'),
      );
      markdown = article.body;
    } else {
      // The title is no answer: use the article's first section instead.
      if (doc.passages[passageIndex].role === 'title') {
        passageIndex = doc.passages.findIndex((p) => p.role === 'section');
        if (passageIndex === -1) passageIndex = 0;
      }
      markdown = doc.passages[passageIndex].markdown;
    }
    const { blocks, condensed } = condense(markdown, article.kind === 'faq' ? faqMaxChars : answerMaxChars);
    return { passageIndex, markdown, blocks, condensed };
  }

  function composeAnswer(top: Scored, confidence: number): KbAnswer {
    const { doc } = top;
    const article = doc.article;
    const { passageIndex, markdown, blocks: rendered, condensed } = replyOf(doc, top.best);
    const passage = answerPassage(doc, passageIndex);
    // A same-page anchor in the content points at that section of the article's help page.
    const anchorLink = (anchor: string) => linkFor({ id: article.id, kind: article.kind, anchor });
    return {
      kind: 'answer',
      answerId: newId(),
      text: toChatMarkdown(rendered, { anchorLink }),
      plainText: blocksText(rendered),
      markdown,
      rendered,
      html: toSafeHtml(rendered),
      condensed,
      source: {
        id: article.id,
        kind: article.kind,
        title: article.title,
        link: linkFor({
          id: article.id,
          kind: article.kind,
          anchor: article.kind === 'faq' ? '' : passage.anchor,
        }),
      },
      confidence,
      passage,
    };
  }

  const confidenceFor = (ranked: Scored[]): number =>
    ranked.length === 0
      ? 0
      : confidenceOf(
          confidenceFeatures(ranked[0].components, ranked[0].fused, ranked[1]?.fused),
          calibration,
        );

  const kb: KnowledgeBase = {
    build: () => exclusive(buildNow),
    sync: () =>
      exclusive(async () => {
        const all = await store.articles.list();
        const report: SyncReport = { upserted: [], removed: [], unchanged: 0 };
        const live = new Set<string>();
        for (const article of all) {
          if (!article.published) continue;
          live.add(article.id);
          const indexed = state.docs.get(article.id);
          if (indexed && sameIndexedArticle(indexed.article, article)) {
            report.unchanged++;
            continue;
          }
          await upsertNow(article);
          report.upserted.push(article.id);
        }
        for (const id of [...state.docs.keys()]) {
          if (live.has(id)) continue;
          unindexDoc(state, id);
          report.removed.push(id);
        }
        ready = true;
        return report;
      }),
    upsertArticle: (article) => exclusive(() => upsertNow(article)),
    saveArticle: (row) =>
      exclusive(async () => {
        await store.articles.importMany([row]);
        const saved = await store.articles.get(row.id);
        if (!saved) throw new KnowledgeBaseError('not_found', `article ${row.id} vanished while saving`);
        await upsertNow(saved);
        return saved;
      }),
    removeArticle: (id) =>
      exclusive(async () => {
        let removed = false;
        try {
          await store.articles.delete(id);
          removed = true;
        } catch (err) {
          if ((err as { code?: string }).code !== 'not_found') throw err;
        }
        removed = (await store.passageEmbeddings.deleteForArticle(id)) > 0 || removed;
        return unindexDoc(state, id) || removed;
      }),

    importArticles: (source, importOptions = {}) =>
      exclusive(async () => {
        const report = await importArticles(store, source, importOptions);
        if (!report.applied) return report;
        const { created, updated, deleted } = report.applied;
        for (const id of deleted) {
          unindexDoc(state, id);
          await store.passageEmbeddings.deleteForArticle(id);
        }
        if (created.length + updated.length > REBUILD_ABOVE) await buildNow();
        else for (const id of [...created, ...updated]) await upsertNow(id);
        return report;
      }),
    exportArticles: (exportOptions) => exportArticles(store, exportOptions),

    async answer(query, answerOptions = {}) {
      const text = normalizeQuery(query);
      if (!hasWords(text)) return suggestions('empty_query', [], 0);
      if (state.docs.size === 0) return suggestions('no_content', [], 0);
      const ranked = await retrieve(text, 'hybrid', answerOptions.locale);
      if (ranked.length === 0) return suggestions('low_confidence', [], 0);
      const confidence = confidenceFor(ranked);
      if (confidence < calibration.threshold) return suggestions('low_confidence', ranked, confidence);
      return composeAnswer(ranked[0], confidence);
    },

    async search(query, k = 5, searchOptions = {}) {
      const text = normalizeQuery(query);
      const limit = Math.max(0, Math.min(100, Math.floor(Number.isFinite(k) ? k : 5)));
      if (!hasWords(text) || state.docs.size === 0 || limit === 0) return [];
      const ranked = await retrieve(text, searchOptions.mode ?? 'hybrid', searchOptions.locale);
      return ranked.slice(0, limit).map((s) => {
        const passage = answerPassage(s.doc, s.best);
        return {
          id: s.doc.article.id,
          kind: s.doc.article.kind,
          title: s.doc.article.title,
          link: linkFor({
            id: s.doc.article.id,
            kind: s.doc.article.kind,
            anchor: s.doc.article.kind === 'faq' ? '' : passage.anchor,
          }),
          locale: s.doc.article.locale,
          score: s.rank,
          embedding: Number.isFinite(s.components.embedding) ? s.components.embedding : null,
          keyword: s.components.keyword,
          passage,
          // What the bot would reply from this hit, as plain text: an agent can send it as it is
          // (whole sentences, never cut mid-word), and a FAQ's is its answer whichever phrasing matched.
          snippet: replyText(replyOf(s.doc, s.best).blocks),
        };
      });
    },

    async explain(query, k = 10, explainOptions = {}) {
      const text = normalizeQuery(query);
      if (!hasWords(text) || state.docs.size === 0) return [];
      const ranked = await retrieve(text, 'hybrid', explainOptions.locale);
      return ranked.slice(0, k).map((s) => ({
        id: s.doc.article.id,
        components: s.components,
        fused: s.fused,
        roleCosine: s.roleCosine,
      }));
    },

    async recordFeedback(input) {
      if (typeof input !== 'object' || input === null)
        throw new KnowledgeBaseError('invalid_input', 'feedback must be an object');
      if (typeof input.helpful !== 'boolean')
        throw new KnowledgeBaseError('invalid_input', 'helpful must be true or false');
      if (typeof input.answerId !== 'string' || input.answerId.trim() === '' || input.answerId.length > 200) {
        throw new KnowledgeBaseError(
          'invalid_input',
          'answerId must be a non-empty string of at most 200 characters',
        );
      }
      if (typeof input.sourceId !== 'string' || !(await store.articles.get(input.sourceId))) {
        throw new KnowledgeBaseError('not_found', `no article or FAQ ${String(input.sourceId)}`);
      }
      const cap = (value: string | null | undefined, max: number) =>
        typeof value === 'string' ? normalizeQuery(value).slice(0, max) || null : null;
      const { feedback } = await store.answerFeedback.record({
        answerId: input.answerId,
        articleId: input.sourceId,
        helpful: input.helpful,
        conversationId: typeof input.conversationId === 'string' ? input.conversationId : null,
        query: cap(input.query, 1000),
        comment: cap(input.comment, 2000),
      });
      return feedback;
    },

    async helpfulness(helpfulnessOptions = {}) {
      const [rows, articles] = await Promise.all([
        store.answerFeedback.helpfulness(helpfulnessOptions),
        store.articles.list(),
      ]);
      const byId = new Map(articles.map((a) => [a.id, a]));
      return rows.map((row) => ({
        articleId: row.articleId,
        title: byId.get(row.articleId)?.title ?? null,
        kind: byId.get(row.articleId)?.kind ?? null,
        helpful: row.helpful,
        notHelpful: row.notHelpful,
        total: row.total,
        rate: row.total === 0 ? 0 : row.helpful / row.total,
        rateLowerBound: wilsonLowerBound(row.helpful, row.total),
        lastVoteAt: row.lastVoteAt,
      }));
    },

    get scoring() {
      return {
        fusion: { ...fusion, roleOffsets: { ...fusion.roleOffsets } },
        calibration: { ...calibration },
      };
    },

    setScoring(scoring) {
      if (scoring.fusion) fusion = { ...fusion, ...scoring.fusion };
      if (scoring.calibration) calibration = scoring.calibration;
    },

    stats() {
      let passages = 0;
      for (const doc of state.docs.values()) passages += doc.passages.length;
      return {
        documents: state.docs.size,
        passages,
        keywordDocs: state.keyword.size,
        vectors: state.vectors.size,
        clustered: state.vectors.clustered,
        modelKey,
        keywordEngine: engine,
        ready,
        builtAt,
      };
    },
  };
  return kb;
}
