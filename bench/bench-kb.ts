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
 *     beside the keyword-only baseline (`mode: 'bm25'`, no embedding) and the embedder alone;
 *   - update one article: `saveArticle` of an article with one paragraph changed (store write, one
 *     passage re-embedded, index updated in place), and `upsertArticle` of an unchanged one;
 *   - retrieval sanity: hit@1 of the article a query was generated from, and recall@10 of the
 *     clustered vector index against an exact scan.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { markdownTable, optionalFlag, parseFlags, percentile, writeJsonResult } from './lib/cli';
import { createTransformersEmbedder, MINILM_MODEL_ID } from '../nlp/embeddings';
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
  const queryEmbedder = quantizedQueries
    ? await createTransformersEmbedder({ cacheSize: 0, quantized: true })
    : embedder;
  const modelKey = `${MINILM_MODEL_ID}${quantized ? '#q8' : ''}`;
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

    const sample = queries
      .filter((_, i) => i % Math.max(1, Math.floor(queries.length / queryCount)) === 0)
      .slice(0, queryCount);
    const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
      const started = performance.now();
      const value = await fn();
      return [value, performance.now() - started];
    };
    // Interleaved, so load drift on a shared machine hits every series alike.
    const hybrid: number[] = [];
    const keyword: number[] = [];
    const embedOnly: number[] = [];
    let hit1 = 0;
    let keywordHit1 = 0;
    for (const q of sample) {
      const [, e] = await time(() => queryEmbedder.embedOne(q.text));
      const [hits, h] = await time(() => kb.search(q.text, 5));
      const [keywordHits, k] = await time(() => kb.search(q.text, 5, { mode: 'bm25' }));
      hybrid.push(h);
      keyword.push(k);
      embedOnly.push(e);
      if (hits[0]?.id === q.id) hit1++;
      if (keywordHits[0]?.id === q.id) keywordHit1++;
    }

    // Recall of the clustered index against an exact scan, on the same vectors.
    const all = await store.passageEmbeddings.listByModel(modelKey);
    const clustered = new VectorIndex(embedder.dimension);
    const exact = new VectorIndex(embedder.dimension, { ivfMinRows: Number.MAX_SAFE_INTEGER });
    for (const row of all) {
      clustered.add(`${row.articleId}#${row.passageIndex}`, row.vector);
      exact.add(`${row.articleId}#${row.passageIndex}`, row.vector);
    }
    clustered.train();
    let overlap = 0;
    const scanClustered: number[] = [];
    const scanExact: number[] = [];
    for (const q of sample.slice(0, 100)) {
      const v = await embedder.embedOne(q.text);
      const [a, ta] = await time(async () => clustered.search(v, 10));
      const [b, tb] = await time(async () => exact.search(v, 10));
      scanClustered.push(ta);
      scanExact.push(tb);
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
      queryModel: quantizedQueries ? `${modelKey}#q8` : modelKey,
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
        keywordBaselineP50Ms: percentile(keyword, 50),
        keywordBaselineP99Ms: percentile(keyword, 99),
        embedderP50Ms: percentile(embedOnly, 50),
        ratioToKeyword: percentile(hybrid, 50) / Math.max(1e-9, percentile(keyword, 50)),
        hit1: hit1 / Math.max(1, sample.length),
        keywordHit1: keywordHit1 / Math.max(1, sample.length),
      },
      vectorIndex: {
        recallAt10: overlap / Math.max(1, Math.min(100, sample.length)),
        clusteredScanP50Ms: percentile(scanClustered, 50),
        exactScanP50Ms: percentile(scanExact, 50),
      },
      update: {
        samples: updates,
        saveOneP50Ms: percentile(save, 50),
        saveOneP99Ms: percentile(save, 99),
        reindexUnchangedP50Ms: percentile(reindex, 50),
      },
    };
    console.log(
      `\n## ${rows.length} articles, ${result.passages} passages (${modelKey}; queries ${result.queryModel})\n`,
    );
    console.log(
      markdownTable(
        ['measure', 'value', 'target'],
        [
          ['query p50, hybrid incl. query embedding (ms)', result.query.hybridP50Ms, '≤ 5'],
          ['query p99, hybrid (ms)', result.query.hybridP99Ms, ''],
          ['baseline: keyword-only query p50 (ms)', result.query.keywordBaselineP50Ms, ''],
          ['hybrid / keyword-only p50', result.query.ratioToKeyword, ''],
          ['embedder alone p50 (ms)', result.query.embedderP50Ms, ''],
          ['full build, vectors stored (s)', result.build.warmSeconds, '≤ 30'],
          ['full build, cold: every passage embedded (s)', result.build.coldSeconds, '≤ 30'],
          ['update one article: save + re-index p50 (ms)', result.update.saveOneP50Ms, '≤ 200'],
          ['update one article p99 (ms)', result.update.saveOneP99Ms, ''],
          ['re-index unchanged article p50 (ms)', result.update.reindexUnchangedP50Ms, ''],
          ['hit@1 (query → its article), hybrid', result.query.hit1, ''],
          ['hit@1, keyword-only', result.query.keywordHit1, ''],
          ['clustered vector index recall@10 vs exact', result.vectorIndex.recallAt10, ''],
          [
            'vector scan p50 clustered / exact (ms)',
            `${result.vectorIndex.clusteredScanP50Ms.toFixed(3)} / ${result.vectorIndex.exactScanP50Ms.toFixed(3)}`,
            '',
          ],
        ],
      ),
    );
    writeJsonResult(flags, result);
  } finally {
    await embedder.dispose();
    if (queryEmbedder !== embedder) await queryEmbedder.dispose();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
