/**
 * The escalation summary: what the customer needs, in their own words, for the agent taking over.
 * It is nlp's speaker-aware TextRank summary, used for a hand-over rather than for a finished chat:
 *
 * - the bot's boilerplate is left out before ranking (menus and re-prompts with quick replies, its
 *   questions, card carousels such as product recommendations, a text it already said): it shares
 *   words with everything and would outrank the customer;
 * - no agent has answered yet, so the prior's resolution and last-reply boosts are off;
 * - customer sentences fill the summary first: the message that triggered the escalation (always, even
 *   when it has no words to rank, like "😡😡😡"), then what they said upset (the problem as they feel
 *   it: "nobody answers my emails!!"), then the rest by rank;
 * - a bot sentence is added only while there is room (what the bot tried is in the packet's `tried`).
 */
import { summarizeConversation, type ConversationTurn } from '../nlp';
import type { Message } from '../store';
import { SUGGESTED_ACTIONS_ATTACHMENT_TYPE } from './outbox';

export interface EscalationSummarySentence {
  speaker: ConversationTurn['speaker'];
  text: string;
  /** Ranking score (the trigger's own sentence may have none: 0). */
  score: number;
}

export interface EscalationSummary {
  sentences: EscalationSummarySentence[];
  /** "Customer: …\nBot: …", customer first. */
  text: string;
}

export const SUMMARY_SENTENCES = 3;
/** Long conversations: the summary reads the opening (the problem) and the latest turns. */
const SUMMARY_HEAD_TURNS = 8;
const SUMMARY_TAIL_TURNS = 32;
/** Candidates ranked before the customer-first selection. */
const CANDIDATES = 12;
const MAX_TRIGGER_CHARS = 240;
/** No agent reply exists yet: the prior's resolution boosts would only lift the bot's own texts. */
const HANDOVER_WEIGHTS = { resolution: 0, lastAgent: 0 };
const CARD_TYPES = new Set([
  'application/vnd.microsoft.card.hero',
  'application/vnd.microsoft.card.thumbnail',
  'application/vnd.microsoft.card.adaptive',
]);
const LABEL: Record<ConversationTurn['speaker'], string> = {
  customer: 'Customer',
  agent: 'Agent',
  bot: 'Bot',
};

/**
 * `upset(seq)` says whether the customer message with that seq read as upset (the packet's sentiment
 * readings); those sentences come before calmer ones.
 */
export function escalationSummary(
  messages: readonly Message[],
  upset: (seq: number) => boolean = () => false,
): EscalationSummary {
  const { turns, seqs } = summaryTurns(messages);
  let lastCustomer = turns.length - 1;
  while (lastCustomer >= 0 && turns[lastCustomer].speaker !== 'customer') lastCustomer--;
  const ranked = summarizeConversation(turns, {
    maxSentences: CANDIDATES,
    labels: false,
    weights: HANDOVER_WEIGHTS,
  }).sentences;
  const byScore = [...ranked].sort((a, b) => b.score - a.score || a.index - b.index);
  const customer = byScore
    .filter((s) => s.speaker === 'customer')
    .sort((a, b) => Number(upset(seqs[b.turnIndex])) - Number(upset(seqs[a.turnIndex])));

  type Pick = EscalationSummarySentence & { order: number };
  const picked: Pick[] = [];
  const take = (s: (typeof ranked)[number]) =>
    picked.push({ speaker: s.speaker, text: s.text, score: s.score, order: s.index });
  if (lastCustomer >= 0) {
    const own = customer.find((s) => s.turnIndex === lastCustomer);
    if (own) take(own);
    else {
      const text = triggerText(turns[lastCustomer].text);
      // Ordered after every ranked sentence: it is the latest thing the customer said.
      if (text) picked.push({ speaker: 'customer', text, score: 0, order: Number.MAX_SAFE_INTEGER });
    }
  }
  for (const s of customer) {
    if (picked.length >= SUMMARY_SENTENCES) break;
    if (!picked.some((p) => p.order === s.index)) take(s);
  }
  const bot = byScore.find((s) => s.speaker !== 'customer');
  if (bot && picked.length < SUMMARY_SENTENCES) take(bot);

  // The customer's problem statements lead, in the order they were said; then the bot's.
  picked.sort(
    (a, b) => Number(a.speaker !== 'customer') - Number(b.speaker !== 'customer') || a.order - b.order,
  );
  const sentences = picked.map(({ speaker, text, score }) => ({ speaker, text, score }));
  return { sentences, text: format(sentences) };
}

/** Customer and bot turns worth summarising, oldest first (opening and latest turns of long chats). */
function summaryTurns(messages: readonly Message[]): { turns: ConversationTurn[]; seqs: number[] } {
  const kept: Message[] = [];
  const botSaid = new Set<string>();
  for (const m of messages) {
    if (m.sender === 'system' || !m.text.trim()) continue;
    if (m.sender === 'bot') {
      const key = m.text.replace(/\s+/g, ' ').trim().toLowerCase();
      const repeated = botSaid.has(key);
      botSaid.add(key);
      if (repeated || isBoilerplate(m)) continue;
    }
    kept.push(m);
  }
  const window =
    kept.length <= SUMMARY_HEAD_TURNS + SUMMARY_TAIL_TURNS
      ? kept
      : [...kept.slice(0, SUMMARY_HEAD_TURNS), ...kept.slice(-SUMMARY_TAIL_TURNS)];
  return {
    turns: window.map((m) => ({ speaker: m.sender as ConversationTurn['speaker'], text: m.text })),
    seqs: window.map((m) => m.seq),
  };
}

/**
 * A prompt or menu (it offers quick replies, or asks a question: "What's your order number? It looks
 * like A1042…", whose hint read alone names an order the customer never gave) or a carousel of cards
 * (product recommendations): the bot asking or showing, not answering. An answer with its one source
 * article stays.
 */
function isBoilerplate(message: Message): boolean {
  if (message.text.includes('?')) return true;
  let cards = 0;
  for (const a of message.attachments) {
    const type = (a as { contentType?: unknown } | null)?.contentType;
    if (type === SUGGESTED_ACTIONS_ATTACHMENT_TYPE) return true;
    if (typeof type === 'string' && CARD_TYPES.has(type)) cards += 1;
  }
  return cards > 1;
}

function triggerText(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_TRIGGER_CHARS ? `${line.slice(0, MAX_TRIGGER_CHARS - 1).trimEnd()}…` : line;
}

function format(sentences: readonly EscalationSummarySentence[]): string {
  const lines: string[] = [];
  let current: string | null = null;
  for (const s of sentences) {
    if (s.speaker === current) lines[lines.length - 1] += ` ${s.text}`;
    else lines.push(`${LABEL[s.speaker]}: ${s.text}`);
    current = s.speaker;
  }
  return lines.join('\n');
}
