/**
 * Knowledge-base retrieval evaluation.
 *
 *   npm run eval:kb -- --faqs ../shared/datasets/stackfaq/faqs.jsonl --queries ../shared/datasets/stackfaq/queries.jsonl \
 *     --unanswerable ../shared/datasets/clinc150/val.jsonl --fit-unanswerable ../shared/datasets/clinc150/train.jsonl --json out.json
 *
 * Flags:
 *   --faqs FILE          JSON Lines {"id","question","answer"} (StackFAQ layout): one FAQ each.
 *   --queries FILE       JSON Lines {"query","faq_id"}: the FAQ that answers each query.
 *   --unanswerable FILE  JSON Lines of queries no FAQ answers: rows labelled "oos" when rows carry a
 *                        label, every row otherwise. Reports hybrid.falseAnswerRate at the threshold used.
 *   --fit-unanswerable FILE  unanswerable queries to fit the confidence calibration on (same format;
 *                        e.g. CLINC150 train). Without it the library's default calibration is used.
 *                        Never the file the false-answer rate is reported on.
 *   --dev-fraction F     share of the queries (chosen by a hash of the text) the fusion weights and the
 *                        calibration are fitted on (default 0.4). Figures are reported on all queries
 *                        and, separately, on the held-out rest.
 *   --max-false F        false-answer rate the threshold is chosen for on the fit negatives (default 0.05).
 *   --no-tune            use the library's default fusion weights as they are.
 *   --quantized          the int8 MiniLM (model_quantized.onnx) instead of fp32, for passages and queries.
 *   --quantized-queries  fp32 passages, int8 queries (the knowledge base's `queryEmbedder` option).
 *   --model DIR          embedding model folder (default: the converted all-MiniLM-L6-v2).
 *   --store FILE         SQLite file to hold the FAQs and their vectors (default: a cache under
 *                        models/cache/eval-kb/, so a re-run reads the vectors back instead of embedding).
 *   --json FILE          write the results.
 *
 * Rows: bm25 (the knowledge base's own BM25+ postings, which score as MiniSearch does; MiniSearch and
 * wink-bm25-text-search are measured beside it as bm25MiniSearch and bm25Wink), embeddings (MiniLM cosine over the question and answer passages), hybrid (score
 * fusion), and rrf (plain reciprocal-rank fusion of the two rankings, k = 60, for reference). Every row
 * is measured through the knowledge base's own `search` (latency: one call each, query embedding
 * included, the embedder's cache off); rrf is computed from the same calls' components.
 * hit1AtThreshold: share of the queries answered (confidence ≥ threshold) with the right FAQ.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  markdownTable,
  optionalFlag,
  parseFlags,
  percentile,
  readJsonLines,
  requireFlag,
  writeJsonResult,
} from './lib/cli';
import { createTransformersEmbedder } from '../nlp/embeddings';
import { openSqliteStore, type ArticleImportRow } from '../store';
import {
  confidence,
  confidenceFeatures,
  createKnowledgeBase,
  embeddingEvidence,
  fitLogistic,
  fuse,
  reciprocalRankFusion,
  thresholdForFalseRate,
  type Calibration,
  type ExplainedDoc,
  type FusionWeights,
  type SearchMode,
} from '../knowledge-base';

process.env.DOTENV_CONFIG_QUIET ??= 'true';

const USAGE =
  'npm run eval:kb -- --faqs FILE --queries FILE [--unanswerable FILE] [--fit-unanswerable FILE] [--dev-fraction F] [--json FILE]';

interface FaqRow {
  id: string;
  question: string;
  answer: string;
}
interface QueryRow {
  query: string;
  faq_id: string;
}
interface LabelledRow {
  text?: string;
  query?: string;
  label?: string;
}

export interface RowMetrics {
  queries: number;
  hit1: number;
  hit5: number;
  mrr: number;
  p50Ms: number;
  p99Ms: number;
}

/** Rank (1-based) of `gold` in `ids`, 0 when absent. */
const rankOf = (ids: readonly string[], gold: string) => ids.indexOf(gold) + 1;

export function metrics(ranks: readonly number[], latencies: readonly number[]): RowMetrics {
  const n = Math.max(1, ranks.length);
  return {
    queries: ranks.length,
    hit1: ranks.filter((r) => r === 1).length / n,
    hit5: ranks.filter((r) => r >= 1 && r <= 5).length / n,
    mrr: ranks.reduce((sum, r) => sum + (r > 0 ? 1 / r : 0), 0) / n,
    p50Ms: percentile([...latencies], 50),
    p99Ms: percentile([...latencies], 99),
  };
}

