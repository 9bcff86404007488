/**
 * Analytics over one period: pure computations over what the store holds (conversations, their
 * messages, escalations, turn records, "did this help?" votes). No I/O here; `loadAnalyticsData`
 * gathers the inputs.
 *
 * One rule for belonging: a conversation belongs to the period (and to the bucket) in which it
 * started, and everything that happened in it — messages, turns, votes, ratings, escalations — counts
 * there, even when it happened after the period ended. So every rate divides like by like.
 *
 * The metrics (the same words are in DEFINITIONS, which the API returns and the page shows):
 * - conversations: started in the period with at least one customer message (a widget opened and left
 *   empty is not a conversation).
 * - ended: closed, or quiet (no message, no state change) for `idleMinutes` (default 30) before "now".
 * - contained: ended without a person — no escalation of any kind (asked for, policy-triggered, an
 *   agent taking over, even one nobody picked up) and no agent message. Rate: contained ÷ ended.
 * - verified resolution: contained, and the customer confirmed — a "That helped" vote on a knowledge
 *   answer, or a CSAT rating of 4 or 5.
 * - assumed resolution: contained, not verified, and the customer left without asking more — their
 *   last message was answered (its turn record is no fallback) and they gave no negative signal (a
 *   latest vote of "Not quite", a rating of 1–3). We assume it helped; we do not know.
 * - escalation rate: conversations handed to a person ÷ conversations; reasons count escalations.
 * - CSAT: the 1–5 ratings (`parley.csat` events) given in these conversations.
 * - first response: the customer's first message → the first bot or agent message after it.
 * - wait for a human: escalation createdAt → assignedAt (agent take-overs left out: nobody waited).
 * - fallback rate: fallback turns ÷ turns the bot handled (not messages while a person owned the chat).
 * - funnel per intent, in conversations: recognized → answered (a turn with that intent answered by a
 *   dialog or the knowledge base) → helpful (a "That helped" on an article that answered it, or a
 *   rating of 4–5) → escalated (an escalation at or after the intent first came up).
 * Percentiles are nearest-rank (the smallest value with at least p% of values at or below it).
 */
import type { AnswerFeedback, Conversation, Escalation, Message, TurnRecord } from '../store';
import { bucketStart, bucketStarts, isoOf, type Period } from './period';

/** Content type of stored events (bot/stored-activity's EVENT_ATTACHMENT_TYPE). */
export const EVENT_ATTACHMENT_TYPE = 'application/vnd.parley.event';
/** The satisfaction rating event (dialogs' CSAT_EVENT, the handoff's CsatAsker). */
export const CSAT_EVENT = 'parley.csat';
/** Escalations an agent started from the console: nobody waited for a person. */
export const AGENT_TAKEOVER = 'agent_takeover';

export interface AnalyticsData {
  /** Conversations that started in the period. */
  conversations: readonly Conversation[];
  /** Every message of each conversation, ascending seq. */
  messages: ReadonlyMap<string, readonly Message[]>;
  /** Escalations of those conversations (others are ignored). */
  escalations: readonly Escalation[];
  /** Turn records of those conversations (others are ignored). */
  turns: readonly TurnRecord[];
  /** Votes of those conversations (others are ignored). */
  feedback: readonly AnswerFeedback[];
  /** A store listing hit its limit: the numbers cover only part of the period. */
  truncated?: boolean;
}

export interface AnalyticsOptions {
  now: Date;
  /** Quiet minutes after which a conversation counts as ended (default 30). */
  idleMinutes?: number;
  /** How many intents `topIntents` lists (default 10). */
  topIntents?: number;
  /** Reason code → label for people (e.g. the handoff's REASON_LABELS). */
  reasonLabels?: Readonly<Record<string, string>>;
}

export interface Quantiles {
  count: number;
  /** Seconds. */
  p50: number | null;
  p90: number | null;
}

export interface CsatSummary {
  count: number;
  /** Mean rating, 2 decimals; null without ratings. */
  average: number | null;
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
}

export interface Summary {
  conversations: number;
  ended: number;
  contained: number;
  containmentRate: number | null;
  verifiedResolution: number;
  verifiedResolutionRate: number | null;
  assumedResolution: number;
  assumedResolutionRate: number | null;
  escalated: number;
  escalationRate: number | null;
  escalationReasons: { reason: string; label: string; count: number; share: number }[];
  csat: CsatSummary;
  firstResponseSeconds: Quantiles;
  waitForHumanSeconds: Quantiles & { neverAssigned: number };
  botTurns: number;
  fallbacks: number;
  fallbackRate: number | null;
  topIntents: { intent: string; count: number; share: number }[];
}

