import type { ArticleRepository, NewArticle } from '../ports';
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
    async delete(id) {
      await deleteById(Article, 'article', id);
    },
    async count() {
      return Article.countDocuments();
    },
  };
}