/** Deterministic dev/test split by a hash of the query text. */
export const isDev = (text: string, fraction: number): boolean =>
  createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32 < fraction;

function unanswerableTexts(path: string): string[] {
  const rows = readJsonLines<LabelledRow>(path);
  const labelled = rows.some((r) => typeof r.label === 'string');
  return rows
    .filter((r) => !labelled || r.label === 'oos')
    .map((r) => r.text ?? r.query ?? '')
    .filter((t) => t.trim() !== '');
}

/** Ranking of explained documents under some fusion weights (recomputed from the raw per-role cosines). */
function rerank(
  docs: readonly ExplainedDoc[],
  weights: FusionWeights,
): { id: string; fused: number; components: ExplainedDoc['components'] }[] {
  return docs
    .map((doc) => {
      const components = { ...doc.components, ...embeddingEvidence(doc.roleCosine, weights) };
      return { id: doc.id, fused: fuse(components, weights), components };
    })
    .sort((a, b) => b.fused - a.fused || (a.id < b.id ? -1 : 1));
}

/** The fusion grid: keyword weight × (answer offset, or answer support). Includes the embeddings-only point (0, 0). */
export function fusionGrid(): FusionWeights[] {
  const grid: FusionWeights[] = [];
  const evidence: Pick<FusionWeights, 'roleOffsets' | 'answerSupport'>[] = [
    ...[0, -0.04, -0.08, -0.12, -0.2, -1].map((answer) => ({ roleOffsets: { answer }, answerSupport: 0 })),
    ...[0.1, 0.2, 0.3, 0.4, 0.5].map((answerSupport) => ({ roleOffsets: {}, answerSupport })),
  ];
  for (const e of evidence)
    for (let step = 0; step <= 30; step++) grid.push({ keywordWeight: step * 0.01, ...e });
  return grid;
}

/**
 * Grid search on the dev queries. A few hundred queries are noisy (one query moves hit@1 by 0.4 points),
 * so each grid point is judged by (hit@1 + MRR) / 2 averaged over its neighbours on the keyword-weight
 * axis (±0.02): a broad optimum wins over a lucky spike. Ties go to the earlier grid point.
 */
function tuneFusion(
  dev: { docs: ExplainedDoc[]; gold: string }[],
): FusionWeights & { devHit1: number; devMrr: number } {
  const grid = fusionGrid();
  const scores = grid.map((weights) => {
    let hit1 = 0;
    let mrr = 0;
    for (const { docs, gold } of dev) {
      const rank = rankOf(
        rerank(docs, weights).map((d) => d.id),
        gold,
      );
      if (rank === 1) hit1++;
      if (rank > 0) mrr += 1 / rank;
    }
    return { hit1: hit1 / dev.length, mrr: mrr / dev.length };
  });
  const sameEvidence = (a: FusionWeights, b: FusionWeights) =>
    a.answerSupport === b.answerSupport && JSON.stringify(a.roleOffsets) === JSON.stringify(b.roleOffsets);
  let best = -1;
  let bestScore = -Infinity;
  grid.forEach((weights, i) => {
    const neighbours = grid
      .map((other, j) => ({ other, j }))
      .filter(
        ({ other }) =>
          sameEvidence(other, weights) &&
          Math.abs(other.keywordWeight - weights.keywordWeight) <= 0.02 + 1e-9,
      );
    const smooth =
      neighbours.reduce((sum, { j }) => sum + (scores[j].hit1 + scores[j].mrr) / 2, 0) /
      Math.max(1, neighbours.length);
    if (smooth > bestScore + 1e-12) {
      bestScore = smooth;
      best = i;
    }
  });
  return { ...grid[best], devHit1: scores[best].hit1, devMrr: scores[best].mrr };
}

const featuresOf = (docs: readonly ExplainedDoc[], weights: FusionWeights) => {
  const ranked = rerank(docs, weights);
  if (ranked.length === 0) return null;
  return {
    top: ranked[0].id,
    features: confidenceFeatures(ranked[0].components, ranked[0].fused, ranked[1]?.fused),
  };
};

