/**
 * The customer side of a conversation, independent of the transport: store first, acknowledge,
 * then let the bot answer (stored before it is delivered). The socket namespace is a thin shell
 * around this.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import {
  ChatIdentifySchema,
  ChatMessageSchema,
  ChatResumeSchema,
  ChatTypingSchema,
  MAX_MESSAGE_CHARS,
  MAX_RESUME_BATCH,
  type ChatMessageAckData,
  type ChatMessageView,
  type ChatResumeAckData,
} from '../../protocol';
import { StoreError, type Conversation, type Message, type Store } from '../../store/ports';
import {
  EVENT_ATTACHMENT_TYPE,
  SUGGESTED_ACTIONS_TYPE,
  isChatTurnHandler,
  toStoredAttachments,
  type ChatTurnHandler,
  type ReplyEngine,
  type SuggestedAction,
} from '../../bot';
import type { CustomerIdentity } from '../../crm';
import { SENDER_ATTACHMENT_TYPE, senderNameOf } from '../../handoff';
import { AppError } from '../errors';
import { TurnTracker } from './turn-tracker';
import type { ZodType } from 'zod';

export interface ChatServiceOptions {
  store: Store;
  /**
   * The bot: a ReplyEngine (its replies are stored and delivered here) or a ChatTurnHandler (the
   * botbuilder SupportBot's socket.io channel, which stores and delivers its own replies).
   */
  engine: ReplyEngine | ChatTurnHandler;
  /** Verifies signed customer ids (`chat:identify`); without it identification is refused. */
  identity?: CustomerIdentity;
  logger: Logger;
  /** Sends a stored message to everyone watching the conversation. */
  deliver: (message: ChatMessageView) => void;
  turns?: TurnTracker;
  clock?: () => Date;
  channel?: string;
  maxMessageChars?: number;
  /** The customer started or stopped typing (the handoff shows it to the agent). */
  onCustomerTyping?: (conversationId: string, active: boolean) => void;
}

const APOLOGY = 'Sorry, something went wrong on my side. Please try again in a moment.';

