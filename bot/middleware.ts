/**
 * The bot's middleware, in the order it runs:
 * 1. transcript — the customer's message is stored before anything else happens; every outgoing
 *    message or event is stored before it is sent;
 * 2. handoff gate — when a person owns the conversation (queued for or assigned to an agent) the
 *    dialogs do not run (the handoff module relays instead);
 * 3. recognizer — `analyze` shaped as a botbuilder RecognizerResult, in the turn state.
 */
import { createHash } from 'node:crypto';
import type { Middleware, TurnContext } from 'botbuilder';
import {
  RECOGNIZED_KEY,
  TRANSCRIPT_ACTIVE_KEY,
  TURN_INFO_KEY,
  applyOutboundDecorators,
  setTurnInfo,
  toUnderstanding,
  turnInfoOf,
  type TurnInfo,
} from '../dialogs';
import { StoreError, type Conversation, type Store } from '../store';
import type { TextAnalyzer } from './analyzer';
import {
  DEFERRED_DELIVERY_KEY,
  isStorable,
  rememberStored,
  storedMessageOf,
  toNewMessage,
} from './stored-activity';

/** The store's conversation id for a conversation of another channel (Bot Framework, tests). */
export function conversationIdFor(channelId: string, conversationId: string): string {
  return `bf_${createHash('sha256').update(`${channelId}\n${conversationId}`).digest('base64url').slice(0, 32)}`;
}

export interface TranscriptOptions {
  store: Pick<Store, 'conversations' | 'messages'>;
  clock?: () => Date;
}

export class TranscriptMiddleware implements Middleware {
  private readonly clock: () => Date;

  constructor(private readonly options: TranscriptOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    let info = context.turnState.get(TURN_INFO_KEY) as TurnInfo | undefined;
    if (!info) {
      // A channel that does not know the store (Bot Framework, test adapters): map and store here.
      const conversation = await this.conversationFor(context);
      info = { conversation, customerId: conversation.customerId, now: this.clock() };
      setTurnInfo(context, info);
      if (context.activity.type === 'message') {
        const { message, created } = await this.options.store.messages.append({
          conversationId: conversation.id,
          sender: 'customer',
          text: context.activity.text ?? '',
          attachments: (context.activity.attachments ?? []) as unknown[],
          clientMessageId: context.activity.id ?? null,
        });
        // A redelivery of a message already handled is not answered twice.
        if (!created) return;
        info.inbound = message;
      }
    }

    context.turnState.set(TRANSCRIPT_ACTIVE_KEY, true);
    const deferred = context.turnState.get(DEFERRED_DELIVERY_KEY) === true;
    context.onSendActivities(async (ctx, activities, sendNext) => {
      applyOutboundDecorators(ctx, activities);
      const conversationId = turnInfoOf(ctx).conversation.id;
      for (const activity of activities) {
        if (!isStorable(activity) || storedMessageOf(activity)) continue;
        // Writes start in order (so seqs follow the order of sending).
        const message = this.options.store.messages
          .append(toNewMessage(conversationId, activity))
          .then((r) => r.message);
        rememberStored(activity, message);
        if (deferred) {
          message.catch(() => undefined); // the adapter reports it when it delivers
          continue;
        }
        const committed = await message;
        if (activity.type === 'message') activity.id = committed.id;
      }
      return sendNext();
    });
    await next();
  }

  private async conversationFor(context: TurnContext): Promise<Conversation> {
    const { activity } = context;
    const id = conversationIdFor(activity.channelId ?? 'unknown', activity.conversation?.id ?? 'unknown');
    const existing = await this.options.store.conversations.get(id);
    if (existing) return existing;
    try {
      return await this.options.store.conversations.create({
        id,
        channel: activity.channelId || 'botframework',
        visitorId: activity.from?.id || 'anonymous',
      });
    } catch (error) {
      // Two first messages at once: the other one created it.
      if (error instanceof StoreError && error.code === 'duplicate')
        return (await this.options.store.conversations.get(id))!;
      throw error;
    }
  }
}

export interface HandoffGateOptions {
  /** True when a person owns the conversation. Default: its state is "queued" or "agent". */
  isHumanOwned?: (info: TurnInfo, context: TurnContext) => boolean | Promise<boolean>;
  /** What happens to a message the bot does not answer (the handoff module relays it to the agent). */
  onHumanOwned?: (context: TurnContext, info: TurnInfo) => Promise<void>;
}

export class HandoffGateMiddleware implements Middleware {
  constructor(private readonly options: HandoffGateOptions = {}) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    // Only customer messages are held back; events (proactive messages, hand-backs) pass.
    if (context.activity.type !== 'message') return next();
    const info = turnInfoOf(context);
    const owned = this.options.isHumanOwned
      ? await this.options.isHumanOwned(info, context)
      : info.conversation.state === 'queued' || info.conversation.state === 'agent';
    if (!owned) return next();
    await this.options.onHumanOwned?.(context, info);
  }
}

export interface RecognizerOptions {
  analyzer: TextAnalyzer;
  /** Time zone customers write dates in (default UTC). */
  timeZone?: string;
}

export class RecognizerMiddleware implements Middleware {
  constructor(private readonly options: RecognizerOptions) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const text = context.activity.type === 'message' ? (context.activity.text ?? '').trim() : '';
    if (text) {
      const analysis = await this.options.analyzer.analyze(text, {
        referenceDate: turnInfoOf(context).now,
        timeZone: this.options.timeZone,
      });
      context.turnState.set(RECOGNIZED_KEY, toUnderstanding(text, analysis));
    }
    await next();
  }
}