async function main(): Promise<void> {
  const flags = parseFlags();
  const faqsPath = requireFlag(flags, 'faqs', USAGE);
  const queriesPath = requireFlag(flags, 'queries', USAGE);
  const unanswerablePath = optionalFlag(flags, 'unanswerable');
  const fitUnanswerablePath = optionalFlag(flags, 'fit-unanswerable');
  const devFraction = Number(optionalFlag(flags, 'dev-fraction') ?? 0.4);
  const maxFalse = Number(optionalFlag(flags, 'max-false') ?? 0.05);
  const quantized = flags.quantized === true;
  const quantizedQueries = flags['quantized-queries'] === true;
  const model = optionalFlag(flags, 'model');

  const faqs = readJsonLines<FaqRow>(faqsPath);
  const queries = readJsonLines<QueryRow>(queriesPath);
  const known = new Set(faqs.map((f) => f.id));
  const unknownGold = queries.filter((q) => !known.has(q.faq_id));
  if (unknownGold.length > 0) throw new Error(`${unknownGold.length} queries name FAQs not in ${faqsPath}`);
  const unanswerable = unanswerablePath ? unanswerableTexts(unanswerablePath) : [];
  const fitNegatives = fitUnanswerablePath ? unanswerableTexts(fitUnanswerablePath) : [];
  if (unanswerablePath && fitUnanswerablePath && resolve(unanswerablePath) === resolve(fitUnanswerablePath)) {
    throw new Error('--fit-unanswerable must not be the file the false-answer rate is reported on');
  }

  const rows: ArticleImportRow[] = faqs.map((f) => ({
    id: f.id,
    kind: 'faq',
    title: f.question.trim() || f.id,
    body: f.answer.trim() || '(no answer)',
  }));
  const fingerprint = createHash('sha256')
    .update(JSON.stringify(rows))
    .update(quantized ? 'q8' : 'fp32')
    .update(model ?? '')
    .digest('hex')
    .slice(0, 16);
  let tempDir: string | null = null;
  let storeFile = optionalFlag(flags, 'store');
  if (!storeFile) {
    const dir = resolve(__dirname, '..', 'models', 'cache', 'eval-kb');
    try {
      mkdirSync(dir, { recursive: true });
      storeFile = join(dir, `stackfaq-${fingerprint}.sqlite`);
    } catch {
      tempDir = mkdtempSync(join(tmpdir(), 'parley-eval-kb-'));
      storeFile = join(tempDir, 'kb.sqlite');
    }
  }

  console.log(
    `FAQs ${faqs.length}, queries ${queries.length}, unanswerable ${unanswerable.length}, fit negatives ${fitNegatives.length}`,
  );
  const store = await openSqliteStore({ file: storeFile });
  const embedder = await createTransformersEmbedder({ cacheSize: 0, quantized, ...(model ? { model } : {}) });
  const queryEmbedder = quantizedQueries
    ? await createTransformersEmbedder({ cacheSize: 0, quantized: true, ...(model ? { model } : {}) })
    : embedder;
  const modelKey = embedder.modelId;
  try {
    await store.articles.importMany(rows, { replaceAll: true });
    const kb = createKnowledgeBase({ store, embedder, queryEmbedder, modelKey });
    const built = await kb.build();
    console.log(
      `built: ${built.documents} FAQs, ${built.passages} passages, ${built.embedded} embedded, ${built.reused} read back from the store, ${built.ms.toFixed(0)} ms`,
    );
    const wink = createKnowledgeBase({ store, embedder, queryEmbedder, modelKey, keywordEngine: 'wink' });
    await wink.build();
    const miniSearch = createKnowledgeBase({
      store,
      embedder,
      queryEmbedder,
      modelKey,
      keywordEngine: 'minisearch',
    });
    await miniSearch.build();

    const split = queries.map((q) => ({ ...q, dev: isDev(q.query, devFraction) }));
    const dev = split.filter((q) => q.dev);

    // 1. Fusion weights, fitted on the dev queries only.
    const explained = new Map<string, ExplainedDoc[]>();
    for (const q of split) explained.set(q.query, await kb.explain(q.query, 1000));
    const defaults = kb.scoring;
    let fusion: FusionWeights = defaults.fusion;
    let tuned: ReturnType<typeof tuneFusion> | null = null;
    if (flags['no-tune'] !== true) {
      tuned = tuneFusion(dev.map((q) => ({ docs: explained.get(q.query)!, gold: q.faq_id })));
      fusion = {
        keywordWeight: tuned.keywordWeight,
        roleOffsets: tuned.roleOffsets,
        answerSupport: tuned.answerSupport,
      };
    }

    // 2. Calibration: dev queries (positive when the top answer is right) + unanswerable fit queries.
    let calibration: Calibration = defaults.calibration;
    let calibrationSource = 'library default';
    if (fitNegatives.length > 0) {
      const samples: { features: number[]; label: 0 | 1 }[] = [];
      for (const q of dev) {
        const f = featuresOf(explained.get(q.query)!, fusion);
        if (f) samples.push({ features: [...f.features], label: f.top === q.faq_id ? 1 : 0 });
      }
      const negativeFeatures: number[][] = [];
      for (const text of fitNegatives) {
        const f = featuresOf(await kb.explain(text, 1000), fusion);
        if (f) negativeFeatures.push([...f.features]);
      }
      // Balance the classes so the negatives' count does not set the scale.
      const weight = Math.max(1, Math.round(samples.length / Math.max(1, negativeFeatures.length)));
      for (const features of negativeFeatures)
        for (let r = 0; r < weight; r++) samples.push({ features, label: 0 });
      const w = fitLogistic(samples);
      const coefficients = [w[0], w[1], w[2], w[3]] as Calibration['coefficients'];
      const negativeScores = negativeFeatures.map((f) =>
        confidence(f as [number, number, number], { coefficients, threshold: 0 }),
      );
      calibration = { coefficients, threshold: thresholdForFalseRate(negativeScores, maxFalse) };
      calibrationSource = `fitted on ${dev.length} dev queries + ${negativeFeatures.length} rows of ${fitUnanswerablePath}`;
    }
    kb.setScoring({ fusion, calibration });
    wink.setScoring({ fusion, calibration });
    miniSearch.setScoring({ fusion, calibration });

    // 3. Every row through kb.search: ranks and latency (one call per query and mode). The modes take
    // turns query by query, so load drift on a shared machine hits every row alike.
    const modes = [
      ['bm25', kb, 'bm25'],
      ['bm25MiniSearch', miniSearch, 'bm25'],
      ['bm25Wink', wink, 'bm25'],
      ['embeddings', kb, 'embeddings'],
      ['hybrid', kb, 'hybrid'],
    ] as const;
    const runs = Object.fromEntries(
      modes.map(([name]) => [name, { ranks: [] as number[], latencies: [] as number[] }]),
    ) as Record<(typeof modes)[number][0], { ranks: number[]; latencies: number[] }>;
    for (const q of split) {
      for (const [name, base, mode] of modes) {
        const started = performance.now();
        const hits = await base.search(q.query, 10, { mode: mode as SearchMode });
        runs[name].latencies.push(performance.now() - started);
        runs[name].ranks.push(
          rankOf(
            hits.map((h) => h.id),
            q.faq_id,
          ),
        );
      }
    }
    const rrfRanks = split.map((q) => {
      const docs = explained.get(q.query)!;
      const byKeyword = docs
        .filter((d) => d.components.keyword > 0)
        .sort((a, b) => b.components.keyword - a.components.keyword);
      const byEmbedding = [...docs].sort((a, b) => b.components.embedding - a.components.embedding);
      const fused = reciprocalRankFusion([
        { ids: byKeyword.map((d) => d.id) },
        { ids: byEmbedding.map((d) => d.id) },
      ]);
      const order = [...fused.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
      return rankOf(order.slice(0, 10), q.faq_id);
    });

    // 4. Answers at the threshold.
    let answeredRight = 0;
    let answered = 0;
    const answerLatencies: number[] = [];
    for (const q of split) {
      const started = performance.now();
      const result = await kb.answer(q.query);
      answerLatencies.push(performance.now() - started);
      if (result.kind === 'answer') {
        answered++;
        if (result.source.id === q.faq_id) answeredRight++;
      }
    }
    let falseAnswers = 0;
    for (const text of unanswerable) if ((await kb.answer(text)).kind === 'answer') falseAnswers++;

    const pick = (run: { ranks: number[]; latencies: number[] }, which: 'all' | 'test') => {
      const keep = split.map((q) => which === 'all' || !q.dev);
      return metrics(
        run.ranks.filter((_, i) => keep[i]),
        run.latencies.filter((_, i) => keep[i]),
      );
    };
    const result = {
      data: {
        faqs: faqsPath,
        queries: queriesPath,
        unanswerable: unanswerablePath ?? null,
        fitUnanswerable: fitUnanswerablePath ?? null,
      },
      model: modelKey,
      queries: quantizedQueries ? `${queryEmbedder.modelId} (queries only)` : modelKey,
      keywordEngine: 'postings',
      split: { devFraction, dev: dev.length, test: split.length - dev.length },
      build: built,
      fusion: { ...fusion, tunedOnDev: tuned ? { hit1: tuned.devHit1, mrr: tuned.devMrr } : null },
      calibration: { ...calibration, source: calibrationSource },
      bm25: pick(runs.bm25, 'all'),
      bm25MiniSearch: pick(runs.bm25MiniSearch, 'all'),
      bm25Wink: pick(runs.bm25Wink, 'all'),
      embeddings: pick(runs.embeddings, 'all'),
      hybrid: {
        ...pick(runs.hybrid, 'all'),
        hit1AtThreshold: answeredRight / Math.max(1, split.length),
        answeredRate: answered / Math.max(1, split.length),
        falseAnswerRate: unanswerable.length > 0 ? falseAnswers / unanswerable.length : null,
        unanswerableQueries: unanswerable.length,
        answerP50Ms: percentile(answerLatencies, 50),
        answerP99Ms: percentile(answerLatencies, 99),
      },
      rrf: metrics(rrfRanks, []),
      heldOut: {
        bm25: pick(runs.bm25, 'test'),
        embeddings: pick(runs.embeddings, 'test'),
        hybrid: pick(runs.hybrid, 'test'),
      },
    };
    const ratio = (ms: number) => (result.bm25.p50Ms > 0 ? `${(ms / result.bm25.p50Ms).toFixed(1)}×` : '–');
    const row = (name: string, m: RowMetrics) => [
      name,
      m.hit1,
      m.hit5,
      m.mrr,
      m.p50Ms,
      m.p99Ms,
      ratio(m.p50Ms),
    ];
    console.log(`\n## All ${split.length} queries (fusion fitted on ${dev.length} dev queries)\n`);
    console.log(
      markdownTable(
        ['retrieval', 'hit@1', 'hit@5', 'MRR', 'p50 ms', 'p99 ms', 'p50 vs bm25'],
        [
          row('bm25 (postings)', result.bm25),
          row('bm25 (MiniSearch)', result.bm25MiniSearch),
          row('bm25 (wink)', result.bm25Wink),
          row('embeddings (MiniLM)', result.embeddings),
          row('hybrid', result.hybrid),
          ['rrf (k=60, reference)', result.rrf.hit1, result.rrf.hit5, result.rrf.mrr, '–', '–', '–'],
        ],
      ),
    );
    console.log(`\n## Held-out ${result.split.test} queries (not used for fitting)\n`);
    console.log(
      markdownTable(
        ['retrieval', 'hit@1', 'hit@5', 'MRR'],
        (['bm25', 'embeddings', 'hybrid'] as const).map((k) => [
          k,
          result.heldOut[k].hit1,
          result.heldOut[k].hit5,
          result.heldOut[k].mrr,
        ]),
      ),
    );
    console.log(
      `\nfusion: keywordWeight ${fusion.keywordWeight}, role offsets ${JSON.stringify(fusion.roleOffsets)}, answerSupport ${fusion.answerSupport}; ` +
        `calibration ${JSON.stringify(calibration.coefficients.map((c) => Number(c.toFixed(3))))}, threshold ${calibration.threshold.toFixed(3)} (${calibrationSource})`,
    );
    console.log(
      `at the threshold: hit1AtThreshold ${result.hybrid.hit1AtThreshold.toFixed(4)}, answered ${result.hybrid.answeredRate.toFixed(4)}` +
        (result.hybrid.falseAnswerRate === null
          ? ''
          : `, falseAnswerRate ${result.hybrid.falseAnswerRate.toFixed(4)} on ${unanswerable.length} unanswerable`) +
        `; answer p50 ${result.hybrid.answerP50Ms.toFixed(2)} ms`,
    );
    writeJsonResult(flags, result);
  } finally {
    await embedder.dispose();
    if (queryEmbedder !== embedder) await (queryEmbedder as typeof embedder).dispose();
    await store.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  });
}
