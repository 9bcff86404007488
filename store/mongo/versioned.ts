import type { Model } from 'mongoose';
import { StoreError } from '../ports';
import { definedOnly } from '../internal/values';
import { guard } from './errors';

/**
 * Optimistic concurrency for documents with a `version` field: the filter on the expected version
 * makes compare and write one atomic operation. null from the update means either "no such id"
 * (not_found) or "someone else saved first" (conflict); one extra read tells which.
 */
export async function updateVersioned<T extends { version: number; updatedAt: Date }>(
  model: Model<T>,
  subject: string,
  id: string,
  expectedVersion: number,
  patch: object,
  now: Date,
): Promise<T> {
  const doc = await guard(subject, () =>
    model
      .findOneAndUpdate(
        { _id: id, version: expectedVersion },
        { $set: { ...definedOnly(patch), updatedAt: now }, $inc: { version: 1 } },
        { returnDocument: 'after', runValidators: true },
      )
      .lean<T>(),
  );
  if (doc) return doc;
  const current = await model.findById(id, { version: 1 }).lean<{ version: number }>();
  if (!current) throw new StoreError('not_found', `${subject} ${id} not found`);
  throw new StoreError(
    'conflict',
    `${subject} ${id} is at version ${current.version}, not ${expectedVersion}`,
  );
}

export async function deleteById<T>(model: Model<T>, subject: string, id: string): Promise<void> {
  const result = await model.deleteOne({ _id: id });
  if (result.deletedCount === 0) throw new StoreError('not_found', `${subject} ${id} not found`);
}
