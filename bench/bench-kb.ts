/**
 * Knowledge-base scale benchmark on generated articles.
 *
 *   npm run bench:kb -- [--articles 1000] [--queries 300] [--updates 20] [--quantized | --quantized-queries] [--store FILE] [--json FILE]
 *
 * --quantized: the int8 MiniLM for passages and queries; --quantized-queries: fp32 passages, int8
 * queries (the knowledge base's `queryEmbedder` option: a query costs about half as much).
 *
 * --store FILE keeps the generated articles and their vectors in that SQLite file: a second run with the
 * same file skips the cold build (its "cold" row then reports a build with nothing left to embed).
 *
 * Generates N deterministic synthetic articles (title, 4–6 sections of 1–2 paragraphs, a list here and
 * there; about 9 passages each) into a fresh SQLite file, then measures:
 *   - cold build: every passage embedded (nothing stored yet), vectors written to the store;
 *   - warm build: a new knowledge base on the same store, as at start-up (vectors read back);
 *   - query latency: `search(q, 5)` in hybrid mode, the query embedding included (embedder cache off),
 *     beside the keyword-only baseline (`mode: 'bm25'`, no embedding; also with MiniSearch as the BM25
 *     engine), the embedder alone and `answer(q)`
 *     (condensation included); per call both wall time and this process's CPU time (user + system:
 *     steadier than wall time on a shared machine; onnxruntime runs on the calling thread). The hybrid
 *     query is split into its embedding (timed inside the query embedder) and everything else;
 *   - update one article: `saveArticle` of an article with one paragraph changed (store write, one
 *     passage re-embedded, index updated in place), and `upsertArticle` of an unchanged one;
 *   - retrieval sanity: hit@1 of the article a query was generated from, and recall@10 of the
 *     clustered vector index against an exact scan;
 *   - the exact scan with the WebAssembly SIMD dot product against the plain JavaScript one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { markdownTable, optionalFlag, parseFlags, percentile, writeJsonResult } from './lib/cli';
import { createTransformersEmbedder, type Embedder } from '../nlp/embeddings';
import { createRng as mulberry32 } from '../nlp/intents';
import { openSqliteStore, type ArticleImportRow } from '../store';
import { createKnowledgeBase, VectorIndex } from '../knowledge-base';

process.env.DOTENV_CONFIG_QUIET ??= 'true';

const PRODUCTS = (
  'rain jacket,wool beanie,trail runner,camping stove,sleeping bag,enamel mug,down vest,hiking boot,tent footprint,' +
  'water filter,head torch,trekking pole,dry bag,picnic blanket,cast iron pan,linen apron,gift card,loyalty account,' +
  'delivery slot,parcel locker,invoice,discount code,warranty claim,repair kit,size chart,wool throw,kettle,backpack,' +
  'merino base layer,gaiters,rain cover,camp chair,lantern,thermos,fleece,softshell,wax jacket,umbrella,doormat,candle'
).split(',');
const ACTIONS = (
  'return,exchange,repair,clean,store,order,track,cancel,reserve,wash,dry,register,redeem,pay for,insure,ship,' +
  'gift wrap,personalise,recycle,resize'
).split(',');
const PLACES =
  'the Netherlands,Germany,the United Kingdom,the United States,Denmark,France,Belgium,Spain,Ireland,Sweden'.split(
    ',',
  );
const ASPECTS = (
  'costs,time limits,conditions,steps,exceptions,documents,fees,options,what to expect,common problems,' +
  'who to contact,how long it takes,what we need from you,tips,safety'
).split(',');
const FILLER = (
  'usually,in most cases,where possible,once we have checked it,within a few working days,at no extra cost,' +
  'unless the label says otherwise,if you still have the receipt,after signing in,from your account page'
).split(',');

function generate(
  count: number,
  seed = 7,
): { rows: ArticleImportRow[]; queries: { text: string; id: string }[] } {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const rows: ArticleImportRow[] = [];
  const queries: { text: string; id: string }[] = [];
  for (let n = 0; n < count; n++) {
    const product = PRODUCTS[n % PRODUCTS.length];
    const action = ACTIONS[Math.floor(n / PRODUCTS.length) % ACTIONS.length];
    const place = pick(PLACES);
    const title = `How to ${action} your ${product} (${n})`;
    const sentence = () =>
      `You can ${action} a ${product} ${pick(FILLER)}, and ${pick(ASPECTS)} depend on ${pick(PLACES)}. ` +
      `Our team in ${place} handles each ${product} ${pick(FILLER)}.`;
    const sections: string[] = [
      `# ${title}`,
      '',
      `This guide explains how to ${action} your ${product} when you live in ${place}. ${sentence()}`,
    ];
    const sectionCount = 4 + Math.floor(random() * 3);
    for (let s = 0; s < sectionCount; s++) {
      const aspect = pick(ASPECTS);
      sections.push('', `## ${aspect[0].toUpperCase()}${aspect.slice(1)} for the ${product}`, '');
      sections.push(`${sentence()} ${sentence()}`);
      if (random() < 0.5) sections.push('', `${sentence()} ${sentence()} ${sentence()}`);
      if (random() < 0.25)
        sections.push(
          '',
          `- Step one: ${action} it ${pick(FILLER)}.`,
          `- Step two: tell us ${pick(FILLER)}.`,
        );
    }
    rows.push({
      id: `kb-synth-${n}`,
      kind: 'article',
      title,
      body: sections.join('\n'),
      tags: [product, action],
    });
    queries.push({ text: `can I ${action} my ${product} (${n}) from ${place}?`, id: `kb-synth-${n}` });
  }
  return { rows, queries };
}

async function main(): Promise<void> {
  const flags = parseFlags();
  const articles = Number(optionalFlag(flags, 'articles') ?? 1000);
  const queryCount = Number(optionalFlag(flags, 'queries') ?? 300);
  const updates = Number(optionalFlag(flags, 'updates') ?? 20);
  const quantized = flags.quantized === true;
  const quantizedQueries = flags['quantized-queries'] === true;
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-kb-'));
  const store = await openSqliteStore({ file: optionalFlag(flags, 'store') ?? join(dir, 'kb.sqlite') });
  const embedder = await createTransformersEmbedder({ cacheSize: 0, quantized });
  const queryModel = quantizedQueries
    ? await createTransformersEmbedder({ cacheSize: 0, quantized: true })
    : embedder;
  // The query embedder, timed from inside, so a hybrid query splits into embedding and the rest.
  let lastEmbedMs = 0;
  const queryEmbedder: Embedder = {
    dimension: queryModel.dimension,
    modelId: queryModel.modelId,
    embed: (texts) => queryModel.embed(texts),
    embedOne: async (text) => {
      const started = performance.now();
      const vector = await queryModel.embedOne(text);
      lastEmbedMs = performance.now() - started;
      return vector;
    },
  };
  const modelKey = embedder.modelId;
  try {
    const { rows, queries } = generate(articles);
    await store.articles.importMany(rows, { replaceAll: true });
    console.log(`generated ${rows.length} articles`);

    const cold = createKnowledgeBase({ store, embedder, modelKey });
    const coldBuild = await cold.build();
    console.log(
      `cold build: ${coldBuild.passages} passages, ${coldBuild.embedded} embedded, ${(coldBuild.ms / 1000).toFixed(1)} s`,
    );
    const kb = createKnowledgeBase({ store, embedder, queryEmbedder, modelKey });
    const warmBuild = await kb.build();
    console.log(
      `warm build: ${warmBuild.reused} vectors read back, ${(warmBuild.ms / 1000).toFixed(2)} s, clustered ${warmBuild.clustered}`,
    );

    // The same index with MiniSearch as its BM25 engine, for the keyword-only comparison.
    const miniSearch = createKnowledgeBase({
      store,
      embedder,
      queryEmbedder,
      modelKey,
      keywordEngine: 'minisearch',
    });
    await miniSearch.build();

    const sample = queries
      .filter((_, i) => i % Math.max(1, Math.floor(queries.length / queryCount)) === 0)
      .slice(0, queryCount);
    const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
      const started = performance.now();
      const value = await fn();
      return [value, performance.now() - started];
    };
    /** Wall time and CPU time (ms) of one call. */
    const timeCpu = async <T>(fn: () => Promise<T>): Promise<[T, number, number]> => {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const value = await fn();
      const wall = performance.now() - started;
      const used = process.cpuUsage(cpu);
      return [value, wall, (used.user + used.system) / 1000];
    };
    // A few untimed queries first (JIT, caches), then the series, interleaved so load drift on a
    // shared machine hits every series alike.
    for (const q of sample.slice(0, 10)) {
      await kb.search(q.text, 5);
      await kb.answer(q.text);
    }
    const hybrid: number[] = [];
    const hybridCpu: number[] = [];
    const hybridEmbed: number[] = [];
    const hybridRest: number[] = [];
    const keyword: number[] = [];
    const keywordCpu: number[] = [];
    const miniSearchCpu: number[] = [];
    const embedOnly: number[] = [];
    const embedCpu: number[] = [];
    const answers: number[] = [];
    const answersCpu: number[] = [];
    let hit1 = 0;
    let keywordHit1 = 0;
    for (const q of sample) {
      const [, e, ec] = await timeCpu(() => queryModel.embedOne(q.text));
      const [hits, h, hc] = await timeCpu(() => kb.search(q.text, 5));
      hybridEmbed.push(lastEmbedMs);
      hybridRest.push(h - lastEmbedMs);
      const [keywordHits, k, kc] = await timeCpu(() => kb.search(q.text, 5, { mode: 'bm25' }));
      const [, a, ac] = await timeCpu(() => kb.answer(q.text));
      hybrid.push(h);
      hybridCpu.push(hc);
      keyword.push(k);
      keywordCpu.push(kc);
      miniSearchCpu.push((await timeCpu(() => miniSearch.search(q.text, 5, { mode: 'bm25' })))[2]);
      embedOnly.push(e);
      embedCpu.push(ec);
      answers.push(a);
      answersCpu.push(ac);
      if (hits[0]?.id === q.id) hit1++;
      if (keywordHits[0]?.id === q.id) keywordHit1++;
    }

    // Recall of the clustered index against an exact scan, on the same vectors.
    const all = await store.passageEmbeddings.listByModel(modelKey);
    const clustered = new VectorIndex(embedder.dimension);
    const trainStarted = performance.now();
    const exact = new VectorIndex(embedder.dimension, { ivfMinRows: Number.MAX_SAFE_INTEGER });
    // The same exact scan with the plain JavaScript dot product (hosts without WebAssembly SIMD).
    const exactScalar = new VectorIndex(embedder.dimension, {
      ivfMinRows: Number.MAX_SAFE_INTEGER,
      simd: false,
    });
    for (const row of all) {
      clustered.add(`${row.articleId}#${row.passageIndex}`, row.vector);
      exact.add(`${row.articleId}#${row.passageIndex}`, row.vector);
    }
    clustered.train();
    const trainMs = performance.now() - trainStarted;
    for (const row of all) exactScalar.add(`${row.articleId}#${row.passageIndex}`, row.vector);
    let overlap = 0;
    const scanClustered: number[] = [];
    const scanExact: number[] = [];
    const scanExactScalar: number[] = [];
    for (const [n, q] of sample.slice(0, 100).entries()) {
      const v = await embedder.embedOne(q.text);
      const [a, ta] = await time(async () => clustered.search(v, 10));
      // The two exact scans take turns going first, so neither always finds the other's data in cache.
      const scalarScan = () => time(async () => exactScalar.search(v, 10));
      const scalarFirst = n % 2 === 1 ? await scalarScan() : undefined;
      const [b, tb] = await time(async () => exact.search(v, 10));
      const [, tc] = scalarFirst ?? (await scalarScan());
      scanClustered.push(ta);
      scanExact.push(tb);
      scanExactScalar.push(tc);
      const truth = new Set(b.map((hit) => hit.key));
      overlap += a.filter((hit) => truth.has(hit.key)).length / Math.max(1, truth.size);
    }

    // Updating one article: one paragraph changed, saved and re-indexed.
    const save: number[] = [];
    const reindex: number[] = [];
    for (let u = 0; u < updates; u++) {
      const row = rows[(u * 37) % rows.length];
      const changed = {
        ...row,
        body: row.body.replace(/\n\n## /, `\n\nUpdated note ${u}: prices changed this week.\n\n## `),
      };
      const [, s] = await time(() => kb.saveArticle(changed));
      save.push(s);
      const [, r] = await time(() => kb.upsertArticle(row.id));
      reindex.push(r);
    }

    const result = {
      articles: rows.length,
      passages: warmBuild.passages,
      model: modelKey,
      queryModel: queryModel.modelId,
      simd: clustered.simd,
      build: {
        coldSeconds: coldBuild.ms / 1000,
        coldEmbedded: coldBuild.embedded,
        warmSeconds: warmBuild.ms / 1000,
        warmReused: warmBuild.reused,
        clustered: warmBuild.clustered,
      },
      query: {
        samples: sample.length,
        hybridP50Ms: percentile(hybrid, 50),
        hybridP99Ms: percentile(hybrid, 99),
        hybridCpuP50Ms: percentile(hybridCpu, 50),
        hybridCpuP99Ms: percentile(hybridCpu, 99),
        hybridEmbeddingP50Ms: percentile(hybridEmbed, 50),
        hybridRestP50Ms: percentile(hybridRest, 50),
        hybridRestP99Ms: percentile(hybridRest, 99),
        answerP50Ms: percentile(answers, 50),
        answerCpuP50Ms: percentile(answersCpu, 50),
        keywordBaselineP50Ms: percentile(keyword, 50),
        keywordBaselineP99Ms: percentile(keyword, 99),
        keywordBaselineCpuP50Ms: percentile(keywordCpu, 50),
        keywordMiniSearchCpuP50Ms: percentile(miniSearchCpu, 50),
        embedderP50Ms: percentile(embedOnly, 50),
        embedderCpuP50Ms: percentile(embedCpu, 50),
        ratioToKeyword: percentile(hybrid, 50) / Math.max(1e-9, percentile(keyword, 50)),
        hit1: hit1 / Math.max(1, sample.length),
        keywordHit1: keywordHit1 / Math.max(1, sample.length),
      },
      vectorIndex: {
        recallAt10: overlap / Math.max(1, Math.min(100, sample.length)),
        clusteredScanP50Ms: percentile(scanClustered, 50),
        exactScanP50Ms: percentile(scanExact, 50),
        exactScalarScanP50Ms: percentile(scanExactScalar, 50),
        trainMs,
      },
      update: {
        samples: updates,
        saveOneP50Ms: percentile(save, 50),
        saveOneP99Ms: percentile(save, 99),
        reindexUnchangedP50Ms: percentile(reindex, 50),
      },
    };
    const fmt = (ms: number) => ms.toFixed(2);
    console.log(
      `\n## ${rows.length} articles, ${result.passages} passages (${modelKey}; queries ${result.queryModel})\n`,
    );
    console.log(
      markdownTable(
        ['measure', 'value', 'target'],
        [
          ['query p50, hybrid incl. query embedding (ms)', result.query.hybridP50Ms, '≤ 5'],
          ['query p99, hybrid (ms)', result.query.hybridP99Ms, ''],
          [
            'query CPU p50 / p99, hybrid (ms)',
            `${fmt(result.query.hybridCpuP50Ms)} / ${fmt(result.query.hybridCpuP99Ms)}`,
            '',
          ],
          ['  of which query embedding p50 (ms)', result.query.hybridEmbeddingP50Ms, ''],
          [
            '  of which the rest p50 / p99 (ms)',
            `${fmt(result.query.hybridRestP50Ms)} / ${fmt(result.query.hybridRestP99Ms)}`,
            '',
          ],
          [
            'answer() p50, wall / CPU (ms)',
            `${fmt(result.query.answerP50Ms)} / ${fmt(result.query.answerCpuP50Ms)}`,
            '',
          ],
          ['baseline: keyword-only query p50 (ms)', result.query.keywordBaselineP50Ms, ''],
          [
            'keyword-only CPU p50, own postings / MiniSearch (ms)',
            `${result.query.keywordBaselineCpuP50Ms.toFixed(2)} / ${result.query.keywordMiniSearchCpuP50Ms.toFixed(2)}`,
            '',
          ],
          ['hybrid / keyword-only p50', result.query.ratioToKeyword, ''],
          [
            'embedder alone p50, wall / CPU (ms)',
            `${fmt(result.query.embedderP50Ms)} / ${fmt(result.query.embedderCpuP50Ms)}`,
            '',
          ],
          ['full build, vectors stored (s)', result.build.warmSeconds, '≤ 30'],
          ['full build, cold: every passage embedded (s)', result.build.coldSeconds, '≤ 30'],
          ['update one article: save + re-index p50 (ms)', result.update.saveOneP50Ms, '≤ 200'],
          ['update one article p99 (ms)', result.update.saveOneP99Ms, ''],
          ['re-index unchanged article p50 (ms)', result.update.reindexUnchangedP50Ms, ''],
          ['hit@1 (query → its article), hybrid', result.query.hit1, ''],
          ['hit@1, keyword-only', result.query.keywordHit1, ''],
          ['clustered vector index recall@10 vs exact', result.vectorIndex.recallAt10, ''],
          ['vector index k-means training (ms)', result.vectorIndex.trainMs, ''],
          [
            'vector scan p50 clustered / exact (ms)',
            `${result.vectorIndex.clusteredScanP50Ms.toFixed(3)} / ${result.vectorIndex.exactScanP50Ms.toFixed(3)}`,
            '',
          ],
          [
            'exact scan p50, WebAssembly SIMD / plain JavaScript (ms)',
            `${result.vectorIndex.exactScanP50Ms.toFixed(3)} / ${result.vectorIndex.exactScalarScanP50Ms.toFixed(3)}`,
            '',
          ],
        ],
      ),
    );
    writeJsonResult(flags, result);
  } finally {
    await embedder.dispose();
    if (queryModel !== embedder) await queryModel.dispose();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
