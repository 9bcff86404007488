/**
 * @jest-environment ./nlp/embeddings/onnx-test-environment.ts
 */
import { cosine, createTransformersEmbedder, meanPoolNormalize, type TransformersEmbedder } from './embedder';
import { defaultMiniLmDir } from './model-folder';

describe('cosine and pooling helpers', () => {
  it('cosine is the dot product and checks lengths', () => {
    expect(cosine(Float32Array.of(0.6, 0.8), Float32Array.of(0.6, 0.8))).toBeCloseTo(1, 6);
    expect(cosine(Float32Array.of(1, 0), Float32Array.of(0, 1))).toBe(0);
    expect(() => cosine(Float32Array.of(1), Float32Array.of(1, 0))).toThrow(RangeError);
  });

  it('mean-pools over unmasked tokens only, then normalises', () => {
    // batch 2, seq 3, dim 2; second row has its last token masked out
    const hidden = Float32Array.of(1, 0, 3, 0, 2, 0, /* row 2 */ 0, 2, 0, 4, 100, 100);
    const mask = [1n, 1n, 1n, 1n, 1n, 0n];
    const [a, b] = meanPoolNormalize(hidden, mask, 2, 3, 2);
    expect(Array.from(a)).toEqual([1, 0]);
    expect(Array.from(b)).toEqual([0, 1]);
  });
});

// Uses the shared folder <repo>/models/all-MiniLM-L6-v2 (git-ignored): built on the first run
// (about 1 s, atomically, so parallel jest workers are safe) and reused afterwards.
describe('transformers embedder on the converted all-MiniLM-L6-v2', () => {
  let embedder: TransformersEmbedder;
  beforeAll(async () => {
    embedder = await createTransformersEmbedder({ cacheDir: defaultMiniLmDir(), cacheSize: 100 });
  }, 120_000);
  afterAll(() => embedder.dispose());

  it('describes itself', () => {
    expect(embedder.dimension).toBe(384);
    expect(embedder.modelId).toBe('sentence-transformers/all-MiniLM-L6-v2');
  });

  it('matches the published reference vector', async () => {
    const v = await embedder.embedOne('This is an example sentence');
    expect(v).toHaveLength(384);
    const expected = [0.0677, 0.0635, 0.0487, 0.0793];
    expected.forEach((x, i) => expect(Math.abs(v[i] - x)).toBeLessThanOrEqual(0.001));
    expect(cosine(v, v)).toBeCloseTo(1, 5);
  });

  it('scores paraphrases above unrelated sentences', async () => {
    const [order, orderParaphrase, refund, refundParaphrase, weather] = await embedder.embed([
      'Where is my order?',
      'I am still waiting for my package to arrive',
      'I want my money back',
      'Please refund my purchase',
      'The weather is lovely in Lisbon today',
    ]);
    expect(cosine(order, orderParaphrase)).toBeGreaterThan(cosine(order, weather));
    expect(cosine(order, orderParaphrase)).toBeGreaterThan(cosine(order, refund));
    expect(cosine(refund, refundParaphrase)).toBeGreaterThan(cosine(refund, weather));
    expect(cosine(refund, refundParaphrase)).toBeGreaterThan(0.5);
    expect(cosine(order, weather)).toBeLessThan(0.3);
  });

  it('gives the same vectors in a batch as one at a time, in input order, duplicates included', async () => {
    const texts = [
      'hi',
      'Can I change the delivery address for order 1234?',
      'hi',
      'cancel my subscription',
      '',
    ];
    const fresh = await createTransformersEmbedder({
      cacheDir: defaultMiniLmDir(),
      cacheSize: 0,
      maxBatch: 8,
    });
    const batch = await fresh.embed(texts);
    expect(batch).toHaveLength(texts.length);
    for (let i = 0; i < texts.length; i++) {
      const single = await fresh.embedOne(texts[i]);
      for (let d = 0; d < 384; d++) expect(Math.abs(batch[i][d] - single[d])).toBeLessThan(1e-5);
    }
    expect(Array.from(batch[0])).toEqual(Array.from(batch[2]));
    await fresh.dispose();
  });

  it('serves repeated texts from the cache, as copies the caller may change', async () => {
    const first = await embedder.embedOne('track my parcel');
    first[0] = 42;
    const again = await embedder.embedOne('track my parcel');
    expect(again[0]).not.toBe(42);
    expect(await embedder.embed([])).toEqual([]);
  });

  it('rejects after dispose, except for cached texts', async () => {
    const other = await createTransformersEmbedder({ cacheDir: defaultMiniLmDir(), cacheSize: 10 });
    const cached = await other.embedOne('order status');
    await other.dispose();
    expect(Array.from(await other.embedOne('order status'))).toEqual(Array.from(cached));
    await expect(other.embedOne('something new')).rejects.toThrow(/disposed/);
  });

  it('truncates long inputs to the model maximum instead of failing', async () => {
    const long = 'my order never arrived and nobody answers my emails '.repeat(200); // ~2,000 tokens
    const v = await embedder.embedOne(long);
    expect(v).toHaveLength(384);
    expect(cosine(v, v)).toBeCloseTo(1, 5);
  });
});

describe('quantized (dynamic int8) variant', () => {
  it('loads onnx/model_quantized.onnx and stays close to the float32 vectors', async () => {
    const texts = ['This is an example sentence', 'where is my refund?', 'I would like to speak to an agent'];
    const exact = await createTransformersEmbedder({ cacheDir: defaultMiniLmDir(), cacheSize: 0 });
    const quantized = await createTransformersEmbedder({
      cacheDir: defaultMiniLmDir(),
      cacheSize: 0,
      quantized: true,
    });
    const [a, b] = [await exact.embed(texts), await quantized.embed(texts)];
    a.forEach((v, i) => expect(cosine(v, b[i])).toBeGreaterThan(0.97));
    // maxBatch defaults to 1 when quantized, so a vector never depends on its batch-mates.
    expect(Array.from(await quantized.embedOne(texts[1]))).toEqual(Array.from(b[1]));
    await Promise.all([exact.dispose(), quantized.dispose()]);
  }, 60_000);
});
