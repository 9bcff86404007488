/**
 * Works out which order the customer means and proves they may see it.
 *
 * - Verified customer: the order number from the message, or "I see order A1042 shipped yesterday —
 *   is this about that one?" from their recent orders; only their own orders are ever found.
 * - Unverified visitor: the order number and the email on the order. A wrong email reads exactly
 *   like a missing order, and lookups are rate-limited (crm/OrderLookup).
 *
 * The number is re-asked at most twice; the dialog then explains where to find it and ends.
 * Ends with `{ order, email? }`, `{}` (not found / gave up) or `{ reroute: true }` (topic switch).
 */
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';
import { mostRelevantOrder, returnableOrders, type Order } from '../crm';
import { InputPrompt, topicSwitched } from './prompts';
import { reply } from './replies';
import { DialogIds, PromptIds, TALK_TO_A_PERSON, type ChildResult } from './results';
import { valuesOf } from './results';
import type { DialogServices } from './services';
import { findEmail, findOrderNumber, normalize, orderHeadline, readYesNo } from './text';
import { turnInfoOf } from './turn-info';
import { firstEntity, understandingOf } from './understanding';

export interface FindOrderOptions {
  purpose: 'status' | 'return';
  orderNumber?: string;
  /** Skip the "is this about that one?" offer and ask for the number. */
  askNumber?: boolean;
  /** Numbers a verified customer gave that were not on their account, so far. */
  misses?: number;
}

export type FindOrderResult = ChildResult & { order?: Order; email?: string };

const ANOTHER = 'another';

export const FindOrderTexts = {
  askNumber: "What's your order number? It looks like A1042 and it's in your order confirmation email.",
  retryNumber:
    "That doesn't look like an order number. It's an A followed by four digits, like A1042 — you'll find it in your order confirmation email.",
  gaveUpNumber:
    "I still couldn't find an order number in that. It's an A followed by four digits (like A1042), in your order confirmation email. If you can't find it, just say \"talk to a person\".",
  askEmail: (number: string) =>
    `To keep your order details private, what's the email address you used for order ${number}?`,
  retryEmail: "That doesn't look like an email address. Could you type it again, like name@example.com?",
  gaveUpEmail:
    'I couldn\'t find an email address in that, so I can\'t look the order up. You can try again any time, or say "talk to a person".',
  /** The one answer for a missing order and for a wrong email: no enumeration. */
  notFound:
    "I couldn't find an order with that number and email address. Please check both — they're in your order confirmation email.",
  rateLimited:
    "I can't look up any more orders right now — there have been too many attempts. Please try again later, or I can bring in a person.",
  notOnAccount: (number: string) =>
    `I can't find order ${number} on your account. Could you check the number? It's in your order confirmation email.`,
  stillNotOnAccount: (number: string) =>
    `I still can't find order ${number} on your account. If it was placed with a different email address, a person from our team can help.`,
  offer: (headline: string) => `I see ${headline} — is this about that one?`,
};

