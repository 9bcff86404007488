import { StoreError } from '../ports';

/** better-sqlite3 errors carry SQLite's extended result code, e.g. "SQLITE_CONSTRAINT_UNIQUE". */
function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** Maps constraint failures to the port's error codes; anything else is a real fault and passes through. */
export function toStoreError(err: unknown, subject: string): unknown {
  if (err instanceof StoreError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  switch (sqliteCode(err)) {
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return new StoreError('duplicate', `${subject} already exists (${detail})`);
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return new StoreError('not_found', `${subject} refers to a record that does not exist`);
    case 'SQLITE_CONSTRAINT_CHECK':
    case 'SQLITE_CONSTRAINT_NOTNULL':
    case 'SQLITE_CONSTRAINT_DATATYPE':
      return new StoreError('invalid', `${subject} is invalid (${detail})`);
    default:
      return err;
  }
}

/** Runs a synchronous database call, translating its constraint errors. */
export function guard<T>(subject: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toStoreError(err, subject);
  }
}
