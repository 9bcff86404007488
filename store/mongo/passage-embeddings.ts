import type { PassageEmbedding, PassageEmbeddingRepository } from '../ports';
import { checkEmbeddingRows, decodeVector, encodeVector } from '../internal/knowledge';
import { guard } from './errors';
import type { Models } from './models';
import type { PassageEmbeddingDoc } from './schemas';

const keyOf = (modelId: string, articleId: string, passageIndex: number) =>
  `${modelId}\u0000${articleId}\u0000${passageIndex}`;

const toEmbedding = (doc: PassageEmbeddingDoc): PassageEmbedding => ({
  articleId: doc.articleId,
  articleVersion: doc.articleVersion,
  passageIndex: doc.passageIndex,
  modelId: doc.modelId,
  textHash: doc.textHash,
  // lean() gives a BSON Binary (or a Buffer, depending on the driver's promoteBuffers): both expose bytes.
  vector: decodeVector(asBytes(doc.vector)),
});

function asBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  // A BSON Binary: `value()` is the bytes up to its length (its `buffer` may have spare capacity).
  const binary = value as { value?: () => unknown; buffer?: unknown; position?: number };
  const bytes = typeof binary.value === 'function' ? binary.value() : undefined;
  if (bytes instanceof Uint8Array) return bytes;
  if (binary.buffer instanceof Uint8Array)
    return binary.buffer.subarray(0, binary.position ?? binary.buffer.length);
  throw new TypeError('stored vector is not binary');
}

/**
 * Without transactions (a standalone MongoDB has none) a replace is: validate everything, upsert the
 * new rows (ordered, by their deterministic _id), then delete the article's rows with passage indexes
 * beyond the new ones. A reader in between sees old and new vectors of one article mixed, never a
 * missing one; versions and text hashes in the rows let it tell them apart, and the knowledge base
 * only serves a vector whose version and hash match the passage it holds.
 */
export function mongoPassageEmbeddings({ PassageEmbedding }: Models): PassageEmbeddingRepository {
  const write = async (modelId: string, groups: { articleId: string; rows: PassageEmbedding[] }[]) => {
    const docs = groups.flatMap(({ articleId, rows }) =>
      rows.map((row) => ({
        _id: keyOf(modelId, articleId, row.passageIndex),
        modelId,
        articleId,
        passageIndex: row.passageIndex,
        articleVersion: row.articleVersion,
        textHash: row.textHash,
        dimension: row.vector.length,
        vector: encodeVector(row.vector),
      })),
    );
    await guard('passage embedding', async () => {
      for (const doc of docs) await new PassageEmbedding(doc).validate();
      if (docs.length > 0) {
        await PassageEmbedding.bulkWrite(
          docs.map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } })),
          { ordered: true },
        );
      }
      for (const { articleId, rows } of groups) {
        await PassageEmbedding.deleteMany({
          modelId,
          articleId,
          passageIndex: { $nin: rows.map((row) => row.passageIndex) },
        });
      }
    });
  };

  return {
    async replaceForArticle(articleId, modelId, rows) {
      checkEmbeddingRows(articleId, modelId, rows);
      await write(modelId, [{ articleId, rows }]);
    },
    async replaceMany(modelId, groups) {
      for (const group of groups) checkEmbeddingRows(group.articleId, modelId, group.rows);
      await write(modelId, groups);
    },
    async listByModel(modelId) {
      const docs = await PassageEmbedding.find({ modelId })
        .sort({ articleId: 1, passageIndex: 1 })
        .lean<PassageEmbeddingDoc[]>();
      return docs.map(toEmbedding);
    },
    async listForArticle(articleId, modelId) {
      const docs = await PassageEmbedding.find({ modelId, articleId })
        .sort({ passageIndex: 1 })
        .lean<PassageEmbeddingDoc[]>();
      return docs.map(toEmbedding);
    },
    async deleteForArticle(articleId) {
      const result = await PassageEmbedding.deleteMany({ articleId });
      return result.deletedCount;
    },
    async count(modelId) {
      return PassageEmbedding.countDocuments(modelId === undefined ? {} : { modelId });
    },
  };
}
