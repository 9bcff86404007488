/**
 * Returns and refunds: find the order, check it against the shop's written policy (delivered, inside
 * the window), pick the item, confirm it is unused with tags, confirm, and open the return as a
 * ticket. An item that arrived damaged or is faulty is covered used or not (the written policy:
 * photos of the item and the box, then a replacement or a refund, usually without sending it back):
 * it is reported as such, and a person is offered for a replacement. Final-sale items can't come back
 * for a change of mind but are covered when faulty, so for them the question is whether they are
 * damaged or faulty: yes takes the damaged path, no is refused with that reason.
 */
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Choice } from 'botbuilder-dialogs';
import { daysBetween, type Order, type OrderLine, type ReturnCondition } from '../crm';
import { FindOrderDialog, type FindOrderOptions, type FindOrderResult } from './find-order';
import { ChoiceInputPrompt, ConfirmInputPrompt, InputPrompt, topicSwitched } from './prompts';
import { reply } from './replies';
import { DialogIds, PromptIds, TALK_TO_A_PERSON, type ChildResult } from './results';
import { valuesOf } from './results';
import type { DialogServices, ReturnPolicy } from './services';
import { itemLabel, joinAnd, maskEmail, normalize, productName, readYesNo, readsAsDamaged } from './text';
import { turnInfoOf } from './turn-info';

export interface ReturnsOptions {
  orderNumber?: string;
}

export type Eligibility =
  | {
      eligible: true;
      lines: OrderLine[];
      /** Of `lines`, those sold as final sale: they can come back only when damaged or faulty. */
      finalSale: OrderLine[];
    }
  | {
      eligible: false;
      reason: 'not_delivered' | 'processing' | 'already_returned' | 'cancelled' | 'outside_window';
      days?: number;
    };

/**
 * Checks an order against the written return policy. Final-sale items stay in (marked): the policy
 * covers them when they are faulty, which only the customer's answer can tell.
 */
export function returnEligibility(
  order: Order,
  now: Date,
  policy: ReturnPolicy,
  isFinalSale: (sku: string) => boolean,
): Eligibility {
  switch (order.status) {
    case 'processing':
      return { eligible: false, reason: 'processing' };
    case 'shipped':
    case 'delayed':
      return { eligible: false, reason: 'not_delivered' };
    case 'returned':
    case 'refunded':
      return { eligible: false, reason: 'already_returned' };
    case 'cancelled':
      return { eligible: false, reason: 'cancelled' };
    case 'delivered': {
      const days = daysBetween(Date.parse(order.deliveredAt ?? order.placedAt), now.getTime());
      if (days > policy.windowDays) return { eligible: false, reason: 'outside_window', days };
      return { eligible: true, lines: order.lines, finalSale: order.lines.filter((l) => isFinalSale(l.sku)) };
    }
  }
}

