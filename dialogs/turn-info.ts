/**
 * What the channel knows about this turn, set by the bot's adapter or transcript middleware before
 * any dialog runs: the stored conversation, the customer verified for this turn, and "now".
 */
import type { Activity, TurnContext } from 'botbuilder';
import type { Conversation, Message } from '../crm';

export const TURN_INFO_KEY = 'parley.turn';

export interface TurnInfo {
  conversation: Conversation;
  /**
   * The customer (store id) whose identity was verified for this turn, or null for an unverified
   * visitor. Only then may dialogs use CRM data.
   */
  customerId: string | null;
  /** The customer's message as stored, when there is one. */
  inbound?: Message;
  now: Date;
  /** The client's network address, when the channel knows it (rate limits). */
  clientAddress?: string;
}

export function turnInfoOf(context: TurnContext): TurnInfo {
  const info = context.turnState.get(TURN_INFO_KEY) as TurnInfo | undefined;
  if (!info)
    throw new Error(
      'turn info missing: the transcript middleware (or the adapter) must run before the dialogs',
    );
  return info;
}

export function setTurnInfo(context: TurnContext, info: TurnInfo): void {
  context.turnState.set(TURN_INFO_KEY, info);
}

/** Per-conversation memory outside the dialog stack (kept in ConversationState). */
export interface ConversationData {
  /** Fallbacks in a row (reset when something is understood). */
  misses?: number;
  /** The verified customer has been greeted by name. */
  greeted?: boolean;
  /** The satisfaction question has been asked. */
  csatAsked?: boolean;
  /** Orders an unverified visitor proved to own (number + email) in this conversation. */
  unlockedOrders?: string[];
  /** The email an unverified visitor proved (for return tickets). */
  provenEmail?: string;
  /** The order last found in this conversation ("my other order" means another one). */
  lastOrder?: string;
  /**
   * This stretch of upset messages (until a calm one) has had sorry and the offer of a person: sorry
   * is not said again, and another upset message that does not answer the waiting question hands over.
   */
  upsetOffered?: boolean;
  /**
   * The bot's last reply asked whether the customer wants a person ([Talk to a person] [No thanks]):
   * 'offer' after a request that may mean a person, 'fallback' after not understanding twice.
   */
  personQuestion?: 'offer' | 'fallback';
}

/**
 * Changes to outgoing activities made before they are stored and sent (e.g. "Hi Maya! " on the first
 * reply). When the bot's transcript middleware is active it applies them just before storing, so the
 * stored message and the delivered one are the same; without it they run as a plain send hook.
 */
export type OutboundDecorator = (activities: Partial<Activity>[]) => void;

const DECORATORS_KEY = 'parley.outboundDecorators';
export const TRANSCRIPT_ACTIVE_KEY = 'parley.transcriptActive';

export function decorateOutbound(context: TurnContext, decorator: OutboundDecorator): void {
  if (context.turnState.get(TRANSCRIPT_ACTIVE_KEY)) {
    const list = (context.turnState.get(DECORATORS_KEY) as OutboundDecorator[] | undefined) ?? [];
    list.push(decorator);
    context.turnState.set(DECORATORS_KEY, list);
    return;
  }
  context.onSendActivities(async (_context, activities, next) => {
    decorator(activities);
    return next();
  });
}

export function applyOutboundDecorators(context: TurnContext, activities: Partial<Activity>[]): void {
  for (const decorator of (context.turnState.get(DECORATORS_KEY) as OutboundDecorator[] | undefined) ?? [])
    decorator(activities);
}
