/** Date helpers for demo data: everything is computed from a reference `now`, in UTC. */

export const DAY_MS = 24 * 60 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;
export const MINUTE_MS = 60 * 1000;

/** The fixed reference date used when no `now` is given (tests, docs, reproducible builds). */
export const DEMO_REFERENCE_DATE = new Date('2026-11-01T12:00:00.000Z');

/** The default PRNG seed of the generated customers and orders. */
export const DEMO_SEED = 20261101;

/** Midnight UTC of `now`'s calendar day. */
export function startOfUtcDay(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}

/**
 * The instant `daysAgo` calendar days before `now`'s day, at hh:mm UTC. With daysAgo >= 1 the result
 * is always before `now`; with daysAgo < 0 it lies in the future (estimated deliveries).
 */
export function dayAt(now: Date, daysAgo: number, hour: number, minute = 0): Date {
  return new Date(startOfUtcDay(now) - daysAgo * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS);
}

export function iso(d: Date | number): string {
  return new Date(d).toISOString();
}
