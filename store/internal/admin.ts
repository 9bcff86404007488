/**
 * Rules shared by both adapters for the admin side's repositories (audit log, settings documents,
 * turn records, date ranges), so SQLite and MongoDB accept and reject exactly the same input.
 */
import type { AuditPosition, NewAuditEntry, NewTurnRecord, TurnRecord } from '../ports';
import { StoreError } from '../ports';
import { requireIso } from './values';

/** Default page size of the listBetween methods (the ports document 10 000). */
export const DEFAULT_RANGE_LIMIT = 10_000;
/** Upper bound on one range page. */
export const MAX_RANGE_LIMIT = 100_000;

export const ANSWERED_BY: readonly TurnRecord['answeredBy'][] = ['dialog', 'knowledge', 'fallback', 'human'];

export function rangeLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_RANGE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1)
    throw new StoreError('invalid', `limit must be a positive integer, got ${limit}`);
  return Math.min(limit, MAX_RANGE_LIMIT);
}

/** A half-open range [from, to) in canonical ISO form; `invalid` for unparseable dates. */
export function isoRange(from: string, to: string): { from: string; to: string } {
  return { from: requireIso(from, 'from'), to: requireIso(to, 'to') };
}

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';
const nullableString = (value: unknown): boolean => value === null || typeof value === 'string';

export function checkAuditEntry(entry: NewAuditEntry): void {
  if (!nonEmpty(entry.action)) throw new StoreError('invalid', 'audit entry needs an action');
  if (!nonEmpty(entry.entityType)) throw new StoreError('invalid', 'audit entry needs an entityType');
  for (const field of ['actorId', 'actorEmail', 'entityId'] as const) {
    if (!nullableString(entry[field] ?? null))
      throw new StoreError('invalid', `audit entry ${field} must be a string or null`);
  }
}

/**
 * Where an audit page continues, in the form both adapters compare: createdAt canonical ISO (stored
 * dates are `toISOString`), id non-empty; null when absent, `invalid` otherwise.
 */
export function auditPosition(after: AuditPosition | null | undefined): AuditPosition | null {
  if (after === undefined || after === null) return null;
  if (!nonEmpty(after.id)) throw new StoreError('invalid', 'after.id must be a non-empty string');
  return { createdAt: requireIso(after.createdAt, 'after.createdAt'), id: after.id };
}

/** Snapshots are stored as JSON: what comes back is what JSON.stringify kept (undefined → null). */
export function jsonSnapshot(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

export function checkSettings(key: string, value: unknown, expectedVersion: number): void {
  if (!nonEmpty(key)) throw new StoreError('invalid', 'settings key must be a non-empty string');
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new StoreError('invalid', `settings "${key}" must be an object`);
  if (!Number.isInteger(expectedVersion) || expectedVersion < 0)
    throw new StoreError(
      'invalid',
      `expected version must be a non-negative integer, got ${expectedVersion}`,
    );
}

export function checkTurnRecord(input: NewTurnRecord): void {
  const bad = (message: string) => new StoreError('invalid', `turn record is invalid: ${message}`);
  if (!nonEmpty(input.conversationId)) throw bad('conversationId is required');
  if (!Number.isInteger(input.seq) || input.seq < 1) throw bad('seq must be a positive integer');
  if (typeof input.text !== 'string') throw bad('text must be a string');
  if (typeof input.language !== 'string') throw bad('language must be a string');
  if (!nonEmpty(input.intent)) throw bad('intent is required');
  if (typeof input.score !== 'number' || !Number.isFinite(input.score)) throw bad('score must be a number');
  if (typeof input.sentiment !== 'number' || !Number.isFinite(input.sentiment))
    throw bad('sentiment must be a number');
  if (typeof input.fallback !== 'boolean') throw bad('fallback must be a boolean');
  if (!ANSWERED_BY.includes(input.answeredBy))
    throw bad(`answeredBy must be one of ${ANSWERED_BY.join(', ')}`);
  if (!nullableString(input.articleId ?? null)) throw bad('articleId must be a string or null');
}
