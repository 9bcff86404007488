import type { Article, ArticleImportResult, ArticleKind, ArticleRepository, NewArticle } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { applyPatch, recordAtVersion } from '../internal/values';
import { checkImportRows, sameContent } from '../internal/knowledge';
import { bindable, fromJson, toFlag, toJson } from './codec';
import { immediate, type Db } from './database';
import { guard, toStoreError } from './errors';

/** Defaults for optional NewArticle fields (shared meaning with the Mongo schema defaults). */
export const ARTICLE_DEFAULTS = { locale: 'en', published: true } as const;

interface ArticleRow {
  id: string;
  kind: ArticleKind;
  title: string;
  body: string;
  alternatives: string;
  tags: string;
  locale: string;
  published: number;
  version: number;
  updated_at: string;
}

const toArticle = (row: ArticleRow): Article => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  body: row.body,
  alternatives: fromJson<string[]>(row.alternatives),
  tags: fromJson<string[]>(row.tags),
  locale: row.locale,
  published: row.published === 1,
  version: row.version,
  updatedAt: row.updated_at,
});

const toRow = (article: Article) =>
  bindable({
    ...article,
    alternatives: toJson(article.alternatives),
    tags: toJson(article.tags),
    published: toFlag(article.published),
  });

export function sqliteArticles(db: Db, deps: ResolvedDeps): ArticleRepository {
  const insert =
    db.prepare(`INSERT INTO articles (id, kind, title, body, alternatives, tags, locale, published, version,
      updated_at)
    VALUES (@id, @kind, @title, @body, @alternatives, @tags, @locale, @published, @version, @updatedAt)`);
  const byId = db.prepare<[string], ArticleRow>('SELECT * FROM articles WHERE id = ?');
  const filtered = db.prepare<
    { kind: ArticleKind | null; publishedOnly: number },
    ArticleRow
  >(`SELECT * FROM articles
    WHERE (@kind IS NULL OR kind = @kind) AND (@publishedOnly = 0 OR published = 1)
    ORDER BY title, id`);
  const update = db.prepare(`UPDATE articles SET title = @title, body = @body, alternatives = @alternatives,
    tags = @tags, locale = @locale, published = @published, version = @version, updated_at = @updatedAt
    WHERE id = @id`);
  // importMany replaces a row whole, kind included (as MongoDB's replaceOne does); update() keeps the
  // kind, which its patch type leaves out.
  const replace = db.prepare(`UPDATE articles SET kind = @kind, title = @title, body = @body,
    alternatives = @alternatives, tags = @tags, locale = @locale, published = @published,
    version = @version, updated_at = @updatedAt
    WHERE id = @id`);
  const remove = db.prepare<[string]>('DELETE FROM articles WHERE id = ?');
  const allIds = db.prepare<[], { id: string }>('SELECT id FROM articles ORDER BY id');
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM articles');

  const get = (id: string): Article | null => {
    const row = byId.get(id);
    return row ? toArticle(row) : null;
  };

  return {
    async create(input: NewArticle) {
      const article: Article = {
        id: input.id ?? deps.newId(),
        kind: input.kind,
        title: input.title,
        body: input.body,
        alternatives: input.alternatives ?? [],
        tags: input.tags ?? [],
        locale: input.locale ?? ARTICLE_DEFAULTS.locale,
        published: input.published ?? ARTICLE_DEFAULTS.published,
        version: 1,
        updatedAt: deps.clock().toISOString(),
      };
      return guard('article', () =>
        immediate(db, () => {
          insert.run(toRow(article));
          return get(article.id)!;
        }),
      );
    },
    async get(id) {
      return get(id);
    },
    async list(options = {}) {
      return filtered
        .all({ kind: options.kind ?? null, publishedOnly: options.publishedOnly ? 1 : 0 })
        .map(toArticle);
    },
    async update(id, expectedVersion, patch) {
      return guard('article', () =>
        immediate(db, () => {
          const current = recordAtVersion('article', id, get(id), expectedVersion);
          update.run(
            toRow({
              ...applyPatch(current, patch),
              version: current.version + 1,
              updatedAt: deps.clock().toISOString(),
            }),
          );
          return get(id)!;
        }),
      );
    },
    // Read, compare and delete under one IMMEDIATE lock, so no save can land in between.
    async delete(id, expectedVersion) {
      immediate(db, () => {
        recordAtVersion('article', id, byId.get(id), expectedVersion);
        remove.run(id);
      });
    },
    async count() {
      return countAll.get()?.n ?? 0;
    },
    async importMany(rows, options = {}) {
      const checked = checkImportRows(rows);
      // One IMMEDIATE transaction: a failure on any row (a CHECK the shared rules missed, a full
      // disk) rolls back every row written before it.
      return guard('article', () =>
        immediate(db, () => {
          const result: ArticleImportResult = { created: [], updated: [], unchanged: [], deleted: [] };
          const now = deps.clock().toISOString();
          checked.forEach((row, index) => {
            const current = get(row.id);
            const where = `import row ${index} (id ${row.id})`;
            try {
              if (!current) {
                insert.run(toRow({ ...row, version: 1, updatedAt: now }));
                result.created.push(row.id);
              } else if (sameContent(current, row)) {
                result.unchanged.push(row.id);
              } else {
                replace.run(toRow({ ...row, version: current.version + 1, updatedAt: now }));
                result.updated.push(row.id);
              }
            } catch (err) {
              throw toStoreError(err, where);
            }
          });
          if (options.replaceAll) {
            const keep = new Set(checked.map((row) => row.id));
            for (const { id } of allIds.all()) {
              if (keep.has(id)) continue;
              remove.run(id);
              result.deleted.push(id);
            }
          }
          return result;
        }),
      );
    },
  };
}
