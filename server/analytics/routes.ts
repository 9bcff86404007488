/**
 * Analytics and the learning loop's review, for admins (every route behind `requireAdmin`):
 *
 *   GET  /api/admin/analytics?from&to&bucket=day|week → { data: AnalyticsReport } (summary, funnel,
 *        series, and the definitions the page shows)
 *   GET  /api/admin/analytics/export.csv?from&to&bucket → the series as CSV (a download)
 *   GET  /api/admin/review/unanswered?from&to → { data: { method, items, clusters } }
 *   POST /api/admin/review/add-to-intent { intentId, version, utterances[] } → { data: intent } (ETag);
 *        409 when the intent changed since `version` (If-Match works too; neither → 428), and 409
 *        already_exists when another intent has one of the phrasings (nothing is added)
 *   POST /api/admin/review/create-faq { question, answer, alternatives[], tags?, locale?, published? }
 *        → 201 { data: article }; the question, answer and the rest obey the content rules exactly as
 *        a FAQ created through POST /api/admin/articles does (protocol/content-rules.ts)
 *
 * Dates: `YYYY-MM-DD` (UTC midnight) or a full ISO-8601 date-time with an offset. Defaults: the last
 * 30 days up to now, by day (by week beyond 92 days). Changes append audit entries and tell the live
 * service through `onIntentsChanged` / `onArticleChanged`.
 */
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import {
  clusterReviewItems,
  computeAnalytics,
  loadAnalyticsData,
  normalizeText,
  periodProblem,
  reviewItems,
  seriesToCsv,
  votesSince,
  type BucketSize,
  type ReviewExample,
  type Period,
} from '../../analytics';
import { REASON_LABELS } from '../../handoff';
import type { Embedder } from '../../nlp';
import { ArticleCreateSchema } from '../../protocol/admin';
import type { Store } from '../../store';
import { requireAdmin, type SessionManager } from '../auth';
import { adminJsonBody, audit, expectedVersion, parse, sendData } from '../admin/http';
import { intentRecords as versionedIntents } from '../admin/intents';
import { refuseTakenPhrasings } from '../admin/phrasings';
import { AppError } from '../errors';

export interface AnalyticsRoutesLogger {
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export interface AnalyticsRoutesOptions {
  store: Pick<
    Store,
    | 'conversations'
    | 'messages'
    | 'escalations'
    | 'turnRecords'
    | 'answerFeedback'
    | 'intents'
    | 'articles'
    | 'auditLog'
  >;
  sessions: SessionManager;
  logger?: AnalyticsRoutesLogger;
  /** Sentence embeddings for grouping (an embedder, or a getter while it loads); token overlap without. */
  embedder?: Embedder | (() => Embedder | undefined | Promise<Embedder | undefined>);
  clock?: () => Date;
  /** Quiet minutes after which a conversation counts as ended (default 30). */
  idleMinutes?: number;
  /** Reason code → label (default: the handoff's REASON_LABELS). */
  reasonLabels?: Readonly<Record<string, string>>;
  /** Days shown when the query names no `from` (default 30). */
  defaultDays?: number;
  /** Intents changed (utterances added): retrain or reload what depends on them. */
  onIntentsChanged?: () => void | Promise<void>;
  /** An FAQ was created: index it. */
  onArticleChanged?: (id: string, deleted: boolean) => void | Promise<void>;
}

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;
const isoDate = z
  .string()
  .trim()
  .refine((s) => (DATE.test(s) || DATE_TIME.test(s)) && Number.isFinite(Date.parse(s)), {
    message: 'must be YYYY-MM-DD or an ISO-8601 date-time with a time zone',
  });

const PeriodQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  bucket: z.enum(['day', 'week']).optional(),
});

const text = (max: number) => z.string().trim().min(1).max(max);

const AddToIntentBody = z.strictObject({
  intentId: text(200),
  version: z.number().int().min(0).optional(),
  utterances: z.array(text(500)).min(1).max(200),
});

