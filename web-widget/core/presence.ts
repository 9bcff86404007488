/**
 * Who the customer is talking to, for the header: the assistant, nobody yet (waiting in the queue for
 * a person), or a person from the team, named when the conversation says who (a "joined" notice or
 * the person's own messages). Derived from the saved state, so a reload shows the same.
 */
import type { ChatMessageView } from '../../protocol';
import { noticeOf } from './rich';
import type { SavedState } from './state';

export type Presence = { kind: 'assistant' } | { kind: 'waiting' } | { kind: 'person'; name: string | null };

export function presenceOf(state: Pick<SavedState, 'conversationState' | 'messages'>): Presence {
  if (state.conversationState === 'queued') return { kind: 'waiting' };
  if (state.conversationState !== 'agent') return { kind: 'assistant' };
  return { kind: 'person', name: currentAgentName(state.messages) };
}

/** The newest name since the person joined; null when unknown (e.g. right after a transfer). */
function currentAgentName(messages: readonly ChatMessageView[]): string | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.sender === 'agent') {
      if (typeof m.senderName === 'string' && m.senderName.trim()) return m.senderName.trim();
      continue;
    }
    if (m.sender !== 'system') continue;
    const notice = noticeOf(m);
    if (notice?.kind === 'agent-joined' || notice?.kind === 'transferred') return notice.name;
    // Before a hand-back it was the bot's chat.
    if (notice?.kind === 'handed-back' || notice?.kind === 'ended') return null;
  }
  return null;
}