/** Who is on the other end of a socket: the anonymous visitor and, when the site signed it, the customer. */
export interface ChatIdentity {
  visitorId: string;
  /** Store id of the verified customer, if any. */
  customerId?: string | null;
  /** The client's network address (rate limits of order lookups). */
  clientAddress?: string;
}

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

  async postCustomerMessage(who: string | ChatIdentity, raw: unknown): Promise<ChatMessageAckData> {
    if (!this.accepting)
      throw new AppError(503, 'shutting_down', 'The server is restarting; please re-send shortly.');
    const identity: ChatIdentity = typeof who === 'string' ? { visitorId: who } : who;
    const payload = parse(ChatMessageSchema, raw);
    const text = cleanText(payload.text);
    const limit = this.options.maxMessageChars ?? MAX_MESSAGE_CHARS;
    if (text.length === 0) throw new AppError(400, 'validation_failed', 'text: must not be empty.');
    if (text.length > limit)
      throw new AppError(413, 'message_too_long', `text: at most ${limit} characters (got ${text.length}).`);

    let conversation = payload.conversationId
      ? await this.ownConversation(identity.visitorId, payload.conversationId)
      : await this.openConversation(identity, payload.clientMessageId);
    if (conversation.state === 'closed')
      throw new AppError(409, 'conflict', 'This conversation is closed; start a new one.');
    // A verified customer's conversation is linked to them (once; a link is never moved to someone else).
    if (identity.customerId && conversation.customerId === null)
      conversation = await this.options.store.conversations.linkCustomer(
        conversation.id,
        identity.customerId,
      );

    const { message, created } = await this.options.store.messages.append({
      conversationId: conversation.id,
      sender: 'customer',
      text,
      clientMessageId: payload.clientMessageId,
    });

    // A re-send of the newest message whose answer never came (e.g. a crash mid-turn) is answered now.
    const unanswered = !created && (await this.isLatest(message)) && !this.turns.isBusy(conversation.id);
    // A bot with a handoff gate also sees messages while a person owns the conversation (its gate
    // relays them and keeps the dialogs out); a plain reply engine only answers in the bot state.
    const botOwns = conversation.state === 'bot';
    const gated = !botOwns && created && isChatTurnHandler(this.options.engine);
    if (((created || unanswered) && botOwns) || gated)
      this.scheduleBotTurn(
        conversation,
        message,
        verifiedCustomerOf(identity, conversation),
        identity.clientAddress,
      );
    return { conversationId: conversation.id, seq: message.seq, created };
  }

  /** `chat:typing` from the customer, in a conversation of theirs; passed on to whoever listens. */
  async customerTyping(visitorId: string, raw: unknown): Promise<Record<string, never>> {
    const payload = parse(ChatTypingSchema, raw);
    const conversation = await this.ownConversation(visitorId, payload.conversationId);
    this.options.onCustomerTyping?.(conversation.id, payload.active);
    return {};
  }

  /** Checks a signed customer id; resolves with the customer's store id, or fails with `unauthorized`. */
  async identify(raw: unknown): Promise<{ customerId: string }> {
    const payload = parse(ChatIdentifySchema, raw);
    const verified = await this.options.identity?.verify(payload.customerId, payload.signature);
    if (!verified) throw new AppError(401, 'unauthorized', 'The customer signature is not valid.');
    return { customerId: verified.customerId };
  }

  async resume(who: string | ChatIdentity, raw: unknown): Promise<ChatResumeAckData> {
    const identity: ChatIdentity = typeof who === 'string' ? { visitorId: who } : who;
    const payload = parse(ChatResumeSchema, raw);
    const conversation = await this.ownConversation(identity.visitorId, payload.conversationId);
    const messages = await this.options.store.messages.listAfter(
      conversation.id,
      payload.afterSeq,
      MAX_RESUME_BATCH + 1,
    );
    // After the messages were read, so the answer arrives as a `chat:reply`, never in this ack too.
    await this.answerPendingMessage(conversation, identity);
    return {
      conversationId: conversation.id,
      state: conversation.state,
      messages: messages.slice(0, MAX_RESUME_BATCH).map(toView),
      more: messages.length > MAX_RESUME_BATCH,
    };
  }

  /**
   * The conversation a first message opens. Its id derives from the visitor and the message's client
   * id, so a re-send of a first message whose ack was lost finds the conversation it opened (and the
   * idempotent append finds the message) instead of opening a second one.
   */
  private async openConversation(identity: ChatIdentity, clientMessageId: string): Promise<Conversation> {
    const { store } = this.options;
    const id = firstMessageConversationId(identity.visitorId, clientMessageId);
    try {
      return await store.conversations.create({
        id,
        channel: this.options.channel ?? 'web',
        visitorId: identity.visitorId,
        ...(identity.customerId ? { customerId: identity.customerId } : {}),
      });
    } catch (error) {
      if (!(error instanceof StoreError) || error.code !== 'duplicate') throw error;
      return this.ownConversation(identity.visitorId, id);
    }
  }

  /** Someone else's conversation looks exactly like a missing one: no enumeration. */
  async ownConversation(visitorId: string, conversationId: string): Promise<Conversation> {
    const conversation = await this.options.store.conversations.get(conversationId);
    if (!conversation || conversation.visitorId !== visitorId)
      throw new AppError(404, 'not_found', 'No such conversation.');
    return conversation;
  }

  /**
   * A customer message that was stored and acknowledged, but whose turn never finished (the process
   * stopped mid-turn), is answered when its client comes back: the client dropped the acknowledged
   * message from its outbox and will not re-send it. Only the newest message of a conversation the
   * bot owns, and only when no turn of this process is running for the conversation or has already
   * taken that message.
   */
  private async answerPendingMessage(conversation: Conversation, identity: ChatIdentity): Promise<void> {
    if (!this.accepting || conversation.state !== 'bot' || conversation.lastSeq < 1) return;
    if (this.turns.isBusy(conversation.id)) return;
    const [newest] = await this.options.store.messages.listAfter(
      conversation.id,
      conversation.lastSeq - 1,
      1,
    );
    if (newest?.sender !== 'customer' || !(await this.isLatest(newest))) return;
    // Re-checked after the reads: a message's own turn may have started meanwhile.
    if (!this.accepting || this.turns.isBusy(conversation.id)) return;
    this.scheduleBotTurn(
      conversation,
      newest,
      verifiedCustomerOf(identity, conversation),
      identity.clientAddress,
    );
  }

  private async isLatest(message: Message): Promise<boolean> {
    const later = await this.options.store.messages.listAfter(message.conversationId, message.seq, 1);
    return later.length === 0;
  }

  private scheduleBotTurn(
    conversation: Conversation,
    message: Message,
    customerId: string | null,
    clientAddress?: string,
  ): void {
    // At most one turn per message, whoever asks (its own chat:message, a re-send, a resume).
    if (!this.turns.claim(conversation.id, message.seq)) return;
    const { engine, logger } = this.options;
    const input = { conversation, message, now: this.clock(), customerId, clientAddress };
    if (isChatTurnHandler(engine)) {
      // The handler stores and delivers its own replies, and apologises itself when a turn fails.
      void this.turns.run(conversation.id, async () => {
        try {
          await engine.handleTurn({ ...input, now: this.clock() });
        } catch (error) {
          logger.error({ err: error, conversationId: conversation.id }, 'bot turn failed');
        }
      });
      return;
    }
    void this.turns.run(conversation.id, async () => {
      const { store, deliver } = this.options;
      let replies;
      try {
        replies = await engine.respond({ ...input, now: this.clock() });
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

/** CRM data only when the socket proved to be the customer the conversation belongs to. */
function verifiedCustomerOf(identity: ChatIdentity, conversation: Conversation): string | null {
  return identity.customerId && conversation.customerId === identity.customerId ? identity.customerId : null;
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
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
export function cleanText(text: string): string {
  return text.replace(CONTROL_CHARS, '').trim();
}

/**
 * The fields of an event's value a customer's client may see; other events, and other fields (agent
 * ids, what the bot remembered for the hand-back), go out by name only.
 */
const PUBLIC_EVENT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'parley.csat': ['score'],
  // `resolution` tells a hand-back to the bot (the chat goes on) from a resolved chat.
  'handoff.status': ['state', 'agentName', 'position', 'estimatedWaitSeconds', 'reason', 'resolution'],
};

function publicValue(name: string, value: unknown): Record<string, unknown> | undefined {
  const fields = PUBLIC_EVENT_FIELDS[name];
  if (!fields || typeof value !== 'object' || value === null) return undefined;
  const source = value as Record<string, unknown>;
  return Object.fromEntries(fields.filter((f) => source[f] !== undefined).map((f) => [f, source[f]]));
}

export function toView(message: Message): ChatMessageView {
  const quickReplies: SuggestedAction[] = [];
  let event: ChatMessageView['event'];
  // Agents only: the display name stored with the message (never their email or id).
  const senderName = message.sender === 'agent' ? senderNameOf(message) : null;
  const attachments = message.attachments.filter((attachment) => {
    const typed = attachment as {
      contentType?: string;
      content?: { actions?: SuggestedAction[]; name?: string; value?: unknown };
    };
    if (typed?.contentType === SENDER_ATTACHMENT_TYPE) return false;
    if (typed?.contentType === EVENT_ATTACHMENT_TYPE && typeof typed.content?.name === 'string') {
      const { name, value } = typed.content;
      const shown = publicValue(name, value);
      event = shown ? { name, value: shown } : { name };
      return false;
    }
    if (typed?.contentType !== SUGGESTED_ACTIONS_TYPE) return true;
    quickReplies.push(...(typed.content?.actions ?? []));
    return false;
  });
  return {
    conversationId: message.conversationId,
    seq: message.seq,
    sender: message.sender,
    ...(senderName ? { senderName } : {}),
    text: message.text,
    attachments,
    ...(quickReplies.length ? { quickReplies } : {}),
    ...(event ? { event } : {}),
    clientMessageId: message.clientMessageId,
    createdAt: message.createdAt,
  };
}

/** A UUID-shaped id (version nibble 8: custom) from a hash of the visitor and the first message's client id. */
export function firstMessageConversationId(visitorId: string, clientMessageId: string): string {
  const hex = createHash('sha256').update(`${visitorId}\u0000${clientMessageId}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
