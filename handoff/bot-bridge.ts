/**
 * Where the bot meets the handoff service, typed structurally so this module needs no botbuilder
 * import (botbuilder stays in bot/ and dialogs/; a TurnContext fits these shapes as is):
 *
 * - HandoffEscalator: the dialogs' `Escalator` ("talk to a person", always-human intents, a dialog that
 *   gives up). Messages go out through the turn, so the transcript stores them in order.
 * - HandoffMiddleware: after the dialogs ran, records what was understood and asks the policy about
 *   the triggers dialogs do not see (mood, repeated fallbacks, high-value or high-risk customers);
 *   before them, takes the answer to a CSAT question the handoff service asked.
 * - relayToAgents: the bot's handoff gate `onHumanOwned` (messages while a person owns the chat).
 * - offersPerson: how a reply offers the customer a person; the dialogs use it to make such offers.
 * - moodTriggerOf: the mood trigger the middleware found due for the message, for the dialogs to
 *   hand over before they ask anything (one decision, made by the policy's own rule and counts).
 */
import type { Outbox, Outgoing } from './outbox';
import { triggerFromRequest } from './policy';
import type { Trigger } from './types';
import type { HandoffService } from './service';
import type { TurnEntity } from './insights';

/** The activity shapes this module sends (a subset of botbuilder's Partial<Activity>). */
export interface OutgoingActivity {
  type: string;
  text?: string;
  name?: string;
  value?: unknown;
  suggestedActions?: { actions: { type: string; title: string; value: string }[]; to: string[] };
}

/** Per-turn values shared with the dialogs (botbuilder's TurnContext.turnState). */
export interface TurnStateLike {
  get(key: unknown): unknown;
  set(key: unknown, value: unknown): unknown;
}

/** The slice of botbuilder's TurnContext used here. */
export interface TurnLike {
  readonly activity: { type: string; text?: string };
  sendActivity(activity: OutgoingActivity): Promise<unknown>;
  /** Sees the turn's outgoing activities (botbuilder's TurnContext.onSendActivities). */
  onSendActivities?(handler: SendHandler): unknown;
  readonly turnState?: TurnStateLike;
}

/** botbuilder's SendActivitiesHandler, structurally: it passes on whatever `next` resolves with. */
type SendHandler = <R>(
  context: unknown,
  activities: Partial<OutgoingActivity>[],
  next: () => Promise<R>,
) => Promise<R>;

/** A quick reply that offers the customer a person ("Talk to a person"). */
const PERSON_OFFER = /\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+)?(?:person|human|someone|agent)\b/i;

/** More quick replies than this are a menu of topics (one of them a person), not a question. */
export const MAX_OFFER_CHOICES = 3;

/** True when a quick reply offers the customer a person ("Talk to a person"), by its words or its title. */
export function isPersonOffer(action: { title?: unknown; value?: unknown }): boolean {
  return PERSON_OFFER.test(String(action.value ?? '')) || PERSON_OFFER.test(String(action.title ?? ''));
}

/**
 * True when the activity asks the customer whether they want a person: "Talk to a person" is one of
 * at most three quick replies ("…bring in a person?" [Talk to a person] [No thanks]).
 */
export function offersPerson(activity: {
  suggestedActions?: { actions?: readonly { title?: unknown; value?: unknown }[] };
}): boolean {
  const actions = activity.suggestedActions?.actions ?? [];
  return actions.length <= MAX_OFFER_CHOICES && actions.some(isPersonOffer);
}

/** Turn state: the mood trigger due for this message (null: not due), set before the dialogs run. */
const MOOD_TRIGGER = Symbol('parley.handoff.moodTrigger');

/**
 * The policy's mood trigger for this message, as the handoff middleware found it before the dialogs
 * ran: a trigger when it is due, null when not (or when the message answers the bot's offer of a
 * person: the customer decides), undefined when no handoff policy watches the turn.
 */