export class FindOrderDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(DialogIds.findOrder);
    const own = { ownIntents: ['order.status', 'return.item', 'refund.status'] };
    this.addDialog(new InputPrompt(PromptIds.orderChoice, (ctx) => this.readChoice(ctx), own));
    this.addDialog(new InputPrompt(PromptIds.orderNumber, (ctx) => orderNumberIn(ctx), own));
    this.addDialog(new InputPrompt(PromptIds.orderEmail, (ctx) => findEmail(ctx.activity.text ?? ''), own));
    this.addDialog(
      new WaterfallDialog('findOrder.steps', [
        (step) => this.offerStep(step),
        (step) => this.numberStep(step),
        (step) => this.lookupStep(step),
        (step) => this.emailStep(step),
      ]),
    );
    this.initialDialogId = 'findOrder.steps';
  }

  private readChoice(context: TurnContext): string | undefined {
    const text = context.activity.text ?? '';
    const number = findOrderNumber(text);
    if (number) return number;
    const t = normalize(text);
    if (/\b(another|other|different|something else|neither|none)\b/.test(t)) return ANOTHER;
    const yes = readYesNo(text);
    if (yes === undefined) return undefined;
    return yes ? ((context.turnState.get('parley.offered') as string | undefined) ?? undefined) : ANOTHER;
  }

  private async offerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as FindOrderOptions;
    const number = options.orderNumber ?? (options.askNumber ? undefined : orderNumberIn(step.context));
    if (number) return step.next(number);
    if (options.askNumber) return step.next(ANOTHER);

    const candidate = await this.candidate(step.context, options.purpose);
    if (!candidate) return step.next(ANOTHER);
    valuesOf(step).offered = candidate.number;
    const { now } = turnInfoOf(step.context);
    return step.prompt(PromptIds.orderChoice, {
      prompt: reply(FindOrderTexts.offer(orderHeadline(candidate, now, this.services.timeZone)), {
        quickReplies: [
          { title: `Yes, ${candidate.number}`, value: `Yes, ${candidate.number}` },
          { title: 'Another order', value: 'Another order' },
        ],
      }),
      retryPrompt: reply(
        `Is it about order ${candidate.number}? Tap yes, or type the order number you mean.`,
        {
          quickReplies: [
            { title: `Yes, ${candidate.number}`, value: `Yes, ${candidate.number}` },
            { title: 'Another order', value: 'Another order' },
          ],
        },
      ),
    });
  }

  private async numberStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (topicSwitched(step.context)) return step.endDialog({ reroute: true } satisfies FindOrderResult);
    const chosen = step.result as string | undefined;
    if (chosen && chosen !== ANOTHER) return step.next(chosen);
    return step.prompt(PromptIds.orderNumber, {
      prompt: FindOrderTexts.askNumber,
      retryPrompt: FindOrderTexts.retryNumber,
    });
  }

  private async lookupStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (topicSwitched(step.context)) return step.endDialog({ reroute: true } satisfies FindOrderResult);
    const number = step.result as string | undefined;
    if (!number) {
      await step.context.sendActivity(
        reply(FindOrderTexts.gaveUpNumber, { quickReplies: [TALK_TO_A_PERSON] }),
      );
      return step.endDialog({} satisfies FindOrderResult);
    }
    valuesOf(step).number = number;
    const info = turnInfoOf(step.context);
    const options = step.options as FindOrderOptions;

    if (info.customerId) {
      const found = await this.services.orders.forCustomer(info.customerId, number);
      if (found.kind === 'found') return step.endDialog({ order: found.order } satisfies FindOrderResult);
      const misses = (options.misses ?? 0) + 1;
      if (misses >= 2) {
        await step.context.sendActivity(
          reply(FindOrderTexts.stillNotOnAccount(number), { quickReplies: [TALK_TO_A_PERSON] }),
        );
        return step.endDialog({} satisfies FindOrderResult);
      }
      await step.context.sendActivity(FindOrderTexts.notOnAccount(number));
      return step.replaceDialog('findOrder.steps', {
        ...options,
        orderNumber: undefined,
        askNumber: true,
        misses,
      } satisfies FindOrderOptions);
    }

    // An unverified visitor who already proved this order in this conversation is not asked again.
    const data = await this.services.conversationData.get(step.context, {});
    if (data.unlockedOrders?.includes(number)) {
      const order = await this.services.orders.byNumber(number);
      if (order) return step.endDialog({ order, email: data.provenEmail } satisfies FindOrderResult);
    }
    // "A1042, maya@example.com" in one message: no need to ask.
    const text = step.context.activity.text ?? '';
    const email = findEmail(text);
    if (email && findOrderNumber(text) === number) return step.next(email);
    return step.prompt(PromptIds.orderEmail, {
      prompt: FindOrderTexts.askEmail(number),
      retryPrompt: FindOrderTexts.retryEmail,
    });
  }

  private async emailStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (topicSwitched(step.context)) return step.endDialog({ reroute: true } satisfies FindOrderResult);
    const email = step.result as string | undefined;
    const purpose = (step.options as FindOrderOptions).purpose;
    const tryAgain = {
      title: 'Try again',
      value: purpose === 'return' ? 'I want to return an item' : 'Where is my order?',
    };
    if (!email) {
      await step.context.sendActivity(
        reply(FindOrderTexts.gaveUpEmail, { quickReplies: [tryAgain, TALK_TO_A_PERSON] }),
      );
      return step.endDialog({} satisfies FindOrderResult);
    }
    const info = turnInfoOf(step.context);
    const result = await this.services.orders.forVisitor({
      conversationId: info.conversation.id,
      orderNumber: valuesOf(step).number as string,
      email,
      clientAddress: info.clientAddress,
    });
    if (result.kind === 'found') {
      const data = await this.services.conversationData.get(step.context, {});
      data.unlockedOrders = [...new Set([...(data.unlockedOrders ?? []), result.order.number])];
      data.provenEmail = email;
      return step.endDialog({ order: result.order, email } satisfies FindOrderResult);
    }
    if (result.kind === 'rate_limited') {
      await step.context.sendActivity(
        reply(FindOrderTexts.rateLimited, { quickReplies: [TALK_TO_A_PERSON] }),
      );
      return step.endDialog({} satisfies FindOrderResult);
    }
    await step.context.sendActivity(
      reply(FindOrderTexts.notFound, { quickReplies: [tryAgain, TALK_TO_A_PERSON] }),
    );
    return step.endDialog({} satisfies FindOrderResult);
  }

  /** The order worth offering: verified customers' recent orders, or orders the visitor proved. */
  private async candidate(context: TurnContext, purpose: FindOrderOptions['purpose']): Promise<Order | null> {
    const info = turnInfoOf(context);
    let orders: Order[] = [];
    if (info.customerId) {
      orders = (await this.services.profiles.get(info.customerId))?.recentOrders ?? [];
    } else {
      const data = await this.services.conversationData.get(context, {});
      for (const number of [...(data.unlockedOrders ?? [])].reverse()) {
        const order = await this.services.orders.byNumber(number);
        if (order) orders.push(order);
      }
    }
    const candidate =
      purpose === 'return'
        ? (returnableOrders(orders, info.now, this.services.policy.windowDays)[0] ?? null)
        : mostRelevantOrder(orders, info.now);
    if (candidate) context.turnState.set('parley.offered', candidate.number);
    return candidate;
  }

  // A continued turn must know which order was offered (turn state does not survive between turns).
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const steps = innerDc.stack.find((d) => d.id === 'findOrder.steps');
    const offered = (steps?.state as { values?: { offered?: string } } | undefined)?.values?.offered;
    if (offered) innerDc.context.turnState.set('parley.offered', offered);
    return super.onContinueDialog(innerDc);
  }
}

/** An order number in the message: the recognizer's entity, else the pattern. */
export function orderNumberIn(context: TurnContext): string | undefined {
  const entity = firstEntity(understandingOf(context), 'order_number');
  if (entity && typeof entity.value === 'string') return entity.value.toUpperCase();
  return findOrderNumber(context.activity.text ?? '');
}