export const ReturnTexts = {
  processing: (n: string) =>
    `Order ${n} hasn't shipped yet, so there's nothing to return — it can still be cancelled instead.`,
  notDelivered: (n: string, days: number) =>
    `Order ${n} is still on its way. Once it arrives you have ${days} days to return unused items with their tags.`,
  alreadyReturned: (o: Order) =>
    `Order ${o.number} has already been returned${o.status === 'refunded' ? ' and refunded' : '; it is being checked and the refund follows after that'}.`,
  cancelled: (n: string) => `Order ${n} was cancelled, so there's nothing to return.`,
  outsideWindow: (n: string, days: number, window: number, warranty?: number) =>
    `Order ${n} was delivered ${days} days ago, outside our ${window}-day return window, so I can't open a return for it.${warranty ? ` If something is faulty, it may be covered by our ${warranty}-year warranty — a person from our team can look at that.` : ''}`,
  /** The question for final-sale items: only damaged or faulty ones can come back. */
  finalSaleCondition: (items: string, many: boolean) =>
    `${capitalize(items)} ${many ? 'are' : 'is'} final sale, so ${many ? 'they' : 'it'} can only come back if ${many ? "they're" : "it's"} faulty. ` +
    `Did ${many ? 'they' : 'it'} arrive damaged, or ${many ? 'are they' : 'is it'} faulty?`,
  /** An unused final-sale item: the written policy's reason. */
  finalSaleRefused: (items: string, many: boolean) =>
    `Sorry, I can't open a return for ${items}: final-sale items can't be returned for a change of mind, only when they're faulty. ` +
    `If ${many ? 'they turn' : 'it turns'} out to be faulty, just tell me and I'll report it.`,
  whichItem: 'Which item would you like to return?',
  condition: (many: boolean) => `${many ? 'Are they' : 'Is it'} unused, with the tags still on?`,
  conditionNotMet:
    "We can only take back unused items with their tags on, unless they're faulty. If something arrived damaged or faulty, a person from our team can sort it out.",
  confirm: (items: string, n: string) => `Shall I open a return for ${items} from order ${n}?`,
  /** Before the confirm when final-sale items were among those chosen and said to be unused. */
  finalSaleLeftOut: (items: string, many: boolean) =>
    `${capitalize(items)} ${many ? 'are' : 'is'} final sale, so ${many ? 'they stay' : 'it stays'} out of the return (only faulty final-sale items can come back).`,
  confirmDamaged: (items: string, n: string) =>
    `I'm sorry it's not right. Damaged or faulty items are always covered, used or not. Shall I report ${items} from order ${n} as damaged? ` +
    "We'll send a replacement or a refund, whichever you prefer, and usually you won't need to send it back. " +
    'A person from our team can help you choose.',
  confirmDamagedAgain: "Sorry, I didn't catch that. Shall I report it as damaged?",
  reportDamaged: 'Yes, report it',
  openedDamaged: (reference: string, items: string, to: string) =>
    `Done — I've reported ${items} as damaged (reference ${reference}). ` +
    `Please reply to the email we're sending you${to} with a few photos of the item and the box, including the shipping label, and keep the packaging for now. ` +
    "We'll then send a replacement or a refund, whichever you prefer — usually you won't need to send the item back.",
  confirmAgain: "Sorry, I didn't catch that. Shall I open the return?",
  declined: "OK, I haven't opened a return. Is there anything else I can help with?",
  gaveUp: "No problem — I haven't opened anything. Just ask if you'd like to start a return later.",
};

const ALL = 'all';
/** The condition prompt's third answer, besides yes and no. */
const DAMAGED = 'damaged';

/**
 * "yes", "no", or "damaged" (arrived damaged or faulty, used or not). At the usual question yes means
 * unused with tags; at the final-sale question it means damaged or faulty.
 */
function readCondition(text: string): string | undefined {
  if (readsAsDamaged(text)) return DAMAGED;
  const answer = readYesNo(text);
  return answer === undefined ? undefined : answer ? 'yes' : 'no';
}

export class ReturnsDialog extends ComponentDialog {
  private readonly finalSale: Set<string>;

  constructor(private readonly services: DialogServices) {
    super(DialogIds.returns);
    this.finalSale = new Set(
      services.catalogue.filter((p) => p.tags.includes(services.policy.finalSaleTag)).map((p) => p.sku),
    );
    const own = { ownIntents: ['return.item', 'refund.status'] };
    this.addDialog(new FindOrderDialog(services, 'return'));
    this.addDialog(new ChoiceInputPrompt(PromptIds.returnItem, own));
    this.addDialog(
      new InputPrompt(
        PromptIds.returnCondition,
        (context) => readCondition(context.activity.text ?? ''),
        own,
      ),
    );
    this.addDialog(new ConfirmInputPrompt(PromptIds.returnConfirm, own));
    this.addDialog(
      new WaterfallDialog('returns.steps', [
        (step) => this.findStep(step),
        (step) => this.eligibilityStep(step),
        (step) => this.conditionStep(step),
        (step) => this.confirmStep(step),
        (step) => this.openStep(step),
      ]),
    );
    this.initialDialogId = 'returns.steps';
  }