export interface FunnelRow {
  intent: string;
  recognized: number;
  answered: number;
  helpful: number;
  escalated: number;
}

export interface SeriesPoint {
  /** Bucket start, ISO. */
  start: string;
  conversations: number;
  ended: number;
  contained: number;
  verifiedResolution: number;
  assumedResolution: number;
  escalated: number;
  containmentRate: number | null;
  escalationRate: number | null;
  botTurns: number;
  fallbacks: number;
  fallbackRate: number | null;
  csatCount: number;
  csatAverage: number | null;
  firstResponseP50: number | null;
  firstResponseP90: number | null;
  waitForHumanP50: number | null;
  waitForHumanP90: number | null;
}

export interface AnalyticsReport {
  period: Period;
  generatedAt: string;
  truncated: boolean;
  definitions: Record<string, string>;
  summary: Summary;
  funnel: FunnelRow[];
  series: SeriesPoint[];
}

export function definitions(idleMinutes: number): Record<string, string> {
  return {
    conversations:
      'Conversations that started in the period with at least one customer message. Everything else counts in the period (and bucket) where its conversation started.',
    ended: `Closed, or quiet for at least ${idleMinutes} minutes.`,
    containment:
      'Ended conversations that never involved a person: no escalation of any kind (asked for, triggered by the policy, taken over by an agent, even one nobody picked up) and no agent message. Rate: contained ÷ ended.',
    verifiedResolution:
      'Contained conversations where the customer confirmed it helped: "That helped" on a knowledge answer, or a rating of 4 or 5. Rate: ÷ ended.',
    assumedResolution:
      'Contained conversations without that confirmation where the customer left without asking more: their last message got an answer (not a fallback) and they gave no negative signal ("Not quite", a rating of 1–3). Assumed, not known. Rate: ÷ ended.',
    escalationRate:
      'Conversations handed to a person (any escalation, or an agent message) ÷ conversations. Reasons count the escalations themselves.',
    csat: 'Satisfaction ratings (1 poor … 5 great) given in these conversations: count, average and how many of each.',
    firstResponse:
      "Seconds from the customer's first message to the first reply by the bot or an agent. p50/p90: nearest rank.",
    waitForHuman:
      'Seconds from an escalation to a person taking it. Agent take-overs are left out (nobody waited); "never assigned" counts escalations nobody took.',
    fallbackRate:
      'Customer messages the bot answered with its fallback (asked to rephrase or offered topics) ÷ customer messages the bot handled (not those sent while a person owned the chat).',
    topIntents:
      'Recognized intents of the customer messages the bot handled, most frequent first; share of all of them.',
    funnel:
      'Per intent, in conversations: recognized → answered (by a dialog or the knowledge base, not a fallback) → helpful (a "That helped" on an article that answered it, or a rating of 4–5) → escalated to a person at or after the intent came up.',
  };
}

/** Nearest-rank percentile of ascending `sorted`; null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

const quantiles = (values: number[]): Quantiles => {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p90: percentile(sorted, 90) };
};

const rate = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

const mean2 = (values: readonly number[]): number | null =>
  values.length === 0 ? null : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;

const seconds = (fromIso: string, toIso: string): number => (Date.parse(toIso) - Date.parse(fromIso)) / 1000;

/** The 1–5 rating of a stored `parley.csat` event message, if it is one. */
export function csatScoreOf(message: Message): number | undefined {
  if (message.sender !== 'system') return undefined;
  for (const attachment of message.attachments) {
    const typed = attachment as {
      contentType?: string;
      content?: { name?: string; value?: { score?: unknown } };
    };
    if (typed?.contentType !== EVENT_ATTACHMENT_TYPE || typed.content?.name !== CSAT_EVENT) continue;
    const score = Number(typed.content.value?.score);
    if (Number.isInteger(score) && score >= 1 && score <= 5) return score;
  }
  return undefined;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    let list = groups.get(k);
    if (!list) groups.set(k, (list = []));
    list.push(item);
  }
  return groups;
}

/** What one conversation contributes. */
interface ConversationFacts {
  bucket: number;
  ended: boolean;
  escalated: boolean;
  contained: boolean;
  verified: boolean;
  assumed: boolean;
  csat: number[];
  firstResponse: number | null;
  waits: number[];
  neverAssigned: number;
  botTurns: TurnRecord[];
}

