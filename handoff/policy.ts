/**
 * The escalation policy: given what happened in a turn, should a person take over, and why? Pure and
 * configurable; every trigger has one reason code. Checked in precedence order, so a turn that matches
 * several triggers reports the most specific one.
 *
 * | code | fires when |
 * |---|---|
 * | agent_takeover | an agent took the conversation from the console |
 * | customer_request | the customer asked for a person |
 * | always_human | the intent is marked "always human" (legal complaint, account closure, …) |
 * | high_risk_customer | a risky customer (open complaint, many open tickets, risky topic) is in trouble |
 * | negative_sentiment | the latest message scores at or below the threshold, or shows frustration twice (from the customer's second message: the bot gets one chance) |
 * | sentiment_falling | the mood is falling fast (trend of the last messages, from the third customer message) |
 * | repeated_fallback | N fallbacks in a row |
 * | high_value_customer | a high-value customer (tier or lifetime value) is in trouble (one fallback, negative mood) |
 *
 * "In trouble" means this turn was a fallback or its sentiment is at or below `troubleSentiment`.
 */
import type { CustomerTier } from '../store';
import type { ReasonCode, Trigger } from './types';

export interface PolicyConfig {
  /** Consecutive fallbacks that hand over (default 3). */
  fallbackLimit: number;
  /** A latest sentiment score at or below this hands over (default −0.65). */
  sentimentThreshold: number;
  /**
   * Mood triggers wait for this many customer messages (default 2): a first message that is upset
   * about a late parcel is exactly what the bot should try to answer.
   */
  sentimentMinTurns: number;
  /** Messages showing frustration (angry phrases, shouting) that hand over (default 2). */
  frustrationLimit: number;
  /** Hand over when the trajectory says the mood is falling fast (default true). */
  handOverFallingMood: boolean;
  /**
   * Customer messages before a falling mood counts (default 3): from a cheerful "hello" to a plain
   * problem statement is a steep slope over two points, not a customer losing patience.
   */
  fallingMoodMinTurns: number;
  /** Intents always handled by a person. */
  alwaysHumanIntents: ReadonlySet<string>;
  /** Sentiment at or below which a turn counts as trouble for high-value and high-risk customers (default −0.2). */
  troubleSentiment: number;
  highValue: {
    tiers: ReadonlySet<CustomerTier>;
    /** Lifetime value (minor units) from which a customer is high value, whatever the tier (default 200 000 = 2 000.00). */
    lifetimeValueAtLeast: number;
  };
  highRisk: {
    /** Topics that are risky for the business (chargebacks, damage claims…). */
    intents: ReadonlySet<string>;
    /** Open tickets from which a customer is high risk (default 2). */
    openTicketsAtLeast: number;
    /** An open complaint ticket makes a customer high risk (default true). */
    openComplaint: boolean;
  };
}

export const DEFAULT_POLICY: Readonly<PolicyConfig> = Object.freeze({
  fallbackLimit: 3,
  sentimentThreshold: -0.65,
  sentimentMinTurns: 2,
  frustrationLimit: 2,
  handOverFallingMood: true,
  fallingMoodMinTurns: 3,
  alwaysHumanIntents: new Set(['account.close', 'privacy.data_request', 'legal.complaint']),
  troubleSentiment: -0.2,
  highValue: { tiers: new Set<CustomerTier>(['platinum']), lifetimeValueAtLeast: 200_000 },
  highRisk: {
    intents: new Set(['payment.failed', 'order.damaged', 'warranty.claim']),
    openTicketsAtLeast: 2,
    openComplaint: true,
  },
});

/** What the policy looks at after a turn. */
export interface TurnSignals {
  /** The intent decided for this message ("none" when the bot did not understand). */
  intent: string;
  /** This turn was a fallback (nothing understood or answered). */
  fallback: boolean;
  /** Fallbacks in a row, this one included. */
  consecutiveFallbacks: number;
  /** Customer messages so far, this one included. */
  customerTurns: number;
  sentiment: {
    /** This message's score in [−1, 1]. */
    last: number;
    /** The trajectory over recent messages says the mood is falling fast. */
    fallingFast: boolean;
    /** Customer messages showing frustration so far (this one included). */
    frustrationCount: number;
  };
  customer: CustomerRisk | null;
  /** The customer asked for a person (dialogs or the recognizer decided). */
  askedForPerson?: boolean;
  /** An agent took over from the console. */
  agentTakeover?: boolean;
}

export interface CustomerRisk {
  tier: CustomerTier;
  /** Minor units. */
  lifetimeValue: number;
  openTickets: number;
  openComplaints: number;
}

/** What the mood trigger reads: the same numbers whether the policy or the dialogs ask. */
export interface MoodSignals {
  /** Customer messages so far, this one included. */
  customerTurns: number;
  /** This message's sentiment score in [−1, 1]. */
  last: number;
  /** Customer messages showing frustration so far (this one included). */
  frustrationCount: number;
}

/** The settings the mood trigger reads. */
export type MoodConfig = Pick<PolicyConfig, 'sentimentThreshold' | 'sentimentMinTurns' | 'frustrationLimit'>;

