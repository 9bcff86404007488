/**
 * A sliding-window attempt counter: at most `limit` attempts per key within `windowMs`. Used to slow
 * down guessing (order number + email lookups by unverified visitors). In-process memory: each server
 * process counts on its own.
 */
export interface AttemptLimiterOptions {
  limit: number;
  windowMs: number;
  clock?: () => Date;
  /** Keys tracked before expired ones are swept (default 50,000). */
  maxKeys?: number;
}

export interface AttemptDecision {
  allowed: boolean;
  /** When refused: how long until the oldest counted attempt leaves the window. */
  retryAfterMs: number;
}

export class AttemptLimiter {
  private readonly attempts = new Map<string, number[]>();
  private readonly clock: () => Date;
  private readonly maxKeys: number;

  constructor(private readonly options: AttemptLimiterOptions) {
    if (!(options.limit >= 1) || !(options.windowMs > 0))
      throw new Error('AttemptLimiter needs limit >= 1 and windowMs > 0');
    this.clock = options.clock ?? (() => new Date());
    this.maxKeys = options.maxKeys ?? 50_000;
  }

  /**
   * Counts one attempt against every key, but only when none of them is over its limit (a refused
   * attempt is not counted, so waiting always helps).
   */
  consume(keys: readonly string[]): AttemptDecision {
    const now = this.clock().getTime();
    let retryAfterMs = 0;
    const windows = keys.map((key) => {
      const recent = this.recent(key, now);
      if (recent.length >= this.options.limit)
        retryAfterMs = Math.max(retryAfterMs, recent[0] + this.options.windowMs - now);
      return recent;
    });
    if (retryAfterMs > 0) return { allowed: false, retryAfterMs };
    keys.forEach((key, i) => {
      windows[i].push(now);
      this.attempts.set(key, windows[i]);
    });
    if (this.attempts.size > this.maxKeys) this.sweep(now);
    return { allowed: true, retryAfterMs: 0 };
  }

  /** Attempts left for a key right now. */
  remaining(key: string): number {
    return Math.max(0, this.options.limit - this.recent(key, this.clock().getTime()).length);
  }

  private recent(key: string, now: number): number[] {
    const list = this.attempts.get(key);
    if (!list) return [];
    const from = now - this.options.windowMs;
    let i = 0;
    while (i < list.length && list[i] <= from) i++;
    return i === 0 ? list : list.slice(i);
  }

  private sweep(now: number): void {
    for (const key of this.attempts.keys()) {
      const recent = this.recent(key, now);
      if (recent.length === 0) this.attempts.delete(key);
      else this.attempts.set(key, recent);
    }
  }
}
