/**
 * The public help centre, read-only over the store's articles:
 *   GET /help                  published guides and FAQs (FAQs by topic), with a search box
 *   GET /help?q=…              search results (server-side, so it works without script)
 *   GET /help/:id              one published article or FAQ, rendered from its Markdown, with heading
 *                              anchors so the knowledge base's source links (`/help/<id>#<anchor>`) land
 *   GET /help/assets/help.css  the stylesheet
 * Drafts and unknown ids get a 404 page that leads back to /help. Nothing personal is ever shown:
 * the pages are built from published content only.
 */
import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { ID_PATTERN } from '../../knowledge-base';
import type { Article, ArticleRepository } from '../../store/ports';
import { HelpCatalogue, readQuery } from './catalogue';
import { articlePage, HELP_PATH, indexPage, notFoundPage, searchPage, type PageChrome } from './pages';
import { HELP_CSS } from './styles';

export interface HelpRoutesOptions {
  /** The store's articles (read only). */
  articles: Pick<ArticleRepository, 'get' | 'list'>;
  /** Name of the help centre in headers and page titles (default "Help centre"). */
  title?: string;
}

const CSS_VERSION = createHash('sha256').update(HELP_CSS).digest('hex').slice(0, 12);
const STYLESHEET = `${HELP_PATH}/assets/help.css?v=${CSS_VERSION}`;

export function helpRoutes(options: HelpRoutesOptions): Router {
  const router = Router();
  const catalogue = new HelpCatalogue();
  const chrome: PageChrome = { title: options.title ?? 'Help centre', stylesheet: STYLESHEET };

  const sendPage = (res: Response, status: number, html: string): void => {
    // Fresh on every visit (an unpublished article must disappear at once); ETags keep it cheap.
    res
      .status(status)
      .set('Cache-Control', status === 200 ? 'no-cache' : 'no-store')
      .type('html')
      .send(html);
  };
  const published = async (): Promise<Article[]> => {
    const articles = (await options.articles.list({ publishedOnly: true })).filter((a) => a.published);
    catalogue.retain(articles);
    return articles;
  };

  router.get(`${HELP_PATH}/assets/help.css`, (req: Request, res: Response) => {
    res
      .set(
        'Cache-Control',
        req.query.v === CSS_VERSION ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      )
      .type('css')
      .send(HELP_CSS);
  });

  router.get(HELP_PATH, async (req: Request, res: Response) => {
    const articles = await published();
    const query = readQuery(req.query.q);
    if (query) {
      sendPage(res, 200, searchPage(chrome, query, catalogue.search(articles, query)));
      return;
    }
    const guides = articles
      .filter((a) => a.kind === 'article')
      .sort((a, b) => a.title.localeCompare(b.title, 'en', { sensitivity: 'base', numeric: true }))
      .map((article) => ({ article, summary: catalogue.summary(article) }));
    const topics = catalogue.faqTopics(articles.filter((a) => a.kind === 'faq'));
    sendPage(res, 200, indexPage(chrome, { guides, topics }));
  });

  router.get(`${HELP_PATH}/:id`, async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const article = ID_PATTERN.test(id) ? await options.articles.get(id) : null;
    if (!article || !article.published) {
      sendPage(res, 404, notFoundPage(chrome));
      return;
    }
    sendPage(res, 200, articlePage(chrome, article));
  });

  return router;
}
