import type { Model } from 'mongoose';
import { definedOnly, versionMismatch } from '../internal/values';
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
  throw versionMismatch(
    subject,
    id,
    await model.findById(id, { version: 1 }).lean<{ version: number }>(),
    expectedVersion,
  );
}

/**
 * Deletes by id; with `expectedVersion`, only that version (the filter makes compare and delete one
 * operation). Nothing deleted means "no such id" (not_found) or "someone else saved first" (conflict);
 * one extra read tells which.
 */
export async function deleteById<T extends { version: number }>(
  model: Model<T>,
  subject: string,
  id: string,
  expectedVersion?: number,
): Promise<void> {
  const filter = expectedVersion === undefined ? { _id: id } : { _id: id, version: expectedVersion };
  const result = await model.deleteOne(filter);
  if (result.deletedCount > 0) return;
  const current =
    expectedVersion === undefined
      ? null
      : await model.findById(id, { version: 1 }).lean<{ version: number }>();
  throw versionMismatch(subject, id, current, expectedVersion);
}
