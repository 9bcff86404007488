import { StoreError } from '../ports';

/** Default page size for list methods that take an optional limit. */
export const DEFAULT_LIST_LIMIT = 100;
/** Default page size of MessageRepository.listAfter (the port documents 500). */
export const DEFAULT_MESSAGE_LIMIT = 500;
/** Upper bound on any single page, so a caller cannot ask for the whole table by accident. */
export const MAX_LIMIT = 5000;

/**
 * Shared email shape check (the Mongo schema uses it directly; the SQLite schema has an equivalent
 * CHECK constraint). Deliberately loose: one "@", no whitespace, a dot in the domain.
 */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Emails are compared case-insensitively everywhere, so they are stored trimmed and lower-cased. */
export function normalizeEmail<T extends string | null | undefined>(email: T): T {
  return (typeof email === 'string' ? email.trim().toLowerCase() : email) as T;
}

/** A validated page size: the fallback when absent, `invalid` when not a positive integer. */
export function pageLimit(limit: number | undefined, fallback = DEFAULT_LIST_LIMIT): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1)
    throw new StoreError('invalid', `limit must be a positive integer, got ${limit}`);
  return Math.min(limit, MAX_LIMIT);
}

export function pageOffset(offset: number | undefined): number {
  if (offset === undefined) return 0;
  if (!Number.isInteger(offset) || offset < 0)
    throw new StoreError('invalid', `offset must be a non-negative integer, got ${offset}`);
  return offset;
}

/**
 * Normalises a caller-supplied date to the canonical ISO form (`toISOString`), so both adapters
 * return byte-identical strings for the same input. Null/undefined pass through as null.
 */
export function isoOrNull(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  const date = new Date(value);
  if (typeof value !== 'string' || Number.isNaN(date.getTime())) {
    throw new StoreError('invalid', `${field} is not a valid date: ${String(value)}`);
  }
  return date.toISOString();
}

export function requireIso(value: string | null | undefined, field: string): string {
  const iso = isoOrNull(value, field);
  if (iso === null) throw new StoreError('invalid', `${field} is required`);
  return iso;
}

/** Applies a patch, ignoring keys whose value is undefined (an absent key means "leave as is"). */
export function applyPatch<T extends object>(current: T, patch: Partial<NoInfer<T>>): T {
  const next = { ...current };
  for (const [key, value] of Object.entries(patch) as [keyof T, T[keyof T] | undefined][]) {
    if (value !== undefined) next[key] = value;
  }
  return next;
}

/** Drops keys whose value is undefined (a Mongo `$set` of undefined would unset the field). */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Why a versioned write found nothing to change: no such record, or another version than expected. */
export function versionMismatch(
  subject: string,
  id: string,
  current: { version: number } | null | undefined,
  expectedVersion: number | undefined,
): StoreError {
  if (!current) return new StoreError('not_found', `${subject} ${id} not found`);
  return new StoreError(
    'conflict',
    `${subject} ${id} is at version ${current.version}, not ${expectedVersion}`,
  );
}

/**
 * The record a versioned write is based on, read under the writer's lock: not_found when missing,
 * conflict when it is not at `expectedVersion` (undefined: any version will do).
 */
export function recordAtVersion<T extends { version: number }>(
  subject: string,
  id: string,
  current: T | null | undefined,
  expectedVersion: number | undefined,
): T {
  if (!current || (expectedVersion !== undefined && current.version !== expectedVersion))
    throw versionMismatch(subject, id, current, expectedVersion);
  return current;
}
