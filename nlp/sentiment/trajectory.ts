/**
 * How a customer's mood moves over a conversation: a pure function of their message scores
 * (oldest first), so it is trivially testable and can be recomputed on every turn.
 */

export interface SentimentTrajectory {
  /** The scores considered (the last `maxHistory`), oldest first. */
  scores: number[];
  /** Mean of `scores` (0 when empty). */
  average: number;
  /** Least-squares slope of the last `window` scores, per message (0 with fewer than 2). */
  trend: number;
  /** True when the recent slope is at or below `fallingSlope` and the latest score is negative. */
  fallingFast: boolean;
  /** The latest score (0 when empty). */
  last: number;
}

export interface TrajectoryOptions {
  /** How many recent scores the trend is computed over (default 4). */
  window?: number;
  /** Slope per message at or below which the mood is "falling fast" (default −0.25). */
  fallingSlope?: number;
  /** The latest score must be at or below this too (default −0.2), so a drop from delight to calm is not flagged. */
  negativeBelow?: number;
  /** Only the last this-many scores are kept (default 50). */
  maxHistory?: number;
}

const round4 = (x: number) => {
  const r = Math.round(x * 10000) / 10000;
  return Object.is(r, -0) ? 0 : r;
};

export function sentimentTrajectory(
  input: readonly number[],
  options: TrajectoryOptions = {},
): SentimentTrajectory {
  const window = Math.max(2, Math.floor(options.window ?? 4));
  const fallingSlope = options.fallingSlope ?? -0.25;
  const negativeBelow = options.negativeBelow ?? -0.2;
  const maxHistory = Math.max(1, Math.floor(options.maxHistory ?? 50));
  // Non-finite values are dropped; the rest are clamped into [−1, 1].
  const clean = (Array.isArray(input) ? input : [])
    .filter((s): s is number => typeof s === 'number' && Number.isFinite(s))
    .map((s) => Math.max(-1, Math.min(1, s)));
  const scores = clean.slice(-maxHistory);
  if (scores.length === 0) return { scores: [], average: 0, trend: 0, fallingFast: false, last: 0 };

  const average = scores.reduce((a, b) => a + b, 0) / scores.length;
  const recent = scores.slice(-window);
  let trend = 0;
  if (recent.length >= 2) {
    const n = recent.length;
    const meanX = (n - 1) / 2;
    const meanY = recent.reduce((a, b) => a + b, 0) / n;
    let num = 0;
    let den = 0;
    recent.forEach((y, x) => {
      num += (x - meanX) * (y - meanY);
      den += (x - meanX) ** 2;
    });
    trend = num / den;
  }
  const last = scores[scores.length - 1];
  return {
    scores,
    average: round4(average),
    trend: round4(trend),
    fallingFast: trend <= fallingSlope && last <= negativeBelow,
    last,
  };
}
