/** Store and handoff records as the console sees them: text only, cards reduced to titles and links. */
import type {
  AgentMessageView,
  AgentView,
  ConversationView,
  LiveConversationView,
} from '../../console/protocol';
import type { AgentState } from '../../handoff';
import { eventOf } from '../../handoff';
import type { Conversation, Message } from '../../store';

const SUGGESTED = 'application/vnd.parley.suggested-actions';

export function toAgentMessage(message: Message): AgentMessageView {
  const cards: AgentMessageView['cards'] = [];
  const quickReplies: string[] = [];
  for (const attachment of message.attachments) {
    const a = attachment as { contentType?: string; content?: Record<string, unknown> };
    const content = a?.content ?? {};
    if (a?.contentType === SUGGESTED) {
      for (const action of (content.actions as { title?: unknown }[] | undefined) ?? [])
        if (typeof action.title === 'string') quickReplies.push(action.title);
    } else if (typeof content.title === 'string') {
      const buttons = (content.buttons as { type?: string; value?: unknown }[] | undefined) ?? [];
      const link = buttons.find((b) => b.type === 'openUrl' && typeof b.value === 'string')?.value as
        string | undefined;
      cards.push({
        title: content.title,
        ...(typeof content.subtitle === 'string' ? { subtitle: content.subtitle } : {}),
        link: link ?? null,
      });
    }
  }
  return {
    id: message.id,
    conversationId: message.conversationId,
    seq: message.seq,
    sender: message.sender,
    senderId: message.senderId,
    text: message.text,
    cards,
    quickReplies,
    event: eventOf(message),
    createdAt: message.createdAt,
  };
}

export const toConversationView = (c: Conversation): ConversationView => ({
  id: c.id,
  state: c.state,
  channel: c.channel,
  customerId: c.customerId,
  assignedAgentId: c.assignedAgentId,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

export const toAgentView = (a: AgentState): AgentView => ({
  id: a.id,
  name: a.name,
  role: a.role,
  skills: a.skills,
  capacity: a.capacity,
  presence: a.presence,
  activeChats: a.activeChats,
});

export const toLiveView = (c: Conversation, last: Message | undefined): LiveConversationView => ({
  id: c.id,
  channel: c.channel,
  customerId: c.customerId,
  updatedAt: c.updatedAt,
  lastMessage: last?.text ?? null,
});
