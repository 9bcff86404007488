/**
 * The customer side of a conversation, independent of the transport: store first, acknowledge,
 * then let the bot answer (stored before it is delivered). The socket namespace is a thin shell
 * around this.
 */
import type { Logger } from 'pino';
import {
  ChatMessageSchema,
  ChatResumeSchema,
  MAX_MESSAGE_CHARS,
  MAX_RESUME_BATCH,
  type ChatMessageAckData,
  type ChatMessageView,
  type ChatResumeAckData,
} from '../../protocol';
import type { Conversation, Message, Store } from '../../store/ports';
import { SUGGESTED_ACTIONS_TYPE, toStoredAttachments, type ReplyEngine, type SuggestedAction } from '../../bot';
import { AppError } from '../errors';
import { TurnTracker } from './turn-tracker';
import type { ZodType } from 'zod';

export interface ChatServiceOptions {
  store: Store;
  engine: ReplyEngine;
  logger: Logger;
  /** Sends a stored message to everyone watching the conversation. */
  deliver: (message: ChatMessageView) => void;
  turns?: TurnTracker;
  clock?: () => Date;
  channel?: string;
  maxMessageChars?: number;
}

const APOLOGY = "Sorry, something went wrong on my side. Please try again in a moment.";

export class ChatService {
  readonly turns: TurnTracker;
  private readonly clock: () => Date;
  private accepting = true;

  constructor(private readonly options: ChatServiceOptions) {
    this.turns = options.turns ?? new TurnTracker();
    this.clock = options.clock ?? (() => new Date());
  }

  /** After this, new messages are refused (the client re-sends them after reconnecting elsewhere). */
  stopAccepting(): void {
    this.accepting = false;
  }

  async postCustomerMessage(visitorId: string, raw: unknown): Promise<ChatMessageAckData> {
    if (!this.accepting) throw new AppError(503, 'shutting_down', 'The server is restarting; please re-send shortly.');
    const payload = parse(ChatMessageSchema, raw);
    const text = cleanText(payload.text);
    const limit = this.options.maxMessageChars ?? MAX_MESSAGE_CHARS;
    if (text.length === 0) throw new AppError(400, 'validation_failed', 'text: must not be empty.');
    if (text.length > limit)
      throw new AppError(413, 'message_too_long', `text: at most ${limit} characters (got ${text.length}).`);

    const conversation = payload.conversationId
      ? await this.ownConversation(visitorId, payload.conversationId)
      : await this.options.store.conversations.create({ channel: this.options.channel ?? 'web', visitorId });
    if (conversation.state === 'closed')
      throw new AppError(409, 'conflict', 'This conversation is closed; start a new one.');

    const { message, created } = await this.options.store.messages.append({
      conversationId: conversation.id,
      sender: 'customer',
      text,
      clientMessageId: payload.clientMessageId,
    });

    // A re-send of the newest message whose answer never came (e.g. a crash mid-turn) is answered now.
    const unanswered = !created && (await this.isLatest(message)) && !this.turns.isBusy(conversation.id);
    if ((created || unanswered) && conversation.state === 'bot') this.scheduleBotTurn(conversation, message);
    return { conversationId: conversation.id, seq: message.seq, created };
  }

  async resume(visitorId: string, raw: unknown): Promise<ChatResumeAckData> {
    const payload = parse(ChatResumeSchema, raw);
    const conversation = await this.ownConversation(visitorId, payload.conversationId);
    const messages = await this.options.store.messages.listAfter(conversation.id, payload.afterSeq, MAX_RESUME_BATCH + 1);
    return {
      conversationId: conversation.id,
      state: conversation.state,
      messages: messages.slice(0, MAX_RESUME_BATCH).map(toView),
      more: messages.length > MAX_RESUME_BATCH,
    };
  }

  /** Someone else's conversation looks exactly like a missing one: no enumeration. */
  async ownConversation(visitorId: string, conversationId: string): Promise<Conversation> {
    const conversation = await this.options.store.conversations.get(conversationId);
    if (!conversation || conversation.visitorId !== visitorId)
      throw new AppError(404, 'not_found', 'No such conversation.');
    return conversation;
  }

  private async isLatest(message: Message): Promise<boolean> {
    const later = await this.options.store.messages.listAfter(message.conversationId, message.seq, 1);
    return later.length === 0;
  }

  private scheduleBotTurn(conversation: Conversation, message: Message): void {
    void this.turns.run(conversation.id, async () => {
      const { store, engine, logger, deliver } = this.options;
      let replies;
      try {
        replies = await engine.respond({ conversation, message, now: this.clock() });
      } catch (error) {
        logger.error({ err: error, conversationId: conversation.id }, 'bot turn failed');
        replies = [{ text: APOLOGY }];
      }
      for (const reply of replies) {
        try {
          const stored = await store.messages.append({
            conversationId: conversation.id,
            sender: 'bot',
            text: reply.text,
            attachments: toStoredAttachments(reply),
          });
          deliver(toView(stored.message));
        } catch (error) {
          logger.error({ err: error, conversationId: conversation.id }, 'storing a bot reply failed');
        }
      }
    });
  }
}

function parse<T>(schema: ZodType<T>, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const detail = result.error.issues
    .map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`)
    .join('; ');
  throw new AppError(400, 'validation_failed', detail);
}

/** Control characters other than newline and tab never reach the store or the bot. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
export function cleanText(text: string): string {
  return text.replace(CONTROL_CHARS, '').trim();
}

export function toView(message: Message): ChatMessageView {
  const quickReplies: SuggestedAction[] = [];
  const attachments = message.attachments.filter((attachment) => {
    const typed = attachment as { contentType?: string; content?: { actions?: SuggestedAction[] } };
    if (typed?.contentType !== SUGGESTED_ACTIONS_TYPE) return true;
    quickReplies.push(...(typed.content?.actions ?? []));
    return false;
  });
  return {
    conversationId: message.conversationId,
    seq: message.seq,
    sender: message.sender,
    text: message.text,
    attachments,
    ...(quickReplies.length ? { quickReplies } : {}),
    clientMessageId: message.clientMessageId,
    createdAt: message.createdAt,
  };
}