  private async findStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? {}) as ReturnsOptions;
    return step.beginDialog(DialogIds.findOrder, {
      purpose: 'return',
      orderNumber: options.orderNumber,
    } satisfies FindOrderOptions);
  }

  private async eligibilityStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const found = (step.result ?? {}) as FindOrderResult;
    if (found.reroute) return step.endDialog({ reroute: true } satisfies ChildResult);
    const order = found.order;
    if (!order) return step.endDialog({} satisfies ChildResult);
    const { policy } = this.services;
    const check = returnEligibility(order, turnInfoOf(step.context).now, policy, (sku) =>
      this.finalSale.has(sku),
    );
    if (!check.eligible) {
      const texts: Record<typeof check.reason, () => string> = {
        processing: () => ReturnTexts.processing(order.number),
        not_delivered: () => ReturnTexts.notDelivered(order.number, policy.windowDays),
        already_returned: () => ReturnTexts.alreadyReturned(order),
        cancelled: () => ReturnTexts.cancelled(order.number),
        outside_window: () =>
          ReturnTexts.outsideWindow(order.number, check.days ?? 0, policy.windowDays, policy.warrantyYears),
      };
      const offerPerson = check.reason === 'outside_window';
      await step.context.sendActivity(
        reply(texts[check.reason](), { quickReplies: offerPerson ? [TALK_TO_A_PERSON] : [] }),
      );
      return step.endDialog({} satisfies ChildResult);
    }
    valuesOf(step).order = order;
    valuesOf(step).email = found.email;
    valuesOf(step).lines = check.lines;
    if (check.lines.length === 1) return step.next(check.lines[0].sku);
    const choices: Choice[] = [
      ...check.lines.map((line) => ({
        value: line.sku,
        action: { type: 'imBack', title: itemLabel(line), value: itemLabel(line) },
        synonyms: [
          productName(line.name),
          itemLabel(line),
          normalize(productName(line.name)).split(' ').slice(-1)[0],
        ],
      })),
      {
        value: ALL,
        action: { type: 'imBack', title: 'All of them', value: 'All of them' },
        synonyms: ['all', 'both', 'everything', 'all of them'],
      },
    ];
    const note = check.finalSale.length ? ` (${finalSaleNote(check.finalSale)})` : '';
    return step.prompt(PromptIds.returnItem, {
      prompt: `${ReturnTexts.whichItem}${note}`,
      retryPrompt: 'Tap the item you want to return, or "All of them".',
      choices,
    });
  }

  private async conditionStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (topicSwitched(step.context)) return step.endDialog({ reroute: true } satisfies ChildResult);
    const choice = step.result as string | undefined;
    if (!choice) {
      await step.context.sendActivity(ReturnTexts.gaveUp);
      return step.endDialog({} satisfies ChildResult);
    }
    const lines = valuesOf(step).lines as OrderLine[];
    const chosen = choice === ALL ? lines : lines.filter((l) => l.sku === choice);
    valuesOf(step).chosen = chosen;
    const many = pieces(chosen) > 1;
    // Only final-sale items: unused with tags would not do, so the question is whether they are faulty.
    const question = chosen.every((l) => this.isFinalSale(l))
      ? ReturnTexts.finalSaleCondition(itemsOf(chosen), many)
      : ReturnTexts.condition(many);
    return step.prompt(PromptIds.returnCondition, {
      prompt: question,
      retryPrompt: `Sorry, I didn't catch that. ${question}`,
      choices: [{ value: 'Yes' }, { value: 'No' }],
    });
  }

  private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (topicSwitched(step.context)) return step.endDialog({ reroute: true } satisfies ChildResult);
    const order = valuesOf(step).order as Order;
    const chosen = valuesOf(step).chosen as OrderLine[];
    const finalSale = chosen.filter((l) => this.isFinalSale(l));
    const returnable = chosen.filter((l) => !this.isFinalSale(l));
    let answer = step.result as string | undefined;
    // At the final-sale question, yes is "it's damaged or faulty".
    if (!returnable.length && answer === 'yes') answer = DAMAGED;
    if (answer === 'no') {
      await step.context.sendActivity(
        returnable.length
          ? reply(ReturnTexts.conditionNotMet, { quickReplies: [TALK_TO_A_PERSON] })
          : reply(ReturnTexts.finalSaleRefused(itemsOf(chosen), pieces(chosen) > 1), {
              quickReplies: [TALK_TO_A_PERSON],
            }),
      );
      return step.endDialog({} satisfies ChildResult);
    }
    if (answer === DAMAGED) {
      const text = step.context.activity.text ?? '';
      // The customer's own words go on the ticket; a bare "yes" is recorded as a confirmation.
      valuesOf(step).condition = {
        kind: 'damaged',
        ...(readsAsDamaged(text) && { words: text.trim() }),
      } satisfies ReturnCondition;
      return this.confirmDamaged(step, itemsOf(chosen), order.number);
    }
    if (answer !== 'yes') {
      await step.context.sendActivity(ReturnTexts.gaveUp);
      return step.endDialog({} satisfies ChildResult);
    }
    // Unused: final-sale items among them stay out (the written policy), the others go back.
    valuesOf(step).chosen = returnable;
    valuesOf(step).condition = { kind: 'unused' } satisfies ReturnCondition;
    const leftOut = finalSale.length
      ? `${ReturnTexts.finalSaleLeftOut(itemsOf(finalSale), pieces(finalSale) > 1)} `
      : '';
    return step.prompt(PromptIds.returnConfirm, {
      prompt: `${leftOut}${ReturnTexts.confirm(itemsOf(returnable), order.number)}`,
      retryPrompt: ReturnTexts.confirmAgain,
      choices: [
        {
          value: 'yes',
          action: { type: 'imBack', title: 'Yes, open the return', value: 'Yes, open the return' },
        },
        { value: 'no', action: { type: 'imBack', title: 'No, leave it', value: 'No, leave it' } },
      ],
    });
  }

  /** A damaged item: report it, or a person for a replacement (the third quick reply). */
  private confirmDamaged(step: WaterfallStepContext, items: string, orderNumber: string) {
    const replies = [ReturnTexts.reportDamaged, 'No, leave it', TALK_TO_A_PERSON];
    return step.prompt(PromptIds.returnConfirm, {
      prompt: reply(ReturnTexts.confirmDamaged(items, orderNumber), { quickReplies: replies }),
      retryPrompt: reply(ReturnTexts.confirmDamagedAgain, { quickReplies: replies }),
      choices: [
        { value: 'yes', action: { type: 'imBack', title: replies[0], value: replies[0] } },
        { value: 'no', action: { type: 'imBack', title: replies[1], value: replies[1] } },
      ],
    });
  }

  private async openStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (topicSwitched(step.context)) return step.endDialog({ reroute: true } satisfies ChildResult);
    if (step.result !== 'yes') {
      await step.context.sendActivity(step.result === 'no' ? ReturnTexts.declined : ReturnTexts.gaveUp);
      return step.endDialog({} satisfies ChildResult);
    }
    const info = turnInfoOf(step.context);
    const order = valuesOf(step).order as Order;
    const chosen = valuesOf(step).chosen as OrderLine[];
    const email = (valuesOf(step).email as string | undefined) ?? null;
    const condition = valuesOf(step).condition as ReturnCondition;
    const ticket = await this.services.care.openReturn({
      customerId: info.customerId,
      email: info.customerId ? null : email,
      conversationId: info.conversation.id,
      order,
      lines: chosen,
      condition,
    });
    let to = '';
    if (info.customerId) {
      const profile = await this.services.profiles.get(info.customerId);
      if (profile) to = ` at ${maskEmail(profile.customer.email)}`;
    } else if (email) to = ` at ${maskEmail(email)}`;
    const items = itemsOf(chosen);
    if (condition.kind === 'damaged') {
      await step.context.sendActivity(ReturnTexts.openedDamaged(returnReference(ticket.id), items, to));
      return step.endDialog({} satisfies ChildResult);
    }
    const refund = this.services.policy.refundBusinessDays
      ? ` within ${this.services.policy.refundBusinessDays} business days`
      : '';
    await step.context.sendActivity(
      `Done — I've opened return ${returnReference(ticket.id)} for ${items}. ` +
        `We'll email you a return label${to}; once the parcel reaches us, your refund is issued${refund}.`,
    );
    return step.endDialog({} satisfies ChildResult);
  }

  private isFinalSale(line: OrderLine): boolean {
    return this.finalSale.has(line.sku);
  }
}

/** "the Sundial Oak Wall Clock and the Driftline Pour-Over Set" */
function itemsOf(lines: OrderLine[]): string {
  return joinAnd(lines.map((l) => `the ${itemLabel(l)}`));
}

/** Pieces in the lines (a line of two mugs is two). */
function pieces(lines: OrderLine[]): number {
  return lines.reduce((n, l) => n + l.quantity, 0);
}

function capitalize(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** Beside the item question: which items are final sale, and when they can come back. */
function finalSaleNote(lines: OrderLine[]): string {
  const many = lines.length > 1;
  return `${capitalize(joinAnd(lines.map((l) => `the ${productName(l.name)}`)))} ${many ? 'are' : 'is'} final sale, so ${many ? 'they' : 'it'} can only come back if faulty`;
}

/** A short reference customers can quote: "R-1A2B3C". */
export function returnReference(ticketId: string): string {
  return `R-${ticketId
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 6)
    .toUpperCase()}`;
}
