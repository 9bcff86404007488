/** CSAT: "how would you rate this chat, 1–5?" once per conversation, recorded as a `parley.csat` event. */
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { ChoiceInputPrompt, topicSwitched } from './prompts';
import { DialogIds, PromptIds, type ChildResult } from './results';
import type { DialogServices } from './services';

export const CSAT_EVENT = 'parley.csat';

export const CsatTexts = {
  ask: 'Before you go: how would you rate this chat, from 1 (poor) to 5 (great)?',
  retry: "Just tap a number from 1 to 5 — or carry on if you'd rather not say.",
  good: 'Thanks for the feedback — glad I could help!',
  poor: "Thanks for telling me. I'll pass that on so we can do better.",
};

const SCORES = [
  { value: '1', synonyms: ['one', 'poor', 'terrible', 'awful', 'very bad', 'bad'] },
  { value: '2', synonyms: ['two', 'not good'] },
  { value: '3', synonyms: ['three', 'ok', 'okay', 'average', 'fine', 'meh'] },
  { value: '4', synonyms: ['four', 'good'] },
  { value: '5', synonyms: ['five', 'great', 'excellent', 'perfect', 'amazing', 'brilliant'] },
];

export class CsatDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(DialogIds.csat);
    this.addDialog(new ChoiceInputPrompt(PromptIds.csatScore, { maxRetries: 1 }));
    this.addDialog(
      new WaterfallDialog('csat.steps', [(step) => this.askStep(step), (step) => this.recordStep(step)]),
    );
    this.initialDialogId = 'csat.steps';
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const data = await this.services.conversationData.get(step.context, {});
    if (data.csatAsked) return step.endDialog({} satisfies ChildResult);
    data.csatAsked = true;
    return step.prompt(PromptIds.csatScore, {
      prompt: CsatTexts.ask,
      retryPrompt: CsatTexts.retry,
      choices: SCORES,
    });
  }

  private async recordStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (topicSwitched(step.context)) return step.endDialog({ reroute: true } satisfies ChildResult);
    const score = Number(step.result);
    if (!(score >= 1 && score <= 5)) return step.endDialog({ reroute: true } satisfies ChildResult);
    await step.context.sendActivity({ type: 'event', name: CSAT_EVENT, value: { score } });
    await step.context.sendActivity(score >= 4 ? CsatTexts.good : CsatTexts.poor);
    return step.endDialog({} satisfies ChildResult);
  }
}
