/**
 * Articles and FAQs: GET/POST /api/admin/articles(?kind=), GET/PUT/DELETE /api/admin/articles/:id,
 * and POST /api/admin/articles/preview { markdown } → { html } with the knowledge base's safe renderer
 * (what the widget will show). Versioned and audited; the live service hears of each change.
 */
import { Router, type Request, type Response } from 'express';
import { markdownToSafeHtml } from '../../knowledge-base';
import {
  ArticleCreateSchema,
  ArticleListQuerySchema,
  ArticleUpdateSchema,
  MarkdownPreviewSchema,
  type ArticleView,
  type MarkdownPreview,
} from '../../protocol/admin';
import type { Article } from '../../store';
import { AppError } from '../errors';
import {
  audit,
  expectedVersion,
  notify,
  param,
  parse,
  sendData,
  sendVersioned,
  versionInBody,
  type AdminContext,
} from './http';
import { changesNothing, onStoreError, versionedRecords } from './records';

export const toArticleView = (article: Article): ArticleView => ({
  id: article.id,
  kind: article.kind,
  title: article.title,
  body: article.body,
  alternatives: [...article.alternatives],
  tags: [...article.tags],
  locale: article.locale,
  published: article.published,
  version: article.version,
  updatedAt: article.updatedAt,
});

const idTaken = (id: string | undefined) =>
  new AppError(409, 'already_exists', `An article or FAQ with id "${id}" exists already.`);

export function articleRoutes(ctx: AdminContext): Router {
  const router = Router();
  const { articles } = ctx.store;

  const records = versionedRecords({
    get: (id) => articles.get(id),
    what: 'article or FAQ',
    label: (article: Article) => `${article.kind === 'faq' ? 'FAQ' : 'Article'} "${article.title}"`,
  });

  router.get('/api/admin/articles', async (req: Request, res: Response) => {
    const query = parse(ArticleListQuerySchema, req.query, 'query');
    sendData(res, (await articles.list({ kind: query.kind })).map(toArticleView));
  });

  router.post('/api/admin/articles/preview', (req: Request, res: Response) => {
    const { markdown } = parse(MarkdownPreviewSchema, req.body);
    sendData(res, { html: markdownToSafeHtml(markdown) } satisfies MarkdownPreview);
  });

  router.post('/api/admin/articles', async (req: Request, res: Response) => {
    const input = parse(ArticleCreateSchema, req.body);
    const created = await articles.create(input).catch(onStoreError('duplicate', () => idTaken(input.id)));
    await audit(ctx, res, {
      action: `${created.kind}.create`,
      entityType: 'article',
      entityId: created.id,
      before: null,
      after: toArticleView(created),
    });
    notify(ctx, 'onArticleChanged', () => ctx.onArticleChanged(created.id, false));
    res.location(`/api/admin/articles/${encodeURIComponent(created.id)}`);
    sendVersioned(res, toArticleView(created), 201);
  });

  router.get('/api/admin/articles/:id', async (req: Request, res: Response) => {
    sendVersioned(res, toArticleView(await records.load(param(req, 'id'))));
  });

  router.put('/api/admin/articles/:id', async (req: Request, res: Response) => {
    const { version: bodyVersion, ...patch } = parse(ArticleUpdateSchema, req.body);
    const version = expectedVersion(req, bodyVersion);
    // The version check comes first: a stale save is a 409 whether or not it changes anything.
    const before = await records.loadAt(param(req, 'id'), version);
    if (changesNothing(before, patch)) return sendVersioned(res, toArticleView(before));
    const updated = await articles.update(before.id, version, patch).catch(records.raced(before, version));
    await audit(ctx, res, {
      action: `${updated.kind}.update`,
      entityType: 'article',
      entityId: updated.id,
      before: toArticleView(before),
      after: toArticleView(updated),
    });
    notify(ctx, 'onArticleChanged', () => ctx.onArticleChanged(updated.id, false));
    sendVersioned(res, toArticleView(updated));
  });

  router.delete('/api/admin/articles/:id', async (req: Request, res: Response) => {
    const version = expectedVersion(req, versionInBody(req));
    const before = await records.loadAt(param(req, 'id'), version);
    // Deleted only at `version`: an edit landing after loadAt makes this a 409, so `before` is what went.
    await articles.delete(before.id, version).catch(records.raced(before, version));
    await ctx.store.passageEmbeddings.deleteForArticle(before.id);
    await audit(ctx, res, {
      action: `${before.kind}.delete`,
      entityType: 'article',
      entityId: before.id,
      before: toArticleView(before),
      after: null,
    });
    notify(ctx, 'onArticleChanged', () => ctx.onArticleChanged(before.id, true));
    res.status(204).end();
  });

  return router;
}
