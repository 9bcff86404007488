/** Product recommendations: from the verified customer's purchase history, the products they mention, or what sells. */
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Recommendation } from '../crm';
import { productCard, reply } from './replies';
import { DialogIds, THATS_ALL, type ChildResult } from './results';
import type { DialogServices } from './services';
import { joinAnd } from './text';
import { turnInfoOf } from './turn-info';
import { understandingOf } from './understanding';

export class RecommendDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(DialogIds.recommend);
    this.addDialog(new WaterfallDialog('recommend.steps', [(step) => this.recommendStep(step)]));
    this.initialDialogId = 'recommend.steps';
  }

  private async recommendStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const recommender = this.services.recommender;
    if (!recommender) return step.endDialog({ miss: true } satisfies ChildResult);
    const info = turnInfoOf(step.context);
    const seedSkus = understandingOf(step.context)
      .found.filter((e) => e.type === 'product' && typeof e.value === 'string')
      .map((e) => e.value as string);
    const picks = await recommender.recommend({ customerId: info.customerId, seedSkus, limit: 3 });
    if (picks.length === 0) return step.endDialog({ miss: true } satisfies ChildResult);
    await step.context.sendActivity(
      reply(`${intro(picks)} ${joinAnd(picks.map((p) => p.product.name))}.`, {
        cards: picks.map((p) => productCard(p.product)),
        carousel: true,
        quickReplies: ['Something else', THATS_ALL],
      }),
    );
    return step.endDialog({} satisfies ChildResult);
  }
}

function intro(picks: Recommendation[]): string {
  const top = picks[0];
  switch (top.basis) {
    case 'history':
      return top.becauseOf
        ? `Since you bought the ${top.becauseOf.name}, you might like`
        : 'Based on what you bought before, you might like';
    case 'similar-customers':
      return 'Customers who bought what you did also liked';
    case 'mentioned':
      return top.becauseOf ? `If you like the ${top.becauseOf.name}, have a look at` : 'You might like';
    default:
      return 'Here are a few of our most popular things:';
  }
}
