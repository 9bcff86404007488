import type { AnswerFeedback, AnswerFeedbackRepository, ArticleHelpfulness } from '../ports';
import { StoreError } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { checkFeedback } from '../internal/knowledge';
import { isoOrNull, pageLimit } from '../internal/values';
import { bindable, toFlag } from './codec';
import { immediate, type Db } from './database';
import { guard } from './errors';

interface FeedbackRow {
  id: string;
  answer_id: string;
  article_id: string;
  helpful: number;
  conversation_id: string | null;
  query: string | null;
  comment: string | null;
  created_at: string;
  updated_at: string;
}

const toFeedback = (row: FeedbackRow): AnswerFeedback => ({
  id: row.id,
  answerId: row.answer_id,
  articleId: row.article_id,
  helpful: row.helpful === 1,
  conversationId: row.conversation_id,
  query: row.query,
  comment: row.comment,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function sqliteAnswerFeedback(db: Db, deps: ResolvedDeps): AnswerFeedbackRepository {
  const insert = db.prepare(`INSERT INTO answer_feedback
      (id, answer_id, article_id, helpful, conversation_id, query, comment, created_at, updated_at)
    VALUES (@id, @answerId, @articleId, @helpful, @conversationId, @query, @comment, @createdAt, @updatedAt)`);
  const revote = db.prepare(`UPDATE answer_feedback SET helpful = @helpful, comment = @comment,
      query = coalesce(@query, query), conversation_id = coalesce(@conversationId, conversation_id),
      updated_at = @updatedAt
    WHERE answer_id = @answerId`);
  const byAnswer = db.prepare<[string], FeedbackRow>('SELECT * FROM answer_feedback WHERE answer_id = ?');
  const byArticle = db.prepare<{ articleId: string; helpful: number | null; limit: number }, FeedbackRow>(
    `SELECT * FROM answer_feedback WHERE article_id = @articleId AND (@helpful IS NULL OR helpful = @helpful)
     ORDER BY updated_at DESC, id DESC LIMIT @limit`,
  );
  const aggregate = db.prepare<
    { since: string | null; articleId: string | null },
    { articleId: string; helpful: number; notHelpful: number; total: number; lastVoteAt: string }
  >(`SELECT article_id AS articleId, sum(helpful) AS helpful, sum(1 - helpful) AS notHelpful,
      count(*) AS total, max(updated_at) AS lastVoteAt
    FROM answer_feedback
    WHERE (@since IS NULL OR updated_at >= @since) AND (@articleId IS NULL OR article_id = @articleId)
    GROUP BY article_id ORDER BY total DESC, article_id`);

  const get = (answerId: string): AnswerFeedback | null => {
    const row = byAnswer.get(answerId);
    return row ? toFeedback(row) : null;
  };

  return {
    async record(input) {
      checkFeedback(input);
      return guard('answer feedback', () =>
        immediate(db, () => {
          const now = deps.clock().toISOString();
          const current = get(input.answerId);
          const fields = bindable({
            answerId: input.answerId,
            articleId: input.articleId,
            helpful: toFlag(input.helpful),
            conversationId: input.conversationId ?? null,
            query: input.query ?? null,
            comment: input.comment ?? null,
            updatedAt: now,
          });
          if (current) {
            if (current.articleId !== input.articleId) {
              throw new StoreError(
                'conflict',
                `answer ${input.answerId} was given by ${current.articleId}, not ${input.articleId}`,
              );
            }
            revote.run(fields);
            return { feedback: get(input.answerId)!, created: false };
          }
          insert.run({ ...fields, id: input.id ?? deps.newId(), createdAt: now });
          return { feedback: get(input.answerId)!, created: true };
        }),
      );
    },
    async getByAnswer(answerId) {
      return get(answerId);
    },
    async listByArticle(articleId, options = {}) {
      return byArticle
        .all({ articleId, helpful: toFlag(options.helpful), limit: pageLimit(options.limit) })
        .map(toFeedback);
    },
    async helpfulness(options = {}): Promise<ArticleHelpfulness[]> {
      return aggregate.all({
        since: isoOrNull(options.since, 'since'),
        articleId: options.articleId ?? null,
      });
    },
  };
}
