import type { Conversation, Message } from '../store/ports';

/** One bot turn's input: the stored customer message and the conversation it belongs to. */
export interface BotTurnInput {
  conversation: Conversation;
  message: Message;
  /** Reference time of the turn (injectable for deterministic tests). */
  now: Date;
  /**
   * The customer verified for this turn (store id): the socket proved the site's signature and the
   * conversation is linked to that customer. Null or absent: an anonymous visitor, no CRM data.
   */
  customerId?: string | null;
  /** The client's network address, when the channel knows it (rate limits). */
  clientAddress?: string;
}

export interface SuggestedAction {
  title: string;
  value: string;
}

export interface BotReply {
  text: string;
  /** Quick replies offered with this message. */
  suggestedActions?: SuggestedAction[];
  /** Cards and other rich content (botbuilder attachment shapes). */
  attachments?: unknown[];
  /** What the bot understood, kept with the message for analytics and handoff summaries. */
  meta?: { intent: string; score: number; [key: string]: unknown };
}

/** Anything that can answer a customer turn. The foundation's intent bot is the first; dialogs replace it. */
export interface ReplyEngine {
  respond(input: BotTurnInput): Promise<BotReply[]>;
}

/**
 * A bot that stores and delivers its own replies (the botbuilder SupportBot through its socket.io
 * adapter). ChatService runs `handleTurn` after storing and acknowledging the customer's message.
 */
export interface ChatTurnHandler {
  handleTurn(input: BotTurnInput): Promise<void>;
}

export function isChatTurnHandler(engine: ReplyEngine | ChatTurnHandler): engine is ChatTurnHandler {
  return typeof (engine as ChatTurnHandler).handleTurn === 'function';
}

/** How suggested actions travel inside a stored message's attachments. */
export const SUGGESTED_ACTIONS_TYPE = 'application/vnd.parley.suggested-actions';
export interface SuggestedActionsAttachment {
  contentType: typeof SUGGESTED_ACTIONS_TYPE;
  content: { actions: SuggestedAction[] };
}

export function toStoredAttachments(reply: BotReply): unknown[] {
  const attachments = [...(reply.attachments ?? [])];
  if (reply.suggestedActions?.length)
    attachments.push({
      contentType: SUGGESTED_ACTIONS_TYPE,
      content: { actions: reply.suggestedActions },
    } satisfies SuggestedActionsAttachment);
  return attachments;
}
