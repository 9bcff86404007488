/**
 * Queue priority: a stored part fixed when the escalation is created (reason, tier, mood) and an
 * ageing part added when the queue is sorted (waiting raises priority, so nobody waits forever).
 */
import type { CustomerTier } from '../store';
import type { ReasonCode } from './types';

export const REASON_PRIORITY: Readonly<Record<ReasonCode, number>> = {
  agent_takeover: 50,
  high_risk_customer: 40,
  always_human: 35,
  negative_sentiment: 30,
  sentiment_falling: 25,
  high_value_customer: 25,
  customer_request: 20,
  repeated_fallback: 15,
  dialog: 15,
};

export const TIER_PRIORITY: Readonly<Record<CustomerTier, number>> = {
  standard: 0,
  silver: 5,
  gold: 10,
  platinum: 20,
};

export interface PriorityInput {
  reason: ReasonCode;
  tier: CustomerTier | null;
  /** Latest customer sentiment in [−1, 1]. */
  sentiment: number;
  frustration: boolean;
  /** Extra from the trigger. */
  boost?: number;
}

/** The stored priority of a new escalation (an integer; higher is served first). */
export function basePriority(input: PriorityInput): number {
  let p = REASON_PRIORITY[input.reason] + (input.tier ? TIER_PRIORITY[input.tier] : 0) + (input.boost ?? 0);
  if (input.sentiment <= -0.5) p += 10;
  else if (input.sentiment <= -0.2) p += 5;
  if (input.frustration) p += 5;
  return Math.round(p);
}

/** Stored priority plus one point per `agingPerMinute` minute waited. */
export function effectivePriority(stored: number, waitedMs: number, agingPerMinute = 1): number {
  return stored + Math.floor(Math.max(0, waitedMs) / 60_000) * agingPerMinute;
}

export interface Queued {
  id: string;
  priority: number;
  /** ms since epoch. */
  createdAt: number;
}

/** Serving order: effective priority first, then who has waited longest, then id (deterministic). */
export function compareQueued(now: number, agingPerMinute = 1): (a: Queued, b: Queued) => number {
  return (a, b) =>
    effectivePriority(b.priority, now - b.createdAt, agingPerMinute) -
      effectivePriority(a.priority, now - a.createdAt, agingPerMinute) ||
    a.createdAt - b.createdAt ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
