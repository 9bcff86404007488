import { createTransformersEmbedder } from './embedder';
const pct = (a: number[], p: number) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(p * (s.length - 1))].toFixed(3); };
(async () => {
  let t = performance.now();
  const e = await createTransformersEmbedder({ model: process.argv[2] ?? '/tmp/minilm-a', cacheSize: 0, quantized: process.argv[3] === 'q' });
  console.log('load ms', (performance.now() - t).toFixed(0), e.dimension, e.modelId, 'rss MB', (process.memoryUsage().rss / 1e6).toFixed(0));
  const v = await e.embedOne('This is an example sentence');
  console.log(Array.from(v.slice(0, 4)).map((x) => x.toFixed(4)));
  const msgs = ['where is my order?', 'I want to return these shoes', 'can I talk to a human please', 'my card was charged twice for the same purchase', 'hi'];
  for (let i = 0; i < 20; i++) await e.embedOne(msgs[i % 5]);
  const ts: number[] = [];
  for (let i = 0; i < 500; i++) { const a = performance.now(); await e.embedOne(msgs[i % 5]); ts.push(performance.now() - a); }
  console.log('embedOne p50', pct(ts, 0.5), 'p90', pct(ts, 0.9));
  // pipeline comparison
  const { pipeline } = await import('@huggingface/transformers');
  const pipe = await pipeline('feature-extraction', process.argv[2] ?? '/tmp/minilm-a', { dtype: 'fp32', session_options: { intraOpNumThreads: 1, interOpNumThreads: 1 } });
  const ts2: number[] = [];
  for (let i = 0; i < 520; i++) { const a = performance.now(); await pipe(msgs[i % 5], { pooling: 'mean', normalize: true }); if (i >= 20) ts2.push(performance.now() - a); }
  console.log('pipeline p50', pct(ts2, 0.5), 'p90', pct(ts2, 0.9));
  const batch = Array.from({ length: 256 }, (_, i) => `${msgs[i % 5]} number ${i} with some extra words ${i % 7 ? 'and more text here' : ''}`);
  t = performance.now(); await e.embed(batch); const ms = performance.now() - t;
  console.log('batch 256 ms', ms.toFixed(0), 'texts/s', (256000 / ms).toFixed(0));
  console.log('rss MB', (process.memoryUsage().rss / 1e6).toFixed(0));
})();
