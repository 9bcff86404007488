import type { Article, ArticleImportResult, ArticleRepository, NewArticle } from '../ports';
import { StoreError } from '../ports';
import { checkImportRows, sameContent } from '../internal/knowledge';
import type { ResolvedDeps } from '../internal/deps';
import { guard } from './errors';
import { toArticle } from './mappers';
import type { Models } from './models';
import type { ArticleDoc } from './schemas';
import { deleteById, updateVersioned } from './versioned';

export function mongoArticles({ Article }: Models, deps: ResolvedDeps): ArticleRepository {
  return {
    async create(input: NewArticle) {
      const doc = await guard('article', () =>
        Article.create({
          _id: input.id ?? deps.newId(),
          kind: input.kind,
          title: input.title,
          body: input.body,
          alternatives: input.alternatives ?? [],
          tags: input.tags ?? [],
          // Absent locale/published fall back to the schema defaults ('en', true), as in SQLite.
          ...(input.locale !== undefined ? { locale: input.locale } : {}),
          ...(input.published !== undefined ? { published: input.published } : {}),
          version: 1,
          updatedAt: deps.clock(),
        }),
      );
      return toArticle(doc.toObject());
    },
    async get(id) {
      const doc = await Article.findById(id).lean<ArticleDoc>();
      return doc ? toArticle(doc) : null;
    },
    async list(options = {}) {
      const filter = {
        ...(options.kind !== undefined ? { kind: options.kind } : {}),
        ...(options.publishedOnly ? { published: true } : {}),
      };
      const docs = await Article.find(filter).sort({ title: 1, _id: 1 }).lean<ArticleDoc[]>();
      return docs.map(toArticle);
    },
    async update(id, expectedVersion, patch) {
      return toArticle(await updateVersioned(Article, 'article', id, expectedVersion, patch, deps.clock()));
    },
    async delete(id, expectedVersion) {
      await deleteById(Article, 'article', id, expectedVersion);
    },
    async count() {
      return Article.countDocuments();
    },
    /*
     * A standalone MongoDB has no multi-document transactions, so all-or-nothing is approached by
     * validating first: the shared rules, then every document against the schema, then the stored
     * versions are read; only when all of that passes is one ordered bulkWrite sent. Updates are
     * conditional on the version read (a concurrent edit makes that row match nothing and the import
     * reports a conflict). What remains unprotected is the server or network failing mid-write: the
     * rows before the failure are applied. Re-running the same import then completes it (created rows
     * come back as unchanged), which is the documented recovery.
     */
    async importMany(rows, options = {}) {
      const checked = checkImportRows(rows);
      const now = deps.clock();
      const existing = new Map<string, Article>();
      const ids = checked.map((row) => row.id);
      const stored = options.replaceAll
        ? await Article.find({}).lean<ArticleDoc[]>()
        : await Article.find({ _id: { $in: ids } }).lean<ArticleDoc[]>();
      for (const doc of stored) existing.set(doc._id, toArticle(doc));

      const result: ArticleImportResult = { created: [], updated: [], unchanged: [], deleted: [] };
      const ops: Parameters<typeof Article.bulkWrite>[0] = [];
      for (const [index, row] of checked.entries()) {
        const current = existing.get(row.id);
        const { id, ...fields } = row;
        if (current && sameContent(current, row)) {
          result.unchanged.push(id);
          continue;
        }
        const doc = { _id: id, ...fields, version: current ? current.version + 1 : 1, updatedAt: now };
        await guard(`import row ${index} (id ${id})`, () => new Article(doc).validate());
        if (current) {
          ops.push({ replaceOne: { filter: { _id: id, version: current.version }, replacement: doc } });
          result.updated.push(id);
        } else {
          ops.push({ insertOne: { document: doc } });
          result.created.push(id);
        }
      }
      if (options.replaceAll) {
        const keep = new Set(ids);
        result.deleted = [...existing.keys()].filter((id) => !keep.has(id)).sort();
        if (result.deleted.length > 0) ops.push({ deleteMany: { filter: { _id: { $in: result.deleted } } } });
      }
      if (ops.length === 0) return result;
      const written = await guard('article import', () => Article.bulkWrite(ops, { ordered: true }));
      if (written.matchedCount < result.updated.length) {
        throw new StoreError('conflict', 'an imported article changed during the import; run it again');
      }
      return result;
    },
  };
}
