/**
 * Works out which order the customer means and proves they may see it.
 *
 * - Verified customer: the order number from the message, the one recent order holding a product the
 *   message names ("my tent order"), or "I see order A1042 shipped yesterday — is this about that
 *   one?" from their recent orders; "another order" lists their other recent orders as quick replies.
 *   Only their own orders are ever found.
 * - Unverified visitor: the order number and the email on the order. A wrong email reads exactly
 *   like a missing order, and lookups are rate-limited (crm/OrderLookup). No CRM data is ever listed.
 *
 * The number is re-asked at most twice; the dialog then explains where to find it and ends.
 * Ends with `{ order, email? }`, `{}` (not found / gave up) or `{ reroute: true }` (topic switch).
 */
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';
import { mostRelevantOrder, returnableOrders, type Order } from '../crm';
import { InputPrompt, topicSwitched, type PromptSettings } from './prompts';
import { reply } from './replies';
import { DialogIds, PromptIds, TALK_TO_A_PERSON, type ChildResult } from './results';
import { valuesOf } from './results';
import type { DialogServices } from './services';
import { findEmail, findOrderNumber, mentionsOtherOrder, normalize, orderHeadline, readYesNo } from './text';
import { turnInfoOf } from './turn-info';
import { orderHoldingNamedProduct, pickReply } from './which-order';
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
/** "Another order" from a verified customer: list their other recent orders. */
const PICK = 'pick';
/** Recent orders listed as quick replies. */
const MAX_LISTED = 4;

/** Intents each purpose's prompts handle themselves, and those that take a message even when it parses. */
const PURPOSE_SETTINGS: Record<FindOrderOptions['purpose'], PromptSettings> = {
  status: { ownIntents: ['order.status', 'refund.status'], yieldTo: ['return.item'] },
  return: { ownIntents: ['return.item', 'refund.status'] },
};

export const FindOrderTexts = {
  askNumber: "What's your order number? It looks like A1042 and it's in your order confirmation email.",
  /** The first ask of a return: says which flow this is (it may have just switched from another). */
  askReturnNumber:
    "Sure, let's set up a return. What's the order number? It looks like A1042 and it's in your order confirmation email.",
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
  pick: 'Which order do you mean? Here are your recent ones — or type the order number.',
  retryPick: "I didn't catch which one. Tap an order, or type its number (an A and four digits, like A1042).",
};

export class FindOrderDialog extends ComponentDialog {
  constructor(
    private readonly services: DialogServices,
    purpose: FindOrderOptions['purpose'],
  ) {
    super(DialogIds.findOrder);
    const settings = PURPOSE_SETTINGS[purpose];
    const own = { ownIntents: settings.ownIntents };
    this.addDialog(
      new InputPrompt(
        PromptIds.orderChoice,
        (ctx, options) => readChoice(ctx, (options.validations as { offered?: string } | undefined)?.offered),
        settings,
      ),
    );
    this.addDialog(new InputPrompt(PromptIds.orderNumber, (ctx) => orderNumberIn(ctx), settings));
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

  private async offerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as FindOrderOptions;
    const number = options.orderNumber ?? (options.askNumber ? undefined : orderNumberIn(step.context));
    if (number) return step.next(number);
    if (options.askNumber) return step.next(ANOTHER);
    // "What about my other order?": no point offering the one they just saw.
    if (mentionsOtherOrder(step.context.activity.text ?? '')) return step.next(PICK);
    const named = await this.orderNamingProduct(step.context);
    if (named) return step.next(named.number);

    const candidate = await this.candidate(step.context, options.purpose);
    if (!candidate) return step.next(ANOTHER);
    valuesOf(step).offered = candidate.number;
    const { now } = turnInfoOf(step.context);
    const quickReplies = [
      { title: `Yes, ${candidate.number}`, value: `Yes, ${candidate.number}` },
      { title: 'Another order', value: 'Another order' },
    ];
    return step.prompt(PromptIds.orderChoice, {
      prompt: reply(FindOrderTexts.offer(orderHeadline(candidate, now, this.services.timeZone)), {
        quickReplies,
      }),
      retryPrompt: reply(
        `Is it about order ${candidate.number}? Tap yes, or type the order number you mean.`,
        { quickReplies },
      ),
      validations: { offered: candidate.number },
    });
  }