// A FAQ's fields as the admin article API takes them (the content rules), under the review's names.
const faq = ArticleCreateSchema.shape;
export const CreateFaqBody = z.strictObject({
  question: faq.title,
  answer: faq.body,
  alternatives: faq.alternatives,
  tags: faq.tags,
  locale: faq.locale,
  published: faq.published,
});

/** Where a phrasing is written down: an intent's utterance or an FAQ's question or alternative. */
type Content = { updatedAt: string };

/**
 * Which review items an admin still has to look at. An item is hidden only when it is truly handled:
 *
 * - a fallback ("not understood") is handled once an intent or an FAQ carries its text (same text:
 *   case, spacing and end punctuation aside): the bot had nowhere to send it, now it has;
 * - a "Not quite" vote says the answer given was wrong, so the phrasing being known already proves
 *   nothing (the bot answered it, badly). It is handled only when an intent or FAQ carrying its text
 *   was saved after the vote: an admin acted on it (added it to an intent, wrote an FAQ for it, or
 *   edited the FAQ that carries it). A vote on a phrasing that was already trained stays, however long
 *   ago that was. (Without a history of each phrasing, any later save of the intent or FAQ carrying
 *   the text counts as acting on it.)
 */
function stillToReview(
  intents: readonly (Content & { utterances: readonly string[] })[],
  faqs: readonly (Content & { title: string; alternatives: readonly string[] })[],
): (item: ReviewExample) => boolean {
  // Per text, when content carrying it was last saved.
  const savedAt = new Map<string, string>();
  const note = (text: string, at: string) => {
    const key = normalizeText(text);
    if ((savedAt.get(key) ?? '') < at) savedAt.set(key, at);
  };
  for (const intent of intents) for (const u of intent.utterances) note(u, intent.updatedAt);
  for (const faq of faqs) for (const q of [faq.title, ...faq.alternatives]) note(q, faq.updatedAt);
  return (item) => {
    const at = savedAt.get(normalizeText(item.text));
    if (at === undefined) return true;
    return item.source === 'not_helpful' && at <= item.at;
  };
}

const asyncRoute =
  (handler: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).catch(next);
  };

