import * as ort from 'onnxruntime-node';
(async () => {
  const path = process.argv[2] ?? '/tmp/minilm-a/onnx/model.onnx';
  const s = await ort.InferenceSession.create(path, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' });
  for (const n of [1, 4, 7, 12, 16, 32, 64]) {
    const ids = new BigInt64Array(n).fill(2000n); ids[0] = 101n; ids[n - 1] = 102n;
    const feeds = { input_ids: new ort.Tensor('int64', ids, [1, n]), attention_mask: new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]), token_type_ids: new ort.Tensor('int64', new BigInt64Array(n), [1, n]) };
    for (let i = 0; i < 20; i++) await s.run(feeds);
    const ts: number[] = [];
    for (let i = 0; i < 200; i++) { const a = performance.now(); await s.run(feeds); ts.push(performance.now() - a); }
    ts.sort((a, b) => a - b); console.log(n, 'p50', ts[100].toFixed(3), 'p10', ts[20].toFixed(3));
  }
})();
