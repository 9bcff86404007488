/**
 * FAQ: a knowledge-base answer with its source and "that helped" / "not quite"; topics to pick from
 * when nothing answers well; the intent's written answer when there is no knowledge base.
 */
import {
  ComponentDialog,
  Dialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { articleCard, reply } from './replies';
import { DialogIds, TALK_TO_A_PERSON, type ChildResult } from './results';
import { valuesOf } from './results';
import type { DialogServices, KnowledgeResult } from './services';
import { normalize } from './text';
import { turnInfoOf } from './turn-info';

/**
 * Set in the turn state when the knowledge base answered this turn: `{ answerId, articleId }`
 * (read by the bot's turn recorder for analytics).
 */
export const KNOWLEDGE_ANSWER_KEY = 'parley.knowledgeAnswer';

export interface FaqOptions {
  query: string;
  intent?: string;
}

export const FaqTexts = {
  helped: 'That helped',
  notQuite: 'Not quite',
  glad: 'Great, glad that helped!',
  sorry:
    "Sorry that wasn't it. Could you tell me a bit more about what you need? Or I can bring in a person.",
  suggestions: "I'm not sure I have an exact answer to that. Is it one of these?",
};

const HELPED =
  /^(that helped|it helped|helped|yes|yeah|yep|thanks|thank you|great|perfect|brilliant|got it|ok thanks|cheers)\b/;
const NOT_QUITE = /^(not quite|no|nope|not really|didnt help|that didnt help|not helpful|wrong|not what i)\b/;

export class FaqDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(DialogIds.faq);
    this.addDialog(
      new WaterfallDialog('faq.steps', [(step) => this.answerStep(step), (step) => this.feedbackStep(step)]),
    );
    this.initialDialogId = 'faq.steps';
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { query, intent } = step.options as FaqOptions;
    let result: KnowledgeResult | undefined;
    try {
      result = this.services.knowledge ? await this.services.knowledge.answer(query) : undefined;
    } catch {
      result = undefined; // the written intent answer or the fallback still helps
    }
    const minConfidence = this.services.minAnswerConfidence ?? 0;
    if (result?.kind === 'answer' && result.confidence >= minConfidence) {
      await step.context.sendActivity(
        reply(result.text, {
          cards: [articleCard(result.source)],
          quickReplies: [FaqTexts.helped, FaqTexts.notQuite],
        }),
      );
      valuesOf(step).answer = { answerId: result.answerId, articleId: result.source.id, query };
      step.context.turnState.set(KNOWLEDGE_ANSWER_KEY, {
        answerId: result.answerId,
        articleId: result.source.id,
      });
      return Dialog.EndOfTurn;
    }
    const topics = result?.kind === 'suggestions' ? result.topics.slice(0, 4).map((t) => t.title) : [];
    const written = intent ? this.services.intentResponses?.get(intent) : undefined;
    if (written?.length) {
      const seq = turnInfoOf(step.context).inbound?.seq ?? 0;
      await step.context.sendActivity(reply(written[seq % written.length], { quickReplies: topics }));
      return step.endDialog({} satisfies ChildResult);
    }
    if (topics.length) {
      await step.context.sendActivity(
        reply(FaqTexts.suggestions, { quickReplies: [...topics, TALK_TO_A_PERSON] }),
      );
      return step.endDialog({} satisfies ChildResult);
    }
    return step.endDialog({ miss: true } satisfies ChildResult);
  }

  private async feedbackStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const text = normalize(String(step.result ?? ''));
    const helped = HELPED.test(text) ? true : NOT_QUITE.test(text) ? false : undefined;
    if (helped === undefined) return step.endDialog({ reroute: true } satisfies ChildResult);
    const answer = valuesOf(step).answer as { answerId?: string; articleId: string; query: string };
    try {
      await this.services.knowledge?.recordFeedback?.({
        answerId: answer.answerId,
        articleId: answer.articleId,
        helpful: helped,
        conversationId: turnInfoOf(step.context).conversation.id,
        query: answer.query,
      });
    } catch {
      // Feedback is nice to have; the conversation goes on without it.
    }
    await step.context.sendActivity(
      helped ? FaqTexts.glad : reply(FaqTexts.sorry, { quickReplies: [TALK_TO_A_PERSON] }),
    );
    return step.endDialog({} satisfies ChildResult);
  }
}
