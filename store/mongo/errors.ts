import mongoose from 'mongoose';
import { StoreError } from '../ports';

/** MongoDB reports a unique-index violation as code 11000 (E11000), naming the index's key pattern. */
export interface DuplicateKeyError {
  code: 11000;
  keyPattern?: Record<string, unknown>;
}

export function isDuplicateKey(err: unknown): err is DuplicateKeyError {
  return (err as { code?: unknown } | null)?.code === 11000;
}

/** True when a duplicate-key error came from an index over `field`. */
export function duplicateOn(err: unknown, field: string): boolean {
  return isDuplicateKey(err) && err.keyPattern !== undefined && field in err.keyPattern;
}

/** Maps validation and unique-index failures to the port's error codes; real faults pass through. */
export function toStoreError(err: unknown, subject: string): unknown {
  if (err instanceof StoreError) return err;
  if (isDuplicateKey(err)) {
    const keys = err.keyPattern ? Object.keys(err.keyPattern).join(', ') : 'key';
    return new StoreError('duplicate', `${subject} already exists (${keys})`);
  }
  if (
    err instanceof mongoose.Error.ValidationError ||
    err instanceof mongoose.Error.CastError ||
    err instanceof mongoose.Error.StrictModeError
  ) {
    return new StoreError('invalid', `${subject} is invalid (${err.message})`);
  }
  return err;
}

/** Runs a database call, translating its validation and duplicate-key errors. */
export async function guard<T>(subject: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toStoreError(err, subject);
  }
}