export function analyticsRoutes(options: AnalyticsRoutesOptions): Router {
  const router = Router();
  const { store } = options;
  const intentRecords = versionedIntents(store.intents);
  const clock = options.clock ?? (() => new Date());
  // The guard, then bodies larger than BODY_LIMIT (an answer may be): the app leaves those unread here.
  const guard = [...requireAdmin(options.sessions), adminJsonBody()];
  router.use('/api/admin/analytics', ...guard);
  router.use('/api/admin/review', ...guard);

  const periodOf = (req: Request): Period => {
    const query = parse(PeriodQuery, req.query, 'query');
    const now = clock();
    const to = query.to ? new Date(query.to) : now;
    const from = query.from
      ? new Date(query.from)
      : new Date(to.getTime() - (options.defaultDays ?? 30) * DAY_MS);
    const bucket: BucketSize = query.bucket ?? (to.getTime() - from.getTime() > 92 * DAY_MS ? 'week' : 'day');
    const period = { from: from.toISOString(), to: to.toISOString(), bucket };
    const problem = periodProblem(period);
    if (problem) throw new AppError(400, 'validation_failed', `Invalid query: ${problem}`);
    return period;
  };

  const report = async (period: Period) => {
    const now = clock();
    const data = await loadAnalyticsData(store, period, now);
    return computeAnalytics(data, period, {
      now,
      idleMinutes: options.idleMinutes,
      reasonLabels: options.reasonLabels ?? REASON_LABELS,
    });
  };

  const embedder = async (): Promise<Embedder | undefined> => {
    try {
      return typeof options.embedder === 'function' ? await options.embedder() : options.embedder;
    } catch (error) {
      options.logger?.warn({ err: error }, 'analytics: no embedder, grouping by shared words');
      return undefined;
    }
  };

  const notify = (what: string, callback: (() => void | Promise<void>) | undefined) => {
    if (!callback) return;
    try {
      Promise.resolve(callback()).catch((error: unknown) =>
        options.logger?.error({ err: error }, `analytics: ${what} callback failed`),
      );
    } catch (error) {
      options.logger?.error({ err: error }, `analytics: ${what} callback failed`);
    }
  };

  router.get(
    '/api/admin/analytics',
    asyncRoute(async (req, res) => {
      sendData(res, await report(periodOf(req)));
    }),
  );

  router.get(
    '/api/admin/analytics/export.csv',
    asyncRoute(async (req, res) => {
      const period = periodOf(req);
      const csv = seriesToCsv(await report(period));
      const name = `parley-analytics-${period.from.slice(0, 10)}-${period.to.slice(0, 10)}-${period.bucket}.csv`;
      res
        .status(200)
        .set('Cache-Control', 'no-store')
        .set('Content-Type', 'text/csv; charset=utf-8')
        .set('Content-Disposition', `attachment; filename="${name}"`)
        .send(csv);
    }),
  );

  router.get(
    '/api/admin/review/unanswered',
    asyncRoute(async (req, res) => {
      const period = periodOf(req);
      const [turns, votes, intents, faqs] = await Promise.all([
        store.turnRecords.listBetween(period.from, period.to),
        votesSince(store, period.from),
        store.intents.list(),
        store.articles.list({ kind: 'faq' }),
      ]);
      const items = reviewItems(turns, votes, period).filter(stillToReview(intents, faqs));
      const result = await clusterReviewItems(items, intents, {
        embedder: await embedder(),
        onEmbedderError: (error) =>
          options.logger?.warn({ err: error }, 'analytics: embedding failed, grouping by shared words'),
      });
      sendData(res, { period: { from: period.from, to: period.to }, ...result });
    }),
  );

  router.post(
    '/api/admin/review/add-to-intent',
    asyncRoute(async (req, res) => {
      const body = parse(AddToIntentBody, req.body, 'request body');
      const version = expectedVersion(req, body.version);
      const before = await intentRecords.loadAt(body.intentId, version);
      const seen = new Set(before.utterances.map(normalizeText));
      const added: string[] = [];
      for (const utterance of body.utterances) {
        const key = normalizeText(utterance);
        if (seen.has(key)) continue;
        seen.add(key);
        added.push(utterance);
      }
      await refuseTakenPhrasings(store.intents, before.id, added, before.utterances);
      const after = await store.intents
        .update(before.id, version, { utterances: [...before.utterances, ...added] })
        .catch(intentRecords.raced(before, version));
      await audit(options, res, {
        action: 'intent.add_utterances',
        entityType: 'intent',
        entityId: after.id,
        before,
        after,
      });
      notify('onIntentsChanged', options.onIntentsChanged);
      res.set('ETag', `"${after.version}"`);
      sendData(res, { ...after, added });
    }),
  );

  router.post(
    '/api/admin/review/create-faq',
    asyncRoute(async (req, res) => {
      const body = parse(CreateFaqBody, req.body, 'request body');
      // The question itself and repeats (case, spacing, end punctuation aside) are dropped; first wins.
      const seen = new Set([normalizeText(body.question)]);
      const alternatives = body.alternatives.filter(
        (a) => !seen.has(normalizeText(a)) && !!seen.add(normalizeText(a)),
      );
      const article = await store.articles.create({
        kind: 'faq',
        title: body.question,
        body: body.answer,
        alternatives,
        tags: body.tags,
        locale: body.locale,
        published: body.published,
      });
      await audit(options, res, {
        action: 'article.create',
        entityType: 'article',
        entityId: article.id,
        before: null,
        after: article,
      });
      notify(
        'onArticleChanged',
        options.onArticleChanged && (() => options.onArticleChanged!(article.id, false)),
      );
      res
        .set('ETag', `"${article.version}"`)
        .set('Location', `/api/admin/articles/${encodeURIComponent(article.id)}`);
      sendData(res, article, 201);
    }),
  );

  return router;
}
