import { LexicalVocabulary, terms, words } from './lexical-features';
import { SoftmaxRegression } from './softmax-regression';
import { SparseSoftmaxRegression } from './sparse-softmax';
import { createRng } from './random';
import { MAX_INPUT_CHARS, hasWordCharacters, sanitizeText } from './text';

/** Two Gaussian blobs per class around fixed unit directions. */
function blobs(perClass: number, K: number, dim: number, seed: number) {
  const rng = createRng(seed);
  const vectors: Float32Array[] = [];
  const labels: number[] = [];
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < perClass; i++) {
      const v = new Float32Array(dim);
      for (let d = 0; d < dim; d++) v[d] = (d % K === k ? 1 : 0) + (rng() - 0.5) * 0.6;
      vectors.push(v);
      labels.push(k);
    }
  }
  return { vectors, labels };
}

describe('SoftmaxRegression', () => {
  it('separates separable classes, is deterministic, and round-trips exactly', () => {
    const { vectors, labels } = blobs(30, 3, 12, 1);
    const model = SoftmaxRegression.train(vectors, labels, 3, { epochs: 20 });
    const test = blobs(10, 3, 12, 2);
    const correct = test.vectors.filter((v, i) => {
      const p = model.predict(v);
      return p.indexOf(Math.max(...p)) === test.labels[i];
    }).length;
    expect(correct).toBe(30);
    const p = model.predict(test.vectors[0]);
    expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    const again = SoftmaxRegression.train(vectors, labels, 3, { epochs: 20 });
    expect(Array.from(again.predict(test.vectors[0]))).toEqual(Array.from(p));
    const reloaded = SoftmaxRegression.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(reloaded.predict(test.vectors[0]))).toEqual(Array.from(p));
    expect(() => model.predict(new Float32Array(5))).toThrow(/12-d/);
  });
});

describe('lexical classifier', () => {
  const texts = ['where is my order', 'track my parcel', 'refund my money', 'i want a refund please'];
  const labels = [0, 0, 1, 1];

  it('extracts words, bigrams and character n-grams', () => {
    expect(words("Où est MA commande? It's late")).toEqual(['ou', 'est', 'ma', 'commande', "it's", 'late']);
    expect(terms('my order')).toEqual(
      expect.arrayContaining(['w:my', 'w:order', 'b:my order', 'c:<or', 'c:der>', 'c:<orde']),
    );
  });

  it('vectorizes to unit length with known terms only', () => {
    const vocab = LexicalVocabulary.build(texts);
    const v = vocab.vectorize('refund my order');
    expect(v.values.reduce((s, x) => s + x * x, 0)).toBeCloseTo(1, 6);
    expect(vocab.vectorize('zzzz').indices).toHaveLength(0);
    const reloaded = LexicalVocabulary.fromJSON(JSON.parse(JSON.stringify(vocab.toJSON())));
    expect(reloaded.vectorize('refund my order')).toEqual(v);
  });

  it('SparseSoftmaxRegression learns and round-trips exactly', () => {
    const vocab = LexicalVocabulary.build(texts);
    const model = SparseSoftmaxRegression.train(
      texts.map((t) => vocab.vectorize(t)),
      labels,
      2,
      vocab.size,
      { epochs: 30 },
    );
    const p = model.predict(vocab.vectorize('where is my refund money'));
    expect(p[1]).toBeGreaterThan(p[0]);
    expect(model.predict(vocab.vectorize('track my order'))[0]).toBeGreaterThan(0.5);
    const reloaded = SparseSoftmaxRegression.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(reloaded.predict(vocab.vectorize('track my order')))).toEqual(
      Array.from(model.predict(vocab.vectorize('track my order'))),
    );
  });
});

describe('sanitizeText', () => {
  it('removes control characters, collapses whitespace, caps the length', () => {
    expect(sanitizeText('  a\u0000b\t\n c\u200b ')).toBe('ab c');
    expect(sanitizeText(42)).toBe('');
    expect(sanitizeText('x'.repeat(100_000))).toHaveLength(MAX_INPUT_CHARS);
    // Never cuts a surrogate pair in half.
    const capped = sanitizeText('a'.repeat(MAX_INPUT_CHARS - 1) + '😀😀');
    expect(capped).toBe('a'.repeat(MAX_INPUT_CHARS - 1));
  });

  it('hasWordCharacters sees letters and digits in any script, not emoji', () => {
    expect(hasWordCharacters('😀🎉')).toBe(false);
    expect(hasWordCharacters('注文')).toBe(true);
    expect(hasWordCharacters('42')).toBe(true);
  });
});
