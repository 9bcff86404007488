/**
 * The turn recorder: after the dialogs (and the handoff policy) ran, writes one TurnRecord per customer
 * message — what was understood (intent, score, language, sentiment), whether it was a fallback and who
 * answered (a dialog, the knowledge base, the fallback, or a person). Analytics and the review of
 * unanswered messages read these records.
 *
 * - `fallback`: the bot sent its fallback ("could you put it another way", "still not getting it") or
 *   offered topics instead of an answer, or the intent was "none" and nothing at all was answered.
 * - `answeredBy`: "human" for messages sent while a person owns the conversation (the dialogs do not
 *   run then: see `onHumanOwned`); "knowledge" when the FAQ dialog gave a knowledge-base answer (its
 *   article in `articleId`); "fallback" for a fallback; "dialog" otherwise — also for the turn that
 *   hands the conversation over (the bot answered it by bringing in a person).
 * - A message that only answered a satisfaction question (a `parley.csat` event went out) is not a
 *   question: it is not recorded.
 *
 * Record failures are logged and swallowed: analytics never breaks a conversation.
 */
import type { Activity, Middleware, TurnContext } from 'botbuilder';
import {
  CSAT_EVENT,
  FaqTexts,
  KNOWLEDGE_ANSWER_KEY,
  MainTexts,
  NONE_INTENT,
  RECOGNIZED_KEY,
  TURN_INFO_KEY,
  type TurnInfo,
  type Understanding,
} from '../dialogs';
import type { NewTurnRecord, TurnRecordRepository } from '../store';

/**
 * The texts that mean "not answered" (the router's fallbacks, out of scope included, and the FAQ's
 * topic suggestions).
 */
export const FALLBACK_TEXTS: readonly string[] = [
  MainTexts.fallback,
  MainTexts.fallbackTwice,
  MainTexts.outOfScope,
  FaqTexts.suggestions,
];

const HANDOFF_INITIATE = 'handoff.initiate';
const UNKNOWN_LANGUAGE = 'und';

export interface TurnRecorderLogger {
  warn(object: object, message?: string): void;
}

export interface TurnRecorderOptions {
  records: Pick<TurnRecordRepository, 'record'>;
  logger?: TurnRecorderLogger;
  /** True for a bot reply that is a fallback (default: ends with one of FALLBACK_TEXTS, so "Hi Maya! …" counts). */
  isFallbackReply?: (text: string) => boolean;
}

const defaultIsFallback = (text: string): boolean => {
  const trimmed = text.trim();
  return FALLBACK_TEXTS.some((fallback) => trimmed.endsWith(fallback));
};

const isPeopleOwned = (state: string | undefined): boolean => state === 'queued' || state === 'agent';

export class TurnRecorder implements Middleware {
  private readonly isFallbackReply: (text: string) => boolean;

  constructor(private readonly options: TurnRecorderOptions) {
    this.isFallbackReply = options.isFallbackReply ?? defaultIsFallback;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (context.activity.type !== 'message') return next();
    const sent: Partial<Activity>[] = [];
    context.onSendActivities(async (_ctx, activities, sendNext) => {
      sent.push(...activities);
      return sendNext();
    });
    await next();
    await this.safely(() => this.recordTurn(context, sent));
  }

  /**
   * For the bot's HandoffGateMiddleware `onHumanOwned` (the dialogs do not run while a person owns the
   * chat, so the middleware above never sees these messages): records the message as answered by a
   * person, then calls `inner` (e.g. the relay to agents) when given.
   */
  onHumanOwned(
    inner?: (context: TurnContext, info: TurnInfo) => Promise<void>,
  ): (context: TurnContext, info: TurnInfo) => Promise<void> {
    return async (context, info) => {
      if (info.inbound)
        await this.safely(() =>
          this.options.records.record({
            conversationId: info.conversation.id,
            seq: info.inbound!.seq,
            text: info.inbound!.text,
            language: UNKNOWN_LANGUAGE,
            intent: NONE_INTENT,
            score: 0,
            fallback: false,
            answeredBy: 'human',
            articleId: null,
            sentiment: 0,
            createdAt: info.inbound!.createdAt,
          }),
        );
      await inner?.(context, info);
    };
  }

  private async recordTurn(context: TurnContext, sent: readonly Partial<Activity>[]): Promise<void> {
    // Read after the dialogs: an escalator may have replaced or changed the conversation.
    const info = context.turnState.get(TURN_INFO_KEY) as TurnInfo | undefined;
    if (!info?.inbound) return;
    if (sent.some((a) => a.type === 'event' && a.name === CSAT_EVENT)) return;
    const u = context.turnState.get(RECOGNIZED_KEY) as Understanding | undefined;
    const intent = u?.topIntent.intent ?? NONE_INTENT;
    const messages = sent.filter((a) => a.type === 'message' && (a.text || a.attachments?.length));
    const knowledge = context.turnState.get(KNOWLEDGE_ANSWER_KEY) as { articleId?: string } | undefined;
    // A turn that hands over was still handled by the bot ("I'm bringing in a person"): not a fallback.
    const handedOver =
      sent.some((a) => a.type === 'event' && a.name === HANDOFF_INITIATE) ||
      isPeopleOwned(info.conversation.state);
    const fallback =
      messages.some((a) => typeof a.text === 'string' && this.isFallbackReply(a.text)) ||
      (intent === NONE_INTENT && messages.length === 0 && !handedOver);
    const record: NewTurnRecord = {
      conversationId: info.conversation.id,
      seq: info.inbound.seq,
      text: info.inbound.text,
      language: u?.language || UNKNOWN_LANGUAGE,
      intent,
      score: u?.topIntent.score ?? 0,
      fallback,
      answeredBy: knowledge?.articleId ? 'knowledge' : fallback ? 'fallback' : 'dialog',
      articleId: knowledge?.articleId ?? null,
      sentiment: u?.sentiment.score ?? 0,
      createdAt: info.inbound.createdAt,
    };
    await this.options.records.record(record);
  }

  private async safely(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.options.logger?.warn({ err: error }, 'recording the turn for analytics failed');
    }
  }
}
