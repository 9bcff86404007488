/**
 * Periods and buckets. Everything is in UTC: a day bucket starts at 00:00Z, a week bucket on Monday
 * 00:00Z (ISO weeks). A period is half-open, from ≤ t < to.
 */

export type BucketSize = 'day' | 'week';

export interface Period {
  /** ISO-8601, inclusive. */
  from: string;
  /** ISO-8601, exclusive. */
  to: string;
  bucket: BucketSize;
}

const DAY_MS = 86_400_000;

/** At most this many buckets per report (a year of days, about eight years of weeks). */
export const MAX_BUCKETS = 400;

/** Start of the bucket holding `ms` (epoch milliseconds). */
export function bucketStart(ms: number, bucket: BucketSize): number {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  if (bucket === 'day') return day;
  // 1970-01-01 was a Thursday: day index 0 → weekday 4 (Mon = 1 … Sun = 7).
  const weekday = ((Math.floor(ms / DAY_MS) + 3) % 7) + 1;
  return day - (weekday - 1) * DAY_MS;
}

/** Bucket starts (epoch ms) covering [from, to), the first one at or before `from`. */
export function bucketStarts(period: Period): number[] {
  const from = Date.parse(period.from);
  const to = Date.parse(period.to);
  const step = period.bucket === 'day' ? DAY_MS : 7 * DAY_MS;
  const starts: number[] = [];
  for (let t = bucketStart(from, period.bucket); t < to; t += step) {
    starts.push(t);
    if (starts.length > MAX_BUCKETS) throw new RangeError(`more than ${MAX_BUCKETS} buckets`);
  }
  return starts;
}

/** Checks a period; returns a reason when it is not usable. */
export function periodProblem(period: Period): string | undefined {
  const from = Date.parse(period.from);
  const to = Date.parse(period.to);
  if (!Number.isFinite(from) || !Number.isFinite(to)) return 'from and to must be ISO-8601 dates';
  if (from >= to) return 'from must be before to';
  const step = period.bucket === 'day' ? DAY_MS : 7 * DAY_MS;
  if ((to - bucketStart(from, period.bucket)) / step > MAX_BUCKETS)
    return `the period is too long for ${period.bucket} buckets (at most ${MAX_BUCKETS})`;
  return undefined;
}

export const isoOf = (ms: number): string => new Date(ms).toISOString();
