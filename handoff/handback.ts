/** What the bot is told when a conversation comes back to it, so it does not ask again. */
import type { Escalation } from '../store';
import type { TurnRecord } from './insights';

export interface HandBackContext {
  escalationId: string;
  resolution: 'resolved' | 'handed_back';
  agentName: string;
  /** Order numbers, tracking numbers, emails and products the customer already gave. */
  facts: { type: string; value: unknown }[];
  intents: string[];
  summary: string;
  note?: string;
}

const FACT_TYPES = new Set(['order_number', 'tracking_number', 'email', 'product']);

export function handBackContext(
  escalation: Escalation,
  turns: readonly TurnRecord[],
  resolution: HandBackContext['resolution'],
  agentName: string,
  note?: string,
): HandBackContext {
  const packet = escalation.packet as {
    entities?: { type: string; value: unknown }[];
    intents?: { intent: string }[];
    summary?: string;
  } | null;
  // Facts from the packet and from every turn the bot understood.
  const facts = new Map<string, { type: string; value: unknown }>();
  const add = (e: { type: string; value: unknown }) => {
    if (FACT_TYPES.has(e.type))
      facts.set(`${e.type}:${JSON.stringify(e.value)}`, { type: e.type, value: e.value });
  };
  for (const e of packet?.entities ?? []) add(e);
  for (const t of turns) for (const e of t.entities) add(e);
  return {
    escalationId: escalation.id,
    resolution,
    agentName,
    facts: [...facts.values()],
    intents: (packet?.intents ?? []).map((i) => i.intent),
    summary: packet?.summary ?? '',
    ...(note ? { note } : {}),
  };
}
