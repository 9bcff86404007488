/**
 * The escalation packet, as a pure function of the transcript, what the bot understood of each turn,
 * the CRM profile and the trigger. Customer messages the bot has no record of (e.g. after a restart)
 * are analysed here with the injected analysers, so nothing the customer said is missing.
 */
import { extractEntities, sentimentTrajectory, createSentimentAnalyzer } from '../nlp';
import type { IsoDate, Message } from '../store';
import { clipAnswer } from './answer-clip';
import type { TurnEntity, TurnRecord } from './insights';
import { escalationSummary } from './summary';
import {
  REASON_LABELS,
  type BotAttempt,
  type EscalationPacket,
  type PacketCustomer,
  type PacketEntity,
  type PacketIntent,
  type Trigger,
} from './types';

export interface PacketInput {
  conversationId: string;
  trigger: Trigger;
  /** The transcript, oldest first. */
  messages: readonly Message[];
  /** What the bot understood, by customer message seq (any subset). */
  turns: readonly TurnRecord[];
  notes?: readonly string[];
  customer: PacketCustomer | null;
  team: string | null;
  category: string | null;
  requestedAt: IsoDate;
}

/** The text analysis the packet needs; defaults come from the nlp module. */
export interface PacketAnalyzers {
  sentiment(text: string): { score: number; frustration: boolean };
  entities(text: string, referenceDate: Date): TurnEntity[];
}

/** Entity types worth an agent's attention (bare numbers and clock times are noise on their own). */
const PACKET_ENTITY_TYPES = new Set([
  'order_number',
  'tracking_number',
  'product',
  'money',
  'date',
  'email',
  'phone',
  'person',
]);
const HERO_CARD = 'application/vnd.microsoft.card.hero';
/** A customer message scoring at or below this reads as upset: a problem statement for the summary. */
const UPSET_SENTIMENT = -0.3;
/** Customer messages without a record that are re-analysed at most: the first and the latest. */
const REANALYSE_HEAD = 10;
const REANALYSE_TAIL = 50;
const MAX_ANSWERS = 5;
/** A bot answer in `tried` at most (chat Markdown, cut without breaking a link or a bold run). */
const MAX_ANSWER_CHARS = 240;
const MAX_PROBLEM_CHARS = 160;

export function defaultPacketAnalyzers(
  options: { orderNumber?: RegExp; trackingNumber?: RegExp } = {},
): PacketAnalyzers {
  const sentiment = createSentimentAnalyzer();
  return {
    sentiment: (text) => {
      const result = sentiment(text);
      return { score: result.score, frustration: result.frustration };
    },
    entities: (text, referenceDate) =>
      extractEntities(text, { referenceDate, useCompromise: false, patterns: options }).map((e) => ({
        type: e.type,
        text: e.text,
        value: e.value,
      })),
  };
}

export function buildPacket(input: PacketInput, analyzers: PacketAnalyzers): EscalationPacket {
  const byseq = new Map(input.turns.map((t) => [t.seq, t]));
  const customerMessages = input.messages.filter((m) => m.sender === 'customer');
  const readings = customerMessages.flatMap((m, index) => {
    const known = byseq.get(m.seq);
    if (known) return [{ message: m, sentiment: known.sentiment, entities: known.entities }];
    const inWindow = index < REANALYSE_HEAD || index >= customerMessages.length - REANALYSE_TAIL;
    if (!inWindow) return [];
    return [
      {
        message: m,
        sentiment: analyzers.sentiment(m.text),
        entities: analyzers.entities(m.text, new Date(m.createdAt)),
      },
    ];
  });

  const trajectory = sentimentTrajectory(readings.map((r) => r.sentiment.score));
  const upsetSeqs = new Set(
    readings
      .filter((r) => r.sentiment.frustration || r.sentiment.score <= UPSET_SENTIMENT)
      .map((r) => r.message.seq),
  );
  const summary = escalationSummary(input.messages, (seq) => upsetSeqs.has(seq));

  return {
    version: 1,
    conversationId: input.conversationId,
    reason: input.trigger.reason,
    reasonDetail: input.trigger.detail,
    reasonLabel: REASON_LABELS[input.trigger.reason],
    problem: problemLine(summary.sentences, customerMessages),
    summary: summary.text,
    summarySentences: summary.sentences.map((s) => ({ speaker: s.speaker, text: s.text })),
    entities: collectEntities(readings.flatMap((r) => r.entities)),
    sentiment: {
      scores: trajectory.scores,
      average: trajectory.average,
      trend: trajectory.trend,
      fallingFast: trajectory.fallingFast,
      last: trajectory.last,
      frustration: readings.some((r) => r.sentiment.frustration),
    },
    intents: collectIntents(input.turns),
    tried: botAttempts(input.messages, input.notes ?? []),
    customer: input.customer,
    team: input.team,
    category: input.category,
    messageCount: input.messages.length,
    requestedAt: input.requestedAt,
    buildMs: 0,
    computeMs: 0,
  };
}

