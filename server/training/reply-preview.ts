/**
 * "The reply the bot would give", for the test console, without writing anything: the real
 * MainDialog runs one turn of a fresh, anonymous conversation through botbuilder's TestAdapter with
 * in-memory state. Its services are the live bot's, except for the ones that write — the escalator
 * only records what it was asked, "did this help?" feedback is dropped, and CustomerCare (tickets,
 * email changes) refuses (no first turn reaches it). CRM reads (orders, profiles) and the knowledge
 * base's answer are reads. So the preview follows every routing rule the bot follows (always-human
 * intents, dialogs, FAQ, the intent's written answers, fallback) without a copy of those rules here.
 */
import { ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import {
  DialogIds,
  EscalationTexts,
  MainDialog,
  RECOGNIZED_KEY,
  setTurnInfo,
  toUnderstanding,
  type ConversationData,
  type DialogServices,
  type EscalationRequest,
  type KnowledgeResult,
  type TextAnalysis,
} from '../../dialogs';

export interface PreviewMessage {
  text: string;
  quickReplies?: string[];
  /** Content types of cards (article, order). */
  cards?: string[];
}

export interface ReplyPreview {
  /** The first message's text (what the customer reads first). */
  text: string;
  quickReplies?: string[];
  /** Every message of the turn. */
  messages: PreviewMessage[];
  /** The dialog waiting for the customer's next message (e.g. "orderStatus"), if any. */
  dialog: string | null;
  /** The hand-over the bot asked for, if it did. */
  escalation: { reason: string; intent?: string } | null;
  /** What the knowledge base answered, when the FAQ dialog asked it. */
  knowledge:
    | { kind: 'answer'; articleId: string; confidence: number }
    | { kind: 'suggestions'; topics: number }
    | null;
}

export type ReplyPreviewer = (text: string, analysis: TextAnalysis) => Promise<ReplyPreview>;

export interface ReplyPreviewOptions {
  /** The live bot's dialog services (`createSupportBot(...).services`). */
  services: DialogServices;
  clock?: () => Date;
}

const refuse = (): never => {
  throw new Error('the test console does not write');
};

export function createReplyPreview(options: ReplyPreviewOptions): ReplyPreviewer {
  const clock = options.clock ?? (() => new Date());
  return async (text, analysis) => {
    const state = new ConversationState(new MemoryStorage());
    let escalation: ReplyPreview['escalation'] = null;
    let knowledge: ReplyPreview['knowledge'] = null;
    const live = options.services;
    const services: DialogServices = {
      ...live,
      conversationData: state.createProperty<ConversationData>('ConversationData'),
      care: new Proxy(live.care, {
        get: (target, key) =>
          typeof Reflect.get(target, key) === 'function' ? refuse : Reflect.get(target, key),
      }),
      escalator: {
        async escalate(context, request: EscalationRequest) {
          escalation = { reason: request.reason, ...(request.intent ? { intent: request.intent } : {}) };
          await context.sendActivity(EscalationTexts.joining);
        },
      },
      knowledge: live.knowledge && {
        async answer(query) {
          const result: KnowledgeResult = await live.knowledge!.answer(query);
          knowledge =
            result.kind === 'answer'
              ? { kind: 'answer', articleId: result.source.id, confidence: result.confidence }
              : { kind: 'suggestions', topics: result.topics.length };
          return result;
        },
      },
    };
    const dialogs = new DialogSet(state.createProperty<DialogState>('DialogState'));
    dialogs.add(new MainDialog(services));
    const sent: Partial<Activity>[] = [];
    let waiting: string | null = null;
    const now = clock();
    const adapter = new TestAdapter(async (context) => {
      context.onSendActivities(async (_context, activities, next) => {
        sent.push(...activities);
        return next();
      });
      setTurnInfo(context, {
        conversation: {
          id: 'test-console',
          channel: 'test-console',
          customerId: null,
          visitorId: 'test-console',
          state: 'bot',
          assignedAgentId: null,
          lastSeq: 0,
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
          closedAt: null,
        },
        customerId: null,
        now,
      });
      context.turnState.set(RECOGNIZED_KEY, toUnderstanding(text, analysis));
      const dc = await dialogs.createContext(context);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dc.beginDialog(DialogIds.main);
      waiting = (await dialogs.createContext(context)).child?.activeDialog?.id ?? null;
    });
    await adapter.send(text);
    const messages: PreviewMessage[] = sent
      .filter((a) => a.type === 'message' && typeof a.text === 'string')
      .map((a) => {
        const message: PreviewMessage = { text: a.text! };
        const actions = a.suggestedActions?.actions ?? [];
        if (actions.length)
          message.quickReplies = actions.map((action) => action.title ?? String(action.value));
        if (a.attachments?.length) message.cards = a.attachments.map((card) => card.contentType);
        return message;
      });
    const quickReplies = [...messages].reverse().find((m) => m.quickReplies)?.quickReplies;
    return {
      text: messages.map((m) => m.text).join('\n\n'),
      ...(quickReplies ? { quickReplies } : {}),
      messages,
      dialog: waiting,
      escalation,
      knowledge,
    };
  };
}
