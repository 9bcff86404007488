import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
import { onnx } from 'onnx-proto';
(async () => {
  await ort.InferenceSession.create('/tmp/minilm-a/onnx/model.onnx', { intraOpNumThreads: 1, optimizedModelFilePath: '/tmp/minilm-opt.onnx' } as any);
  const m = onnx.ModelProto.decode(readFileSync('/tmp/minilm-opt.onnx'));
  const counts: Record<string, number> = {};
  for (const n of m.graph!.node!) { const k = `${n.domain || ''}:${n.opType}`; counts[k] = (counts[k] ?? 0) + 1; }
  console.log(counts);
})();
