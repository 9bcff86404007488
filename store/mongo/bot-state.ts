/**
 * botbuilder state documents on MongoDB. The JSON object is kept as a string: dialog state may carry
 * keys MongoDB treats specially ("$…", dotted names), and it is only ever read back whole.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { BotStateEntry, BotStateRepository } from '../ports';
import { StoreError } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { guard, isDuplicateKey } from './errors';

interface BotStateDoc {
  _id: string;
  data: string;
  eTag: string;
  updatedAt: Date;
}

export const botStateSchema = new Schema<BotStateDoc>(
  {
    _id: { type: String, required: true },
    data: { type: String, required: true },
    eTag: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'bot_state', versionKey: false, minimize: false, id: false },
);

const toEntry = (doc: BotStateDoc): BotStateEntry => ({
  key: doc._id,
  data: JSON.parse(doc.data) as Record<string, unknown>,
  eTag: doc.eTag,
  updatedAt: doc.updatedAt.toISOString(),
});

export async function bindBotStateModel(conn: Connection): Promise<Model<BotStateDoc>> {
  const model = conn.model<BotStateDoc>('BotState', botStateSchema);
  await model.init();
  return model;
}

export function mongoBotState(BotState: Model<BotStateDoc>, deps: ResolvedDeps): BotStateRepository {
  return {
    async read(keys) {
      const unique = [...new Set(keys)];
      if (unique.length === 0) return [];
      const docs = await BotState.find({ _id: { $in: unique } }).lean<BotStateDoc[]>();
      return docs.map(toEntry);
    },
    async write(key, data, expectedETag, json) {
      if (typeof key !== 'string' || key === '')
        throw new StoreError('invalid', 'bot state key must be a non-empty string');
      if (data === null || typeof data !== 'object' || Array.isArray(data))
        throw new StoreError('invalid', `bot state "${key}" must be an object`);
      const doc: BotStateDoc = {
        _id: key,
        data: json ?? JSON.stringify(data),
        eTag: deps.newId(),
        updatedAt: deps.clock(),
      };
      const subject = `bot state "${key}"`;
      if (expectedETag === undefined || expectedETag === '*') {
        await guard(subject, () =>
          BotState.updateOne(
            { _id: key },
            { $set: { data: doc.data, eTag: doc.eTag, updatedAt: doc.updatedAt } },
            { upsert: true },
          ),
        );
        return toEntry(doc);
      }
      // Compare-and-set on the eTag; when nothing matched, the key is either missing (create it) or stale.
      const updated = await guard(subject, () =>
        BotState.updateOne(
          { _id: key, eTag: expectedETag },
          { $set: { data: doc.data, eTag: doc.eTag, updatedAt: doc.updatedAt } },
        ),
      );
      if (updated.matchedCount === 1) return toEntry(doc);
      try {
        await BotState.create(doc);
        return toEntry(doc);
      } catch (err) {
        if (isDuplicateKey(err))
          throw new StoreError('conflict', `${subject} was changed by someone else (eTag mismatch)`);
        throw err;
      }
    },
    async delete(keys) {
      if (keys.length === 0) return;
      await BotState.deleteMany({ _id: { $in: [...new Set(keys)] } });
    },
  };
}