export function moodSignalsOf(s: TurnSignals): MoodSignals {
  return {
    customerTurns: s.customerTurns,
    last: s.sentiment.last,
    frustrationCount: s.sentiment.frustrationCount,
  };
}

/**
 * The mood trigger (negative_sentiment): from the `sentimentMinTurns`-th customer message, a message
 * at or below the threshold, or `frustrationLimit` frustrated messages. The one rule for it: the
 * policy evaluates it after a turn, and the dialogs ask it (through the handoff middleware) before
 * they answer, so they never disagree on whether it is due.
 */
export function moodTrigger(c: MoodConfig, s: MoodSignals): Trigger | null {
  if (s.customerTurns < c.sentimentMinTurns) return null;
  if (s.last <= c.sentimentThreshold)
    return { reason: 'negative_sentiment', detail: `sentiment:${s.last.toFixed(2)}` };
  if (s.frustrationCount >= c.frustrationLimit)
    return { reason: 'negative_sentiment', detail: `frustration:${s.frustrationCount}` };
  return null;
}

export function resolvePolicy(overrides: Partial<PolicyConfig> = {}): PolicyConfig {
  return {
    ...DEFAULT_POLICY,
    ...overrides,
    highValue: { ...DEFAULT_POLICY.highValue, ...overrides.highValue },
    highRisk: { ...DEFAULT_POLICY.highRisk, ...overrides.highRisk },
  };
}

export class EscalationPolicy {
  readonly config: PolicyConfig;

  constructor(overrides: Partial<PolicyConfig> = {}) {
    this.config = resolvePolicy(overrides);
  }

  /** The trigger this turn fires, or null when the bot should carry on. */
  evaluate(s: TurnSignals): Trigger | null {
    const c = this.config;
    if (s.agentTakeover) return { reason: 'agent_takeover', detail: 'agent_takeover' };
    if (s.askedForPerson) return { reason: 'customer_request', detail: 'customer_request' };
    if (c.alwaysHumanIntents.has(s.intent))
      return { reason: 'always_human', detail: `always_human:${s.intent}` };

    const trouble = s.fallback || s.sentiment.last <= c.troubleSentiment;
    if (trouble && s.customer && this.isHighRisk(s.customer, s.intent))
      return { reason: 'high_risk_customer', detail: riskDetail(s.customer, s.intent, c), boost: 5 };
    const mood = moodTrigger(c, moodSignalsOf(s));
    if (mood) return mood;
    const fallingCounts = s.customerTurns >= Math.max(c.sentimentMinTurns, c.fallingMoodMinTurns);
    if (fallingCounts && c.handOverFallingMood && s.sentiment.fallingFast)
      return { reason: 'sentiment_falling', detail: 'falling_fast' };
    if (s.fallback && s.consecutiveFallbacks >= c.fallbackLimit)
      return { reason: 'repeated_fallback', detail: `fallbacks:${s.consecutiveFallbacks}` };
    if (trouble && s.customer && this.isHighValue(s.customer))
      return { reason: 'high_value_customer', detail: `tier:${s.customer.tier}`, boost: 5 };
    return null;
  }

  isHighValue(customer: CustomerRisk): boolean {
    return (
      this.config.highValue.tiers.has(customer.tier) ||
      customer.lifetimeValue >= this.config.highValue.lifetimeValueAtLeast
    );
  }

  isHighRisk(customer: CustomerRisk, intent: string): boolean {
    const r = this.config.highRisk;
    return (
      r.intents.has(intent) ||
      customer.openTickets >= r.openTicketsAtLeast ||
      (r.openComplaint && customer.openComplaints > 0)
    );
  }
}

function riskDetail(customer: CustomerRisk, intent: string, c: PolicyConfig): string {
  if (c.highRisk.intents.has(intent)) return `risky_intent:${intent}`;
  if (c.highRisk.openComplaint && customer.openComplaints > 0)
    return `open_complaints:${customer.openComplaints}`;
  return `open_tickets:${customer.openTickets}`;
}

/**
 * Maps a dialog's escalation reason ("customer_request", "always_human:account.close", "fallback",
 * "frustration", "dialog:returns", anything else) onto a reason code.
 */
export function triggerFromRequest(reason: string): Trigger {
  const [head, ...rest] = reason.split(':');
  const known: Record<string, ReasonCode> = {
    customer_request: 'customer_request',
    always_human: 'always_human',
    fallback: 'repeated_fallback',
    fallbacks: 'repeated_fallback',
    repeated_fallback: 'repeated_fallback',
    frustration: 'negative_sentiment',
    negative_sentiment: 'negative_sentiment',
    sentiment_falling: 'sentiment_falling',
    high_value_customer: 'high_value_customer',
    high_risk_customer: 'high_risk_customer',
    agent_takeover: 'agent_takeover',
  };
  const code = known[head];
  if (code) return { reason: code, detail: rest.length ? reason : head };
  return { reason: 'dialog', detail: reason || 'dialog' };
}
