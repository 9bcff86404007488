import * as ort from 'onnxruntime-node';
(async () => {
  const t0 = performance.now();
  const s = await ort.InferenceSession.create('/tmp/minilm-a/onnx/model.onnx', { intraOpNumThreads: 1, interOpNumThreads: 1 });
  console.log('load ms', performance.now() - t0, s.inputNames, s.outputNames);
  const { AutoTokenizer } = await import('@huggingface/transformers');
  const tok = await AutoTokenizer.from_pretrained('/tmp/minilm-a');
  const enc = tok(['This is an example sentence'], { padding: true, truncation: true });
  console.log(enc.input_ids.tolist());
  const feeds: Record<string, ort.Tensor> = {};
  for (const k of ['input_ids', 'attention_mask', 'token_type_ids']) feeds[k] = new ort.Tensor('int64', enc[k].data as BigInt64Array, enc[k].dims);
  const out = await s.run(feeds);
  const h = out.last_hidden_state;
  const [b, n, d] = h.dims; const data = h.data as Float32Array;
  const v = new Float32Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) v[j] += data[i * d + j] / n;
  const norm = Math.hypot(...v); console.log(Array.from(v.slice(0, 6)).map(x => (x / norm).toFixed(4)));
  const ts: number[] = [];
  for (let i = 0; i < 200; i++) { const a = performance.now(); await s.run(feeds); ts.push(performance.now() - a); }
  ts.sort((a, b) => a - b); console.log('ort p50', ts[100], 'p90', ts[180]);
})();
