import type { AnswerFeedback, AnswerFeedbackRepository, ArticleHelpfulness } from '../ports';
import { StoreError } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { checkFeedback } from '../internal/knowledge';
import { isoOrNull, pageLimit } from '../internal/values';
import { guard, isDuplicateKey, toStoreError } from './errors';
import type { Models } from './models';
import type { AnswerFeedbackDoc } from './schemas';

const toFeedback = (doc: AnswerFeedbackDoc): AnswerFeedback => ({
  id: doc._id,
  answerId: doc.answerId,
  articleId: doc.articleId,
  helpful: doc.helpful,
  conversationId: doc.conversationId ?? null,
  query: doc.query ?? null,
  comment: doc.comment ?? null,
  createdAt: doc.createdAt.toISOString(),
  updatedAt: doc.updatedAt.toISOString(),
});

export function mongoAnswerFeedback(
  { AnswerFeedback }: Models,
  deps: ResolvedDeps,
): AnswerFeedbackRepository {
  const get = async (answerId: string) => {
    const doc = await AnswerFeedback.findOne({ answerId }).lean<AnswerFeedbackDoc>();
    return doc ? toFeedback(doc) : null;
  };

  /** A re-vote: one atomic update filtered on the article, so a vote can never move to another article. */
  const revote = async (input: Parameters<AnswerFeedbackRepository['record']>[0], now: Date) => {
    const doc = await guard('answer feedback', () =>
      AnswerFeedback.findOneAndUpdate(
        { answerId: input.answerId, articleId: input.articleId },
        {
          $set: {
            helpful: input.helpful,
            comment: input.comment ?? null,
            updatedAt: now,
            ...(input.query ? { query: input.query } : {}),
            ...(input.conversationId ? { conversationId: input.conversationId } : {}),
          },
        },
        { returnDocument: 'after', runValidators: true },
      ).lean<AnswerFeedbackDoc>(),
    );
    if (doc) return { feedback: toFeedback(doc), created: false };
    const current = await get(input.answerId);
    throw new StoreError(
      'conflict',
      `answer ${input.answerId} was given by ${current?.articleId ?? 'another article'}, not ${input.articleId}`,
    );
  };

  return {
    async record(input) {
      checkFeedback(input);
      const now = deps.clock();
      if (await AnswerFeedback.exists({ answerId: input.answerId })) return revote(input, now);
      try {
        const doc = await AnswerFeedback.create({
          _id: input.id ?? deps.newId(),
          answerId: input.answerId,
          articleId: input.articleId,
          helpful: input.helpful,
          conversationId: input.conversationId ?? null,
          query: input.query ?? null,
          comment: input.comment ?? null,
          createdAt: now,
          updatedAt: now,
        });
        return { feedback: toFeedback(doc.toObject()), created: true };
      } catch (err) {
        // Two first votes raced: the unique answerId index let one in; this one becomes a re-vote.
        if (isDuplicateKey(err)) return revote(input, now);
        throw toStoreError(err, 'answer feedback');
      }
    },
    async getByAnswer(answerId) {
      return get(answerId);
    },
    async listByArticle(articleId, options = {}) {
      const filter = { articleId, ...(options.helpful !== undefined ? { helpful: options.helpful } : {}) };
      const docs = await AnswerFeedback.find(filter)
        .sort({ updatedAt: -1, _id: -1 })
        .limit(pageLimit(options.limit))
        .lean<AnswerFeedbackDoc[]>();
      return docs.map(toFeedback);
    },
    async helpfulness(options = {}): Promise<ArticleHelpfulness[]> {
      const since = isoOrNull(options.since, 'since');
      const match = {
        ...(since ? { updatedAt: { $gte: new Date(since) } } : {}),
        ...(options.articleId !== undefined ? { articleId: options.articleId } : {}),
      };
      const rows = await AnswerFeedback.aggregate<{
        _id: string;
        helpful: number;
        total: number;
        lastVoteAt: Date;
      }>([
        { $match: match },
        {
          $group: {
            _id: '$articleId',
            helpful: { $sum: { $cond: ['$helpful', 1, 0] } },
            total: { $sum: 1 },
            lastVoteAt: { $max: '$updatedAt' },
          },
        },
        { $sort: { total: -1, _id: 1 } },
      ]);
      return rows.map((row) => ({
        articleId: row._id,
        helpful: row.helpful,
        notHelpful: row.total - row.helpful,
        total: row.total,
        lastVoteAt: row.lastVoteAt.toISOString(),
      }));
    },
  };
}