export function moodTriggerOf(context: Pick<TurnLike, 'turnState'>): Trigger | null | undefined {
  return context.turnState?.get(MOOD_TRIGGER) as Trigger | null | undefined;
}

/** The dialogs' EscalationRequest (dialogs/services.ts), structurally. */
export interface EscalationRequestLike {
  reason: string;
  intent?: string;
  priority: number;
  customerId: string | null;
  conversationId: string;
  notes?: string[];
}

/** What the bot's turn info says about this turn (dialogs' `turnInfoOf`), structurally. */
export interface TurnFacts {
  conversation: { id: string; state: string; customerId: string | null };
  customerId: string | null;
  inbound?: { seq: number; text: string; createdAt: string };
}

/** What the recognizer understood (dialogs' `understandingOf`), structurally. */
export interface TurnUnderstanding {
  topIntent: { intent: string; score: number };
  found: readonly TurnEntity[];
  sentiment: { score: number; frustration: boolean };
}

/** Sends through the turn: the bot's transcript middleware stores, its adapter delivers. */
export class TurnOutbox implements Outbox {
  constructor(private readonly context: Pick<TurnLike, 'sendActivity'>) {}

  async send(_conversationId: string, items: readonly Outgoing[]): Promise<void> {
    for (const item of items) await this.context.sendActivity(toActivity(item));
  }
}

export function toActivity(item: Outgoing): OutgoingActivity {
  if (item.kind === 'event') return { type: 'event', name: item.name, value: item.value, text: item.text };
  const activity: OutgoingActivity = { type: 'message', text: item.text };
  if (item.quickReplies?.length)
    activity.suggestedActions = {
      actions: item.quickReplies.map((q) => ({ type: 'imBack', title: q.title, value: q.value })),
      to: [],
    };
  return activity;
}

/** Turns that escalated already (so the middleware does not escalate them twice). */
const escalatedTurns = new WeakSet<object>();

export interface HandoffEscalatorOptions<C extends TurnLike> {
  /** The turn's facts (dialogs' `turnInfoOf`); used for the request time and to mark the conversation queued. */
  turnFacts?: (context: C) => TurnFacts;
}

export class HandoffEscalator<C extends TurnLike = TurnLike> {
  constructor(
    private readonly handoff: HandoffService,
    private readonly options: HandoffEscalatorOptions<C> = {},
  ) {}

  async escalate(context: C, request: EscalationRequestLike): Promise<void> {
    escalatedTurns.add(context);
    const facts = this.options.turnFacts?.(context);
    const result = await this.handoff.escalate(
      {
        conversationId: request.conversationId,
        trigger: triggerFromRequest(request.reason),
        intent: request.intent,
        customerId: request.customerId,
        notes: request.notes,
        requestedAt: facts?.inbound ? new Date(facts.inbound.createdAt) : undefined,
      },
      new TurnOutbox(context),
    );
    // Later middleware in this turn sees the conversation as people-owned.
    if (facts && (result.kind === 'queued' || result.kind === 'offline')) facts.conversation.state = 'queued';
    if (facts && result.kind === 'assigned') facts.conversation.state = 'agent';
  }
}

export interface HandoffMiddlewareOptions<C extends TurnLike> {
  handoff: HandoffService;
  turnFacts(context: C): TurnFacts;
  understanding(context: C): TurnUnderstanding | undefined;
  /** Fallbacks in a row as the dialogs count them (e.g. ConversationData.misses), read after they ran. */
  fallbacksInRow?(context: C): number | Promise<number>;
  /** Intent names that mean "not understood" (default: "none"). */
  fallbackIntents?: ReadonlySet<string>;
  /** Whether an outgoing reply asks the customer if they want a person (default: `offersPerson`). */
  offersPerson?(activity: Partial<OutgoingActivity>): boolean;
}

export class HandoffMiddleware<C extends TurnLike = TurnLike> {
  constructor(private readonly options: HandoffMiddlewareOptions<C>) {}

