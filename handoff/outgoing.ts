/** The handoff module's own messages: bot texts and Bot Framework `handoff.status` events. */
import type { Outgoing, QuickReply } from './outbox';
import type { HandoffState } from './types';

export type TextOutgoing = Extract<Outgoing, { kind: 'text' }>;

export function botText(text: string, quickReplies?: readonly QuickReply[]): TextOutgoing {
  return { kind: 'text', sender: 'bot', text, ...(quickReplies?.length ? { quickReplies } : {}) };
}

/** `handoff.status` with its state, the readable message, and details for channels and analytics. */
export function statusEvent(
  state: HandoffState,
  text: string,
  extra: Record<string, unknown> = {},
): Outgoing {
  return { kind: 'event', name: 'handoff.status', value: { state, message: text, ...extra }, text };
}

export function initiateEvent(text: string, value: Record<string, unknown>): Outgoing {
  return { kind: 'event', name: 'handoff.initiate', value, text };
}
