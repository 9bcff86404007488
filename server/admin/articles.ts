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
import { StoreError, type Article } from '../../store';
import { AppError } from '../errors';
import {
  audit,
  conflict,
  expectedVersion,
  notify,
  param,
  parse,
  sendData,
  sendVersioned,
  versionInBody,
  type AdminContext,
} from './http';

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

const label = (article: Article) => `${article.kind === 'faq' ? 'FAQ' : 'Article'} "${article.title}"`;

export function articleRoutes(ctx: AdminContext): Router {
  const router = Router();
  const { articles } = ctx.store;

  const load = async (id: string): Promise<Article> => {
    const article = await articles.get(id);
    if (!article) throw new AppError(404, 'not_found', `No article or FAQ with id ${id}.`);
    return article;
  };

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
    const created = await articles.create(input).catch((error: unknown) => {
      if (error instanceof StoreError && error.code === 'duplicate')
        throw new AppError(409, 'conflict', `An article or FAQ with id "${input.id}" exists already.`);
      throw error;
    });
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
    sendVersioned(res, toArticleView(await load(param(req, 'id'))));
  });

  router.put('/api/admin/articles/:id', async (req: Request, res: Response) => {
    const { version: bodyVersion, ...patch } = parse(ArticleUpdateSchema, req.body);
    const version = expectedVersion(req, bodyVersion);
    const before = await load(param(req, 'id'));
    if (before.version !== version) throw conflict(label(before), before.version, version);
    const updated = await articles.update(before.id, version, patch).catch(async (error: unknown) => {
      if (error instanceof StoreError && error.code === 'conflict') {
        const current = await load(before.id);
        throw conflict(label(before), current.version, version);
      }
      throw error;
    });
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
    const before = await load(param(req, 'id'));
    if (before.version !== version) throw conflict(label(before), before.version, version);
    await articles.delete(before.id);
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