/** The customer's best summary sentence, else their last message, on one line. */
function problemLine(
  sentences: readonly { speaker: string; text: string; score?: number }[],
  customer: readonly Message[],
): string {
  const best = [...sentences]
    .filter((s) => s.speaker === 'customer')
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0))[0];
  const text = best?.text ?? [...customer].reverse().find((m) => m.text.trim())?.text ?? '';
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_PROBLEM_CHARS ? `${line.slice(0, MAX_PROBLEM_CHARS - 1).trimEnd()}…` : line;
}

function collectEntities(found: readonly TurnEntity[]): PacketEntity[] {
  const byKey = new Map<string, PacketEntity>();
  for (const e of found) {
    if (!PACKET_ENTITY_TYPES.has(e.type)) continue;
    const key = `${e.type}\u0000${JSON.stringify(e.value)}`;
    const existing = byKey.get(key);
    if (existing) existing.count += 1;
    else byKey.set(key, { type: e.type, text: e.text, value: e.value, count: 1 });
  }
  return [...byKey.values()];
}

function collectIntents(turns: readonly TurnRecord[]): PacketIntent[] {
  const byIntent = new Map<string, PacketIntent>();
  for (const t of turns) {
    if (!t.intent || t.intent === 'none') continue;
    const existing = byIntent.get(t.intent);
    if (existing) {
      existing.count += 1;
      existing.confidence = Math.max(existing.confidence, t.score);
    } else byIntent.set(t.intent, { intent: t.intent, confidence: t.score, count: 1 });
  }
  return [...byIntent.values()].sort(
    (a, b) => b.count - a.count || b.confidence - a.confidence || a.intent.localeCompare(b.intent),
  );
}

/** What the bot said after the customer first wrote, and the articles it showed. */
function botAttempts(messages: readonly Message[], notes: readonly string[]): BotAttempt {
  const firstCustomer = messages.findIndex((m) => m.sender === 'customer');
  const bot = messages.slice(Math.max(0, firstCustomer)).filter((m) => m.sender === 'bot');
  const articles: BotAttempt['articles'] = [];
  const seen = new Set<string>();
  for (const m of bot) {
    for (const attachment of m.attachments) {
      const card = attachment as {
        contentType?: string;
        content?: { title?: unknown; buttons?: { type?: string; value?: unknown }[] };
      };
      if (card?.contentType !== HERO_CARD || typeof card.content?.title !== 'string') continue;
      const link = card.content.buttons?.find((b) => b.type === 'openUrl' && typeof b.value === 'string')
        ?.value as string | undefined;
      if (!link) continue; // product cards have no article link
      const id = /\/help\/([^/#?]+)/.exec(link)?.[1];
      const key = id ?? link;
      if (seen.has(key)) continue;
      seen.add(key);
      articles.push({ id: id ? decodeURIComponent(id) : null, title: card.content.title, link });
    }
  }
  const answers = bot
    .map((m) => m.text.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .slice(-MAX_ANSWERS)
    .map((t) => clipAnswer(t, MAX_ANSWER_CHARS));
  return { answers, articles, notes: [...notes] };
}