  async onTurn(context: C, next: () => Promise<void>): Promise<void> {
    if (context.activity.type !== 'message') return next();
    const facts = this.options.turnFacts(context);
    const { handoff } = this.options;
    const text = context.activity.text ?? '';
    if (
      facts.conversation.state === 'bot' &&
      (await handoff.answerCsat(facts.conversation.id, text, new TurnOutbox(context)))
    )
      return;
    let offered = false;
    const offers = this.options.offersPerson ?? offersPerson;
    context.onSendActivities?.(async (_ctx, activities, sendNext) => {
      if (activities.some((a) => offers(a))) offered = true;
      return sendNext();
    });
    // Whether this message answers the bot's offer of a person (asked in its previous turn).
    const answering = handoff.insights.get(facts.conversation.id)?.offerPending === true;
    this.shareMoodTrigger(context, facts, answering);
    await next();
    handoff.insights.setOfferPending(facts.conversation.id, offered);

    const u = this.options.understanding(context);
    if (!u || !facts.inbound) return;
    const fallbackIntents = this.options.fallbackIntents ?? new Set(['none']);
    const fallbacks = this.options.fallbacksInRow ? await this.options.fallbacksInRow(context) : undefined;
    const trigger = await handoff.observeTurn(
      {
        conversationId: facts.conversation.id,
        customerId: facts.customerId,
        seq: facts.inbound.seq,
        intent: u.topIntent.intent,
        score: u.topIntent.score,
        entities: u.found.map((e) => ({ type: e.type, text: e.text, value: e.value })),
        sentiment: { score: u.sentiment.score, frustration: u.sentiment.frustration },
        fallback:
          fallbacks !== undefined
            ? fallbacks > 0
            : fallbackIntents.has(u.topIntent.intent) && u.found.length === 0,
      },
      fallbacks,
    );
    if (!trigger || escalatedTurns.has(context) || facts.conversation.state !== 'bot') return;
    // The bot asked whether they want a person: their answer decides, not the policy.
    if (offered) return;
    if (answering) {
      // Offered a person, they answered with something else: they chose the bot, the mood counters start again.
      handoff.insights.resetCounters(facts.conversation.id);
      return;
    }
    escalatedTurns.add(context);
    const result = await handoff.escalate(
      {
        conversationId: facts.conversation.id,
        trigger,
        intent: fallbackIntents.has(u.topIntent.intent) ? undefined : u.topIntent.intent,
        customerId: facts.customerId,
        requestedAt: new Date(facts.inbound.createdAt),
        automatic: true,
      },
      new TurnOutbox(context),
    );
    if (result.kind === 'queued' || result.kind === 'offline') facts.conversation.state = 'queued';
    if (result.kind === 'assigned') facts.conversation.state = 'agent';
  }

  /**
   * Tells the dialogs whether the mood trigger is due for this message, by the rule and counts the
   * policy reads once the turn is recorded; an answer to the bot's offer of a person waits, as below.
   */
  private shareMoodTrigger(context: C, facts: TurnFacts, answering: boolean): void {
    const u = this.options.understanding(context);
    if (!context.turnState || !u || !facts.inbound || facts.conversation.state !== 'bot') return;
    const trigger = answering
      ? null
      : this.options.handoff.moodTriggerFor(facts.conversation.id, {
          seq: facts.inbound.seq,
          sentiment: { score: u.sentiment.score, frustration: u.sentiment.frustration },
        });
    context.turnState.set(MOOD_TRIGGER, trigger);
  }
}

/** For the bot's HandoffGateMiddleware `onHumanOwned`: the stored customer message goes to the agents. */
export function relayToAgents(handoff: HandoffService) {
  return async (
    _context: unknown,
    info: { inbound?: Parameters<HandoffService['onCustomerMessage']>[0] },
  ): Promise<void> => {
    if (info.inbound) await handoff.onCustomerMessage(info.inbound);
  };
}
