/**
 * Offline checks of the knowledge-base schemas (passage embeddings, answer feedback) and of the
 * article import's validate-first path: models bound to a connection that is never opened.
 */
import { decodeVector, encodeVector } from '../internal/knowledge';
import { SCHEMAS } from './schemas';
import { failures, offlineModels } from './testing/offline-models';

const { PassageEmbedding, AnswerFeedback } = offlineModels();

const embedding = (overrides: object = {}) =>
  new PassageEmbedding({
    _id: 'm\u0000a\u00000',
    modelId: 'm',
    articleId: 'a',
    passageIndex: 0,
    articleVersion: 1,
    textHash: 'h',
    dimension: 3,
    vector: encodeVector(Float32Array.of(1, 2, 3)),
    ...overrides,
  });

test('a passage embedding validates; the vector is 4 bytes per dimension', async () => {
  expect(await failures(embedding())).toEqual({});
  expect(await failures(embedding({ textHash: '' }))).toEqual({});
  expect(await failures(embedding({ dimension: 4 }))).toEqual({ dimension: 'user defined' });
  expect(await failures(embedding({ passageIndex: -1, articleVersion: 0, modelId: '' }))).toEqual({
    passageIndex: 'min',
    articleVersion: 'min',
    modelId: 'required',
  });
  expect(await failures(embedding({ vector: Buffer.alloc(0), dimension: 0 }))).toMatchObject({
    vector: expect.any(String),
  });
});

test('vectors survive the Buffer round trip exactly', () => {
  const v = Float32Array.of(0.1, -2.5, 3.4028234663852886e38, -0);
  const back = decodeVector(embedding({ vector: encodeVector(v), dimension: 4 }).vector);
  expect(Array.from(back)).toEqual(Array.from(v));
  expect(Object.is(back[3], -0)).toBe(true);
});

test('answer feedback validates and has a unique answerId index', async () => {
  const ok = new AnswerFeedback({
    _id: 'f1',
    answerId: 'a1',
    articleId: 'faq-1',
    helpful: true,
    createdAt: new Date(),
    updatedAt: new Date(),
  });
  expect(await failures(ok)).toEqual({});
  expect(ok.toObject()).toMatchObject({ conversationId: null, query: null, comment: null });
  expect(await failures(new AnswerFeedback({ _id: 'f2', articleId: '', helpful: 'maybe' }))).toMatchObject({
    answerId: 'required',
    articleId: 'required',
    helpful: 'Boolean',
  });
  expect(SCHEMAS.AnswerFeedback.indexes()).toContainEqual([
    { answerId: 1 },
    expect.objectContaining({ unique: true }),
  ]);
  expect(SCHEMAS.PassageEmbedding.indexes()).toContainEqual([
    { modelId: 1, articleId: 1, passageIndex: 1 },
    expect.objectContaining({ unique: true }),
  ]);
});
