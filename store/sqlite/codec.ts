/** Value conversions between port types and SQLite column types. */

/** JSON columns: always valid JSON text on the way in (undefined becomes null so CHECKs reject it). */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** Booleans are 0/1 in SQLite; a missing value binds NULL so the NOT NULL constraint reports it. */
export function toFlag(value: boolean | undefined | null): number | null {
  return value === undefined || value === null ? null : value ? 1 : 0;
}

/**
 * better-sqlite3 throws a RangeError for a named parameter that is undefined; binding NULL instead
 * lets the NOT NULL constraints report a missing field as StoreError('invalid').
 */
export function bindable<T extends object>(row: T): { [K in keyof T]: Exclude<T[K], undefined> | null } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = value === undefined ? null : value;
  return out as { [K in keyof T]: Exclude<T[K], undefined> | null };
}
