import type { PassageEmbedding, PassageEmbeddingRepository } from '../ports';
import { checkEmbeddingRows, decodeVector, encodeVector } from '../internal/knowledge';
import { immediate, type Db } from './database';
import { guard } from './errors';

interface EmbeddingRow {
  model_id: string;
  article_id: string;
  passage_index: number;
  article_version: number;
  text_hash: string;
  dimension: number;
  vector: Buffer;
}

const toEmbedding = (row: EmbeddingRow): PassageEmbedding => ({
  articleId: row.article_id,
  articleVersion: row.article_version,
  passageIndex: row.passage_index,
  modelId: row.model_id,
  textHash: row.text_hash,
  vector: decodeVector(row.vector),
});

/** Vectors are BLOBs of little-endian float32 (4 bytes per dimension, checked by the table). */
export function sqlitePassageEmbeddings(db: Db): PassageEmbeddingRepository {
  const insert = db.prepare(`INSERT INTO passage_embeddings
      (model_id, article_id, passage_index, article_version, text_hash, dimension, vector)
    VALUES (@modelId, @articleId, @passageIndex, @articleVersion, @textHash, @dimension, @vector)`);
  const removeForModel = db.prepare<[string, string]>(
    'DELETE FROM passage_embeddings WHERE model_id = ? AND article_id = ?',
  );
  const removeAll = db.prepare<[string]>('DELETE FROM passage_embeddings WHERE article_id = ?');
  const byModel = db.prepare<[string], EmbeddingRow>(
    'SELECT * FROM passage_embeddings WHERE model_id = ? ORDER BY article_id, passage_index',
  );
  const forArticle = db.prepare<[string, string], EmbeddingRow>(
    'SELECT * FROM passage_embeddings WHERE model_id = ? AND article_id = ? ORDER BY passage_index',
  );
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM passage_embeddings');
  const countModel = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM passage_embeddings WHERE model_id = ?',
  );

  const write = (modelId: string, articleId: string, rows: readonly PassageEmbedding[]) => {
    removeForModel.run(modelId, articleId);
    for (const row of rows) {
      insert.run({
        modelId,
        articleId,
        passageIndex: row.passageIndex,
        articleVersion: row.articleVersion,
        textHash: row.textHash,
        dimension: row.vector.length,
        vector: encodeVector(row.vector),
      });
    }
  };

  return {
    async replaceForArticle(articleId, modelId, rows) {
      checkEmbeddingRows(articleId, modelId, rows);
      guard('passage embedding', () => immediate(db, () => write(modelId, articleId, rows)));
    },
    async replaceMany(modelId, groups) {
      for (const group of groups) checkEmbeddingRows(group.articleId, modelId, group.rows);
      guard('passage embedding', () =>
        immediate(db, () => {
          for (const group of groups) write(modelId, group.articleId, group.rows);
        }),
      );
    },
    async listByModel(modelId) {
      return byModel.all(modelId).map(toEmbedding);
    },
    async listForArticle(articleId, modelId) {
      return forArticle.all(modelId, articleId).map(toEmbedding);
    },
    async deleteForArticle(articleId) {
      return removeAll.run(articleId).changes;
    },
    async count(modelId) {
      return (modelId === undefined ? countAll.get() : countModel.get(modelId))?.n ?? 0;
    },
  };
}
