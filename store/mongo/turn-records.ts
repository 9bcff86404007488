import type { TurnRecord, TurnRecordRepository } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { checkTurnRecord, isoRange, rangeLimit } from '../internal/admin';
import { isoOrNull } from '../internal/values';
import { guard, isDuplicateKey } from './errors';
import type { Models } from './models';
import type { TurnRecordDoc } from './schemas';

const toRecord = (doc: TurnRecordDoc): TurnRecord => ({
  id: doc._id,
  conversationId: doc.conversationId,
  seq: doc.seq,
  text: doc.text,
  language: doc.language,
  intent: doc.intent,
  score: doc.score,
  fallback: doc.fallback,
  answeredBy: doc.answeredBy,
  articleId: doc.articleId ?? null,
  sentiment: doc.sentiment,
  createdAt: doc.createdAt.toISOString(),
});

export function mongoTurnRecords({ TurnRecord }: Models, deps: ResolvedDeps): TurnRecordRepository {
  const upsert = (input: Parameters<TurnRecordRepository['record']>[0]) => {
    const createdAt = isoOrNull(input.createdAt, 'createdAt');
    const fields = {
      text: input.text,
      language: input.language,
      intent: input.intent,
      score: input.score,
      fallback: input.fallback,
      answeredBy: input.answeredBy,
      articleId: input.articleId ?? null,
      sentiment: input.sentiment,
      ...(createdAt ? { createdAt: new Date(createdAt) } : {}),
    };
    // Idempotent on (conversationId, seq): a repeat replaces the fields and keeps the id (and
    // createdAt unless the caller gave one).
    return guard('turn record', () =>
      TurnRecord.findOneAndUpdate(
        { conversationId: input.conversationId, seq: input.seq },
        {
          $set: fields,
          $setOnInsert: {
            _id: deps.newId(),
            ...(createdAt ? {} : { createdAt: deps.clock() }),
          },
        },
        { upsert: true, returnDocument: 'after', runValidators: true },
      ).lean<TurnRecordDoc>(),
    );
  };

  return {
    async record(input) {
      checkTurnRecord(input);
      try {
        return toRecord((await upsert(input))!);
      } catch (err) {
        // Two first records raced on the unique index: the loser's retry is an update.
        if (isDuplicateKey(err)) return toRecord((await upsert(input))!);
        throw err;
      }
    },
    async listBetween(from, to, options = {}) {
      const range = isoRange(from, to);
      const docs = await TurnRecord.find({
        createdAt: { $gte: new Date(range.from), $lt: new Date(range.to) },
        ...(options.fallbackOnly ? { fallback: true } : {}),
      })
        .sort({ createdAt: 1, _id: 1 })
        .limit(rangeLimit(options.limit))
        .lean<TurnRecordDoc[]>();
      return docs.map(toRecord);
    },
  };
}
