/**
 * How the handoff module says things in a conversation. Everything is stored before it is delivered.
 * Outside a bot turn the StoreOutbox appends to the store and hands the stored message to the
 * customer's channel and to the agents watching; inside a turn the bot's own outbox (its transcript
 * middleware stores, its adapter delivers) is used instead, so the order of the turn's replies holds.
 */
import type { Message, MessageRepository, Sender } from '../store';
import type { AgentChannel, CustomerChannel, HandoffEventName } from './types';

/** How a stored event travels in a system message (protocol `CardContentTypes.event`). */
export const EVENT_ATTACHMENT_TYPE = 'application/vnd.parley.event';
/**
 * Who wrote an agent's message, as the customer may see it (the agent's display name, never an email
 * or id): stored with the message, so the history keeps the name it was sent under.
 */
export const SENDER_ATTACHMENT_TYPE = 'application/vnd.parley.sender';
/** How quick replies travel in a stored message (the bot's `SUGGESTED_ACTIONS_TYPE`). */
export const SUGGESTED_ACTIONS_ATTACHMENT_TYPE = 'application/vnd.parley.suggested-actions';

export interface QuickReply {
  title: string;
  value: string;
}

export type Outgoing =
  | {
      kind: 'text';
      sender: Exclude<Sender, 'customer'>;
      senderId?: string | null;
      text: string;
      quickReplies?: readonly QuickReply[];
    }
  /** A Bot Framework event (`handoff.initiate`, `handoff.status`, `parley.csat`), stored as a system message with a readable text. */
  | { kind: 'event'; name: HandoffEventName | string; value: unknown; text: string };

export interface Outbox {
  send(conversationId: string, items: readonly Outgoing[]): Promise<Message[] | void>;
}

export interface StoreOutboxOptions {
  messages: Pick<MessageRepository, 'append'>;
  customer: CustomerChannel;
  /** Agents watching the conversation see the same messages (set once the /agents namespace exists). */
  agents: () => AgentChannel | undefined;
}

export class StoreOutbox implements Outbox {
  constructor(private readonly options: StoreOutboxOptions) {}

  async send(conversationId: string, items: readonly Outgoing[]): Promise<Message[]> {
    const sent: Message[] = [];
    for (const item of items) {
      const { message } = await this.options.messages.append(toNewMessage(conversationId, item));
      sent.push(message);
      await this.options.customer.deliver(message);
      this.options.agents()?.message(message);
    }
    return sent;
  }
}

export function toNewMessage(conversationId: string, item: Outgoing) {
  if (item.kind === 'event')
    return {
      conversationId,
      sender: 'system' as const,
      text: item.text,
      attachments: [
        { contentType: EVENT_ATTACHMENT_TYPE, content: { name: item.name, value: item.value ?? null } },
      ],
    };
  return {
    conversationId,
    sender: item.sender,
    senderId: item.senderId ?? null,
    text: item.text,
    attachments: item.quickReplies?.length
      ? [
          {
            contentType: SUGGESTED_ACTIONS_ATTACHMENT_TYPE,
            content: { actions: item.quickReplies.map((q) => ({ ...q })) },
          },
        ]
      : [],
  };
}

/** The display name an agent's stored message was sent under, if any. */
export function senderNameOf(message: Pick<Message, 'attachments'>): string | null {
  for (const attachment of message.attachments) {
    const a = attachment as { contentType?: string; content?: { name?: unknown } };
    if (
      a?.contentType === SENDER_ATTACHMENT_TYPE &&
      typeof a.content?.name === 'string' &&
      a.content.name.trim()
    )
      return a.content.name.trim();
  }
  return null;
}

/** The Bot Framework event a stored system message carries, if any. */
export function eventOf(message: Pick<Message, 'attachments'>): { name: string; value: unknown } | null {
  for (const attachment of message.attachments) {
    const a = attachment as { contentType?: string; content?: { name?: unknown; value?: unknown } };
    if (a?.contentType === EVENT_ATTACHMENT_TYPE && typeof a.content?.name === 'string')
      return { name: a.content.name, value: a.content.value };
  }
  return null;
}
