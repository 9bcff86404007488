/**
 * The web chat's channel: a botbuilder BotAdapter for messages that arrive over socket.io.
 *
 * ChatService has already stored the customer's message (and acknowledged it) when `handleTurn` is
 * called; the adapter turns it into an Activity and runs the middleware and the bot. `sendActivities`
 * delivers what the transcript stored (storing it itself if no transcript ran) to the conversation's
 * room through `deliver`. `continueConversation` runs proactive logic (e.g. a hand-back) in a stored
 * conversation.
 */
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import { setTurnInfo } from '../dialogs';
import type { Message, Store } from '../store';
import type { BotTurnInput } from './reply-engine';
import {
  DEFERRED_DELIVERY_KEY,
  isStorable,
  rememberStored,
  storedMessageOf,
  toNewMessage,
} from './stored-activity';

export const WEB_CHANNEL_ID = 'web';
export const BOT_ACCOUNT = { id: 'parley-bot', name: 'Parley', role: 'bot' } as const;

export interface SocketIoAdapterOptions {
  store: Pick<Store, 'conversations' | 'messages'>;
  /** Sends a stored message to everyone watching its conversation. */
  deliver: (message: Message) => void;
  /** The bot's logic for a turn (SupportBot.run). */
  logic: (context: TurnContext) => Promise<void>;
  clock?: () => Date;
  /** A reply that could not be stored (it is then not delivered either). */
  onDeliveryError?: (error: unknown, activity: Partial<Activity>) => void;
}

interface Deliveries {
  chain: Promise<void>;
}
const DELIVERIES_KEY = 'parley.deliveries';

export class SocketIoAdapter extends BotAdapter {
  private readonly clock: () => Date;

  constructor(private readonly options: SocketIoAdapterOptions) {
    super();
    this.clock = options.clock ?? (() => new Date());
  }

  /** Runs one bot turn for a customer message ChatService has stored. */
  async handleTurn(input: BotTurnInput): Promise<void> {
    const { conversation, message } = input;
    const activity: Partial<Activity> = {
      type: ActivityTypes.Message,
      id: message.id,
      text: message.text,
      channelId: WEB_CHANNEL_ID,
      serviceUrl: '',
      timestamp: new Date(message.createdAt),
      from: {
        id: input.customerId ? `customer:${input.customerId}` : conversation.visitorId,
        role: 'user',
        name: '',
      },
      recipient: { ...BOT_ACCOUNT },
      conversation: { id: conversation.id, isGroup: false, conversationType: 'personal', name: '' },
      channelData: { seq: message.seq },
      locale: 'en-GB',
    };
    const context = new TurnContext(this, activity);
    setTurnInfo(context, {
      conversation,
      customerId: input.customerId ?? null,
      inbound: message,
      now: input.now,
      clientAddress: input.clientAddress,
    });
    await this.run(context, this.options.logic);
  }

  /** Runs the middleware and `logic`, then waits until every reply of the turn was stored and delivered. */
  private async run(context: TurnContext, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    context.turnState.set(DEFERRED_DELIVERY_KEY, true);
    const deliveries: Deliveries = { chain: Promise.resolve() };
    context.turnState.set(DELIVERIES_KEY, deliveries);
    try {
      await this.runMiddleware(context, logic);
    } finally {
      await deliveries.chain;
    }
  }

  /**
   * Delivers each activity once its message is committed, in order. It returns without waiting, so
   * the turn goes on and its later writes (more replies, the dialog state) join the same commit; the
   * turn itself ends only after everything was delivered (see run).
   */
  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const deliveries = (context.turnState.get(DELIVERIES_KEY) as Deliveries | undefined) ?? {
      chain: Promise.resolve(),
    };
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') {
        const ms = typeof activity.value === 'number' ? activity.value : 1000;
        await deliveries.chain;
        await new Promise((resolve) => setTimeout(resolve, ms));
        responses.push({ id: '' });
        continue;
      }
      if (!isStorable(activity)) {
        responses.push({ id: '' });
        continue;
      }
      let message = storedMessageOf(activity);
      if (!message) {
        // No transcript middleware in this pipeline: store it here.
        const conversationId = activity.conversation?.id ?? context.activity.conversation.id;
        message = this.options.store.messages
          .append(toNewMessage(conversationId, activity))
          .then((r) => r.message);
        rememberStored(activity, message);
      }
      const stored = message;
      deliveries.chain = deliveries.chain.then(async () => {
        try {
          this.options.deliver(await stored);
        } catch (error) {
          this.options.onDeliveryError?.(error, activity);
        }
      });
      responses.push({ id: '' });
    }
    return responses;
  }

  async updateActivity(): Promise<void> {
    throw new Error('SocketIoAdapter: updating a sent message is not supported');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('SocketIoAdapter: deleting a sent message is not supported');
  }

  /** Runs `logic` in a stored conversation, outside a customer turn (proactive messages). */
  async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const conversationId = reference.conversation?.id;
    if (!conversationId) throw new Error('continueConversation needs reference.conversation.id');
    const conversation = await this.options.store.conversations.get(conversationId);
    if (!conversation) throw new Error(`no conversation ${conversationId}`);
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation' },
      {
        channelId: WEB_CHANNEL_ID,
        serviceUrl: '',
        bot: { ...BOT_ACCOUNT },
        user: { id: conversation.visitorId, name: '' },
        ...reference,
        conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      } as ConversationReference,
      true,
    );
    const context = new TurnContext(this, activity);
    setTurnInfo(context, { conversation, customerId: conversation.customerId, now: this.clock() });
    await this.run(context, logic);
  }
}
