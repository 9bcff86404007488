/**
 * For the schema tests: models bound to a connection that is never opened, so documents validate
 * locally without a MongoDB server. (mongoose 9.12 deprecates validateSync() for removal in 10, so
 * these use validate(), which is just as local.)
 */
import mongoose from 'mongoose';
import { bindModels, type Models } from '../models';

/** Every model on a fresh unopened connection, closed after the test file. */
export function offlineModels(): Models {
  const conn = mongoose.createConnection();
  afterAll(() => conn.close());
  return bindModels(conn);
}

/** path → validator kind ('required', 'enum', 'min', 'regexp', 'user defined'…) of each failure. */
export async function failures(doc: { validate(): Promise<void> }): Promise<Record<string, string>> {
  try {
    await doc.validate();
    return {};
  } catch (err) {
    if (!(err instanceof mongoose.Error.ValidationError)) throw err;
    return Object.fromEntries(
      Object.entries(err.errors).map(([path, e]) => [path, (e as { kind: string }).kind]),
    );
  }
}
