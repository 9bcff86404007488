/**
 * Greeting: a verified customer is greeted by name and asked about what is most likely on their mind
 * (an order on its way, an open ticket); a visitor hears what the bot can do.
 */
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { firstName, mostRelevantOrder } from '../crm';
import { ConfirmInputPrompt, topicSwitched } from './prompts';
import { reply } from './replies';
import { DEFAULT_TOPICS } from './topics';
import { DialogIds, PromptIds, type ChildResult } from './results';
import { valuesOf } from './results';
import type { DialogServices } from './services';
import { orderHeadline } from './text';
import { turnInfoOf } from './turn-info';

export const GreetingTexts = {
  visitor: (shop: string) =>
    `Hi there! I'm the ${shop} assistant. I can check on an order, help with a return, answer questions about shipping and products, and more. What can I do for you?`,
  named: (name: string) => `Hi ${name}! How can I help you today?`,
  aboutOrder: (name: string, headline: string) => `Hi ${name}! I see ${headline} — is this about that one?`,
  openTicket: (name: string, subject: string) =>
    `Hi ${name}! I see your request "${subject}" is still open. How can I help today?`,
  aboutOrderAgain: (number: string) => `Sorry, I didn't catch that. Is your question about order ${number}?`,
  somethingElse: 'Sure — what can I help you with?',
};

export class GreetingDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(DialogIds.greeting);
    this.addDialog(
      // Not order.status: "my tent order still hasn't shipped" is a request, not a yes or no.
      new ConfirmInputPrompt(PromptIds.greetingOrder, { ownIntents: ['smalltalk.greeting'] }),
    );
    this.addDialog(
      new WaterfallDialog('greeting.steps', [
        (step) => this.greetStep(step),
        (step) => this.answerStep(step),
      ]),
    );
    this.initialDialogId = 'greeting.steps';
  }

  private async greetStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = turnInfoOf(step.context);
    const profile = info.customerId ? await this.services.profiles.get(info.customerId) : null;
    if (!profile) {
      await step.context.sendActivity(
        reply(this.services.greeting?.() ?? GreetingTexts.visitor(this.services.shopName), {
          quickReplies: DEFAULT_TOPICS,
        }),
      );
      return step.endDialog({} satisfies ChildResult);
    }
    const name = firstName(profile.customer);
    const order = mostRelevantOrder(profile.recentOrders, info.now);
    if (order) {
      valuesOf(step).orderNumber = order.number;
      return step.prompt(PromptIds.greetingOrder, {
        prompt: GreetingTexts.aboutOrder(name, orderHeadline(order, info.now, this.services.timeZone)),
        retryPrompt: GreetingTexts.aboutOrderAgain(order.number),
        choices: [
          { value: 'yes', action: { type: 'imBack', title: 'Yes, that one', value: 'Yes, that one' } },
          { value: 'no', action: { type: 'imBack', title: 'Something else', value: 'Something else' } },
        ],
      });
    }
    const ticket = profile.openTickets[0];
    await step.context.sendActivity(
      reply(ticket ? GreetingTexts.openTicket(name, ticket.subject) : GreetingTexts.named(name), {
        quickReplies: DEFAULT_TOPICS,
      }),
    );
    return step.endDialog({} satisfies ChildResult);
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (topicSwitched(step.context)) return step.endDialog({ reroute: true } satisfies ChildResult);
    if (step.result === 'yes')
      return step.endDialog({
        next: { dialogId: DialogIds.orderStatus, options: { orderNumber: valuesOf(step).orderNumber } },
      } satisfies ChildResult);
    if (step.result === 'no') {
      await step.context.sendActivity(reply(GreetingTexts.somethingElse, { quickReplies: DEFAULT_TOPICS }));
      return step.endDialog({} satisfies ChildResult);
    }
    return step.endDialog({ reroute: true } satisfies ChildResult);
  }
}