export function computeAnalytics(
  data: AnalyticsData,
  period: Period,
  options: AnalyticsOptions,
): AnalyticsReport {
  const idleMinutes = options.idleMinutes ?? 30;
  const now = options.now.getTime();
  const escalationsOf = groupBy(data.escalations, (e) => e.conversationId);
  const turnsOf = groupBy(data.turns, (t) => t.conversationId);
  const votesOf = groupBy(data.feedback, (f) => f.conversationId);

  const facts: ConversationFacts[] = [];
  const reasonCounts = new Map<string, number>();
  const funnel = new Map<string, FunnelRow>();

  for (const conversation of data.conversations) {
    const messages = data.messages.get(conversation.id) ?? [];
    const firstCustomer = messages.find((m) => m.sender === 'customer');
    if (!firstCustomer) continue;
    const escalations = escalationsOf.get(conversation.id) ?? [];
    const turns = [...(turnsOf.get(conversation.id) ?? [])].sort((a, b) => a.seq - b.seq);
    const votes = votesOf.get(conversation.id) ?? [];

    const lastActivity = Math.max(
      Date.parse(conversation.updatedAt),
      ...messages.map((m) => Date.parse(m.createdAt)),
    );
    const ended = conversation.state === 'closed' || now - lastActivity >= idleMinutes * 60_000;
    const escalated = escalations.length > 0 || messages.some((m) => m.sender === 'agent');
    const contained = ended && !escalated;
    const csat = messages.map(csatScoreOf).filter((s): s is number => s !== undefined);
    const latestVote = [...votes].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt)).at(-1);
    const verified = contained && (votes.some((v) => v.helpful) || csat.some((s) => s >= 4));
    const negative = (latestVote !== undefined && !latestVote.helpful) || csat.some((s) => s <= 3);
    const lastTurn = turns.at(-1);
    const lastAnswered = lastTurn !== undefined && !lastTurn.fallback && lastTurn.answeredBy !== 'human';
    const assumed = contained && !verified && !negative && lastAnswered;

    const reply = messages.find(
      (m) => m.seq > firstCustomer.seq && (m.sender === 'bot' || m.sender === 'agent'),
    );
    const waits: number[] = [];
    let neverAssigned = 0;
    for (const escalation of escalations) {
      reasonCounts.set(escalation.reason, (reasonCounts.get(escalation.reason) ?? 0) + 1);
      if (escalation.reason === AGENT_TAKEOVER) continue;
      if (escalation.assignedAt) waits.push(seconds(escalation.createdAt, escalation.assignedAt));
      else neverAssigned++;
    }
    const botTurns = turns.filter((t) => t.answeredBy !== 'human');

    // The funnel, per intent recognized in this conversation.
    for (const [intent, intentTurns] of groupBy(botTurns, (t) => (t.intent === 'none' ? null : t.intent))) {
      const row = funnel.get(intent) ?? { intent, recognized: 0, answered: 0, helpful: 0, escalated: 0 };
      funnel.set(intent, row);
      row.recognized++;
      const answered = intentTurns.filter(
        (t) => !t.fallback && (t.answeredBy === 'dialog' || t.answeredBy === 'knowledge'),
      );
      if (answered.length > 0) {
        row.answered++;
        const articles = new Set(answered.map((t) => t.articleId).filter((id) => id !== null));
        if (votes.some((v) => v.helpful && articles.has(v.articleId)) || csat.some((s) => s >= 4))
          row.helpful++;
      }
      const firstSeen = intentTurns[0].createdAt;
      if (escalations.some((e) => e.createdAt >= firstSeen)) row.escalated++;
    }

    facts.push({
      bucket: bucketStart(Date.parse(conversation.createdAt), period.bucket),
      ended,
      escalated,
      contained,
      verified,
      assumed,
      csat,
      firstResponse: reply ? seconds(firstCustomer.createdAt, reply.createdAt) : null,
      waits,
      neverAssigned,
      botTurns,
    });
  }

  const aggregate = (group: readonly ConversationFacts[]) => {
    const conversations = group.length;
    const ended = group.filter((f) => f.ended).length;
    const contained = group.filter((f) => f.contained).length;
    const verified = group.filter((f) => f.verified).length;
    const assumed = group.filter((f) => f.assumed).length;
    const escalated = group.filter((f) => f.escalated).length;
    const turns = group.flatMap((f) => f.botTurns);
    const fallbacks = turns.filter((t) => t.fallback).length;
    const csat = group.flatMap((f) => f.csat);
    const firstResponses = group.map((f) => f.firstResponse).filter((s): s is number => s !== null);
    const waits = group.flatMap((f) => f.waits);
    return {
      conversations,
      ended,
      contained,
      verified,
      assumed,
      escalated,
      turns,
      fallbacks,
      csat,
      firstResponse: quantiles(firstResponses),
      wait: quantiles(waits),
      neverAssigned: group.reduce((n, f) => n + f.neverAssigned, 0),
    };
  };

  const all = aggregate(facts);
  const totalEscalations = [...reasonCounts.values()].reduce((a, b) => a + b, 0);
  const intentCounts = new Map<string, number>();
  for (const turn of all.turns)
    if (turn.intent !== 'none') intentCounts.set(turn.intent, (intentCounts.get(turn.intent) ?? 0) + 1);
  const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const score of all.csat) distribution[String(score) as keyof typeof distribution]++;

  const summary: Summary = {
    conversations: all.conversations,
    ended: all.ended,
    contained: all.contained,
    containmentRate: rate(all.contained, all.ended),
    verifiedResolution: all.verified,
    verifiedResolutionRate: rate(all.verified, all.ended),
    assumedResolution: all.assumed,
    assumedResolutionRate: rate(all.assumed, all.ended),
    escalated: all.escalated,
    escalationRate: rate(all.escalated, all.conversations),
    escalationReasons: [...reasonCounts]
      .map(([reason, count]) => ({
        reason,
        label: options.reasonLabels?.[reason] ?? reason,
        count,
        share: rate(count, totalEscalations) ?? 0,
      }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    csat: { count: all.csat.length, average: mean2(all.csat), distribution },
    firstResponseSeconds: all.firstResponse,
    waitForHumanSeconds: { ...all.wait, neverAssigned: all.neverAssigned },
    botTurns: all.turns.length,
    fallbacks: all.fallbacks,
    fallbackRate: rate(all.fallbacks, all.turns.length),
    topIntents: [...intentCounts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, options.topIntents ?? 10)
      .map(([intent, count]) => ({ intent, count, share: rate(count, all.turns.length) ?? 0 })),
  };

  const byBucket = groupBy(facts, (f) => String(f.bucket));
  const series: SeriesPoint[] = bucketStarts(period).map((start) => {
    const b = aggregate(byBucket.get(String(start)) ?? []);
    return {
      start: isoOf(start),
      conversations: b.conversations,
      ended: b.ended,
      contained: b.contained,
      verifiedResolution: b.verified,
      assumedResolution: b.assumed,
      escalated: b.escalated,
      containmentRate: rate(b.contained, b.ended),
      escalationRate: rate(b.escalated, b.conversations),
      botTurns: b.turns.length,
      fallbacks: b.fallbacks,
      fallbackRate: rate(b.fallbacks, b.turns.length),
      csatCount: b.csat.length,
      csatAverage: mean2(b.csat),
      firstResponseP50: b.firstResponse.p50,
      firstResponseP90: b.firstResponse.p90,
      waitForHumanP50: b.wait.p50,
      waitForHumanP90: b.wait.p90,
    };
  });

  return {
    period: { ...period },
    generatedAt: options.now.toISOString(),
    truncated: data.truncated ?? false,
    definitions: definitions(idleMinutes),
    summary,
    funnel: [...funnel.values()].sort(
      (a, b) => b.recognized - a.recognized || a.intent.localeCompare(b.intent),
    ),
    series,
  };
}

/** The series as CSV (RFC 4180, header row, empty cells for "no data"). */
export function seriesToCsv(report: AnalyticsReport): string {
  const columns: (keyof SeriesPoint)[] = [
    'start',
    'conversations',
    'ended',
    'contained',
    'verifiedResolution',
    'assumedResolution',
    'escalated',
    'containmentRate',
    'escalationRate',
    'botTurns',
    'fallbacks',
    'fallbackRate',
    'csatCount',
    'csatAverage',
    'firstResponseP50',
    'firstResponseP90',
    'waitForHumanP50',
    'waitForHumanP90',
  ];
  const cell = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [columns.join(',')];
  for (const point of report.series) lines.push(columns.map((c) => cell(point[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