  private async numberStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (topicSwitched(step.context)) return step.endDialog({ reroute: true } satisfies FindOrderResult);
    const chosen = step.result as string | undefined;
    if (chosen && chosen !== ANOTHER && chosen !== PICK) return step.next(chosen);
    const others = chosen === PICK ? await this.otherRecentOrders(step) : [];
    if (others.length)
      return step.prompt(PromptIds.orderNumber, {
        prompt: FindOrderTexts.pick,
        retryPrompt: FindOrderTexts.retryPick,
        choices: others.map((o) => ({ value: o.number, action: { type: 'imBack', ...pickReply(o) } })),
      });
    const options = step.options as FindOrderOptions;
    const firstReturnAsk = options.purpose === 'return' && !options.askNumber;
    return step.prompt(PromptIds.orderNumber, {
      prompt: firstReturnAsk ? FindOrderTexts.askReturnNumber : FindOrderTexts.askNumber,
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
      if (found.kind === 'found') return this.found(step, { order: found.order });
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
      if (order) return this.found(step, { order, email: data.provenEmail });
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
      return this.found(step, { order: result.order, email });
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

  /** Ends with the order, remembered so a later "what about my other order?" leaves it out. */
  private async found(step: WaterfallStepContext, result: FindOrderResult): Promise<DialogTurnResult> {
    const data = await this.services.conversationData.get(step.context, {});
    data.lastOrder = result.order?.number;
    return step.endDialog(result);
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
    return candidate;
  }

  /**
   * A verified customer's recent orders other than the one offered or already seen, when they said
   * "another order" (after an offer, or on its own). Never for a visitor: no CRM data to them.
   */
  private async otherRecentOrders(step: WaterfallStepContext): Promise<Order[]> {
    const info = turnInfoOf(step.context);
    if (!info.customerId) return [];
    const profile = await this.services.profiles.get(info.customerId);
    const data = await this.services.conversationData.get(step.context, {});
    const notThis = new Set([valuesOf(step).offered, data.lastOrder].filter(Boolean));
    return (profile?.recentOrders ?? []).filter((o) => !notThis.has(o.number)).slice(0, MAX_LISTED);
  }

  /**
   * The one recent order of a verified customer holding a product the message names ("my tent order
   * still hasn't shipped"); null when none or several do, or for a visitor.
   */
  private async orderNamingProduct(context: TurnContext): Promise<Order | null> {
    const info = turnInfoOf(context);
    if (!info.customerId) return null;
    const orders = (await this.services.profiles.get(info.customerId))?.recentOrders ?? [];
    return orderHoldingNamedProduct(orders, understandingOf(context));
  }
}

/**
 * The answer to "is this about that one?": a number, the offered order on "yes", the list of other
 * orders on "another order", or a plain "what's the number?" on "no".
 */
function readChoice(context: TurnContext, offered: string | undefined): string | undefined {
  const text = context.activity.text ?? '';
  const number = findOrderNumber(text);
  if (number) return number;
  const t = normalize(text);
  if (/\b(another|other|different|something else|neither|none)\b/.test(t)) return PICK;
  const yes = readYesNo(text);
  if (yes === undefined) return undefined;
  return yes ? offered : ANOTHER;
}

/** An order number in the message: the recognizer's entity, else the pattern. */
export function orderNumberIn(context: TurnContext): string | undefined {
  const entity = firstEntity(understandingOf(context), 'order_number');
  if (entity && typeof entity.value === 'string') return entity.value.toUpperCase();
  return findOrderNumber(context.activity.text ?? '');
}
