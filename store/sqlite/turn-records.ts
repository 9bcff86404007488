import type { TurnRecord, TurnRecordRepository } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { checkTurnRecord, isoRange, rangeLimit } from '../internal/admin';
import { isoOrNull } from '../internal/values';
import { bindable, toFlag } from './codec';
import type { Db } from './database';
import { guard } from './errors';

interface TurnRow {
  id: string;
  conversation_id: string;
  seq: number;
  text: string;
  language: string;
  intent: string;
  score: number;
  fallback: number;
  answered_by: TurnRecord['answeredBy'];
  article_id: string | null;
  sentiment: number;
  created_at: string;
}

const toRecord = (row: TurnRow): TurnRecord => ({
  id: row.id,
  conversationId: row.conversation_id,
  seq: row.seq,
  text: row.text,
  language: row.language,
  intent: row.intent,
  score: row.score,
  fallback: row.fallback === 1,
  answeredBy: row.answered_by,
  articleId: row.article_id,
  sentiment: row.sentiment,
  createdAt: row.created_at,
});

export function sqliteTurnRecords(db: Db, deps: ResolvedDeps): TurnRecordRepository {
  // Idempotent on (conversation_id, seq): a repeat replaces the fields, keeps the id, and keeps
  // created_at unless the caller gave one.
  const upsert = db.prepare<Record<string, unknown>, TurnRow>(`INSERT INTO turn_records
      (id, conversation_id, seq, text, language, intent, score, fallback, answered_by, article_id,
       sentiment, created_at)
    VALUES (@id, @conversationId, @seq, @text, @language, @intent, @score, @fallback, @answeredBy,
       @articleId, @sentiment, @createdAt)
    ON CONFLICT (conversation_id, seq) DO UPDATE SET
      text = excluded.text, language = excluded.language, intent = excluded.intent,
      score = excluded.score, fallback = excluded.fallback, answered_by = excluded.answered_by,
      article_id = excluded.article_id, sentiment = excluded.sentiment,
      created_at = CASE WHEN @explicitCreatedAt THEN excluded.created_at ELSE turn_records.created_at END
    RETURNING *`);
  const between = db.prepare<
    { from: string; to: string; fallbackOnly: number; limit: number },
    TurnRow
  >(`SELECT * FROM turn_records
    WHERE created_at >= @from AND created_at < @to AND (@fallbackOnly = 0 OR fallback = 1)
    ORDER BY created_at, id LIMIT @limit`);

  return {
    async record(input) {
      checkTurnRecord(input);
      const createdAt = isoOrNull(input.createdAt, 'createdAt');
      const row = guard('turn record', () =>
        upsert.get(
          bindable({
            id: deps.newId(),
            conversationId: input.conversationId,
            seq: input.seq,
            text: input.text,
            language: input.language,
            intent: input.intent,
            score: input.score,
            fallback: toFlag(input.fallback),
            answeredBy: input.answeredBy,
            articleId: input.articleId ?? null,
            sentiment: input.sentiment,
            createdAt: createdAt ?? deps.clock().toISOString(),
            explicitCreatedAt: createdAt === null ? 0 : 1,
          }),
        ),
      );
      return toRecord(row!);
    },
    async listBetween(from, to, options = {}) {
      const range = isoRange(from, to);
      return between
        .all({ ...range, fallbackOnly: options.fallbackOnly ? 1 : 0, limit: rangeLimit(options.limit) })
        .map(toRecord);
    },
  };
}
