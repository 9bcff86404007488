/**
 * Rules shared by both adapters for the knowledge-base additions: bulk article import, passage
 * vectors and answer feedback. Pure functions, so SQLite and MongoDB reject exactly the same input.
 */
import type { Article, ArticleImportRow, ArticleKind, PassageEmbedding } from '../ports';
import { StoreError } from '../ports';

const ARTICLE_KINDS: readonly ArticleKind[] = ['article', 'faq'];

/** Defaults for optional NewArticle fields (the same as ArticleRepository.create). */
export const IMPORT_DEFAULTS = { locale: 'en', published: true } as const;

/** The stored fields an import row sets, defaults applied. */
export type ImportedFields = Pick<
  Article,
  'id' | 'kind' | 'title' | 'body' | 'alternatives' | 'tags' | 'locale' | 'published'
>;

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Why `row` cannot be stored, or null when it can. */
export function importRowProblem(row: unknown): string | null {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return 'not an object';
  const r = row as Record<string, unknown>;
  if (!isNonEmptyString(r.id)) return 'id must be a non-empty string';
  if (!ARTICLE_KINDS.includes(r.kind as ArticleKind))
    return `kind must be one of ${ARTICLE_KINDS.join(', ')}`;
  if (!isNonEmptyString(r.title)) return 'title must be a non-empty string';
  if (!isNonEmptyString(r.body)) return 'body must be a non-empty string';
  if (r.alternatives !== undefined && !isStringArray(r.alternatives)) return 'alternatives must be strings';
  if (r.tags !== undefined && !isStringArray(r.tags)) return 'tags must be strings';
  if (r.locale !== undefined && !isNonEmptyString(r.locale)) return 'locale must be a non-empty string';
  if (r.published !== undefined && typeof r.published !== 'boolean') return 'published must be a boolean';
  return null;
}

/**
 * Validates every row before anything is written: shape (StoreError 'invalid' naming the first bad
 * row) and ids repeated within the import (StoreError 'duplicate'). Returns the rows with defaults.
 */
export function checkImportRows(rows: readonly ArticleImportRow[]): ImportedFields[] {
  if (!Array.isArray(rows)) throw new StoreError('invalid', 'import rows must be an array');
  const seen = new Map<string, number>();
  return rows.map((row, index) => {
    const problem = importRowProblem(row);
    if (problem) {
      const id =
        typeof (row as { id?: unknown })?.id === 'string' ? ` (id ${(row as { id: string }).id})` : '';
      throw new StoreError('invalid', `import row ${index}${id}: ${problem}`);
    }
    const first = seen.get(row.id);
    if (first !== undefined) {
      throw new StoreError('duplicate', `import rows ${first} and ${index} share the id ${row.id}`);
    }
    seen.set(row.id, index);
    return {
      id: row.id,
      kind: row.kind,
      title: row.title,
      body: row.body,
      alternatives: [...(row.alternatives ?? [])],
      tags: [...(row.tags ?? [])],
      locale: row.locale ?? IMPORT_DEFAULTS.locale,
      published: row.published ?? IMPORT_DEFAULTS.published,
    };
  });
}

const sameStrings = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value, i) => value === b[i]);

/** True when importing `row` over `current` would change nothing. */
export function sameContent(current: Article, row: ImportedFields): boolean {
  return (
    current.kind === row.kind &&
    current.title === row.title &&
    current.body === row.body &&
    current.locale === row.locale &&
    current.published === row.published &&
    sameStrings(current.alternatives, row.alternatives) &&
    sameStrings(current.tags, row.tags)
  );
}

/** Checks rows for PassageEmbeddingRepository.replaceForArticle; throws StoreError('invalid'). */
export function checkEmbeddingRows(
  articleId: string,
  modelId: string,
  rows: readonly PassageEmbedding[],
): void {
  if (!isNonEmptyString(articleId)) throw new StoreError('invalid', 'articleId must be a non-empty string');
  if (!isNonEmptyString(modelId)) throw new StoreError('invalid', 'modelId must be a non-empty string');
  if (!Array.isArray(rows)) throw new StoreError('invalid', 'rows must be an array');
  const indexes = new Set<number>();
  let dimension = -1;
  rows.forEach((row, i) => {
    const where = `passage embedding ${i} of ${articleId}`;
    if (row.articleId !== articleId || row.modelId !== modelId) {
      throw new StoreError('invalid', `${where}: belongs to ${row.articleId}/${row.modelId}`);
    }
    if (!Number.isInteger(row.passageIndex) || row.passageIndex < 0) {
      throw new StoreError('invalid', `${where}: passageIndex must be a non-negative integer`);
    }
    if (indexes.has(row.passageIndex)) {
      throw new StoreError('invalid', `${where}: passageIndex ${row.passageIndex} repeats`);
    }
    indexes.add(row.passageIndex);
    if (!Number.isInteger(row.articleVersion) || row.articleVersion < 1) {
      throw new StoreError('invalid', `${where}: articleVersion must be a positive integer`);
    }
    if (typeof row.textHash !== 'string')
      throw new StoreError('invalid', `${where}: textHash must be a string`);
    if (!(row.vector instanceof Float32Array) || row.vector.length === 0) {
      throw new StoreError('invalid', `${where}: vector must be a non-empty Float32Array`);
    }
    if (dimension !== -1 && row.vector.length !== dimension) {
      throw new StoreError('invalid', `${where}: vector length ${row.vector.length}, expected ${dimension}`);
    }
    dimension = row.vector.length;
    for (let k = 0; k < row.vector.length; k++) {
      if (!Number.isFinite(row.vector[k]))
        throw new StoreError('invalid', `${where}: vector has a non-finite value`);
    }
  });
}

/** Float32 vector → little-endian bytes (a BLOB in SQLite, Binary in MongoDB). */
export function encodeVector(vector: Float32Array): Buffer {
  const out = Buffer.allocUnsafe(vector.length * 4);
  for (let i = 0; i < vector.length; i++) out.writeFloatLE(vector[i], i * 4);
  return out;
}

/** Inverse of encodeVector; always returns a fresh, aligned Float32Array. */
export function decodeVector(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 4 !== 0)
    throw new StoreError('invalid', `vector bytes ${bytes.byteLength} not a multiple of 4`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** Checks a NewAnswerFeedback; throws StoreError('invalid'). */
export function checkFeedback(input: {
  answerId?: unknown;
  articleId?: unknown;
  helpful?: unknown;
  conversationId?: unknown;
  query?: unknown;
  comment?: unknown;
}): void {
  if (!isNonEmptyString(input.answerId))
    throw new StoreError('invalid', 'answerId must be a non-empty string');
  if (!isNonEmptyString(input.articleId))
    throw new StoreError('invalid', 'articleId must be a non-empty string');
  if (typeof input.helpful !== 'boolean') throw new StoreError('invalid', 'helpful must be a boolean');
  for (const key of ['conversationId', 'query', 'comment'] as const) {
    const value = input[key];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw new StoreError('invalid', `${key} must be a string or null`);
    }
  }
}
