/**
 * Returns and refunds: find the order, check it against the shop's written policy (delivered, inside
 * the window, not final sale), pick the item, confirm it is unused with tags, confirm, and open the
 * return as a ticket. An item that arrived damaged or is faulty is covered used or not (the written
 * policy: photos of the item and the box, then a replacement or a refund, usually without sending it
 * back): it is reported as such, and a person is offered for a replacement.
 */
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Choice } from 'botbuilder-dialogs';
import { daysBetween, type Order, type OrderLine } from '../crm';
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
  | { eligible: true; lines: OrderLine[]; excluded: OrderLine[] }
  | {
      eligible: false;
      reason:
        'not_delivered' | 'processing' | 'already_returned' | 'cancelled' | 'outside_window' | 'final_sale';
      days?: number;
    };

/** Checks an order against the written return policy. */
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
      const lines = order.lines.filter((l) => !isFinalSale(l.sku));
      const excluded = order.lines.filter((l) => isFinalSale(l.sku));
      return lines.length ? { eligible: true, lines, excluded } : { eligible: false, reason: 'final_sale' };
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
  finalSale: (n: string) =>
    `Everything in order ${n} is final sale, which can't be returned unless it's faulty.`,
  whichItem: 'Which item would you like to return?',
  condition: (many: boolean) => `${many ? 'Are they' : 'Is it'} unused, with the tags still on?`,
  conditionNotMet:
    "We can only take back unused items with their tags on, unless they're faulty. If something arrived damaged or faulty, a person from our team can sort it out.",
  confirm: (items: string, n: string) => `Shall I open a return for ${items} from order ${n}?`,
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

/** "yes" (unused with tags), "no", or "damaged" (arrived damaged or faulty, used or not). */
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
        final_sale: () => ReturnTexts.finalSale(order.number),
      };
      const offerPerson = check.reason === 'outside_window' || check.reason === 'final_sale';
      await step.context.sendActivity(
        reply(texts[check.reason](), { quickReplies: offerPerson ? [TALK_TO_A_PERSON] : [] }),
      );
      return step.endDialog({} satisfies ChildResult);
    }
    valuesOf(step).order = order;
    valuesOf(step).email = found.email;
    valuesOf(step).lines = check.lines;
    if (check.lines.length === 1) {
      if (check.excluded.length) await step.context.sendActivity(excludedNote(check.excluded));
      return step.next(check.lines[0].sku);
    }
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
    const note = check.excluded.length ? ` (${excludedNote(check.excluded)})` : '';
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
    valuesOf(step).chosen = choice === ALL ? lines : lines.filter((l) => l.sku === choice);
    const many = (valuesOf(step).chosen as OrderLine[]).reduce((n, l) => n + l.quantity, 0) > 1;
    return step.prompt(PromptIds.returnCondition, {
      prompt: ReturnTexts.condition(many),
      retryPrompt: `Sorry, I didn't catch that. ${ReturnTexts.condition(many)}`,
      choices: [{ value: 'Yes' }, { value: 'No' }],
    });
  }

  private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (topicSwitched(step.context)) return step.endDialog({ reroute: true } satisfies ChildResult);
    const answer = step.result as string | undefined;
    if (answer === 'no') {
      await step.context.sendActivity(
        reply(ReturnTexts.conditionNotMet, { quickReplies: [TALK_TO_A_PERSON] }),
      );
      return step.endDialog({} satisfies ChildResult);
    }
    const order = valuesOf(step).order as Order;
    const items = joinAnd((valuesOf(step).chosen as OrderLine[]).map((l) => `the ${itemLabel(l)}`));
    if (answer === DAMAGED) {
      valuesOf(step).damaged = step.context.activity.text ?? DAMAGED;
      return this.confirmDamaged(step, items, order.number);
    }
    if (answer !== 'yes') {
      await step.context.sendActivity(ReturnTexts.gaveUp);
      return step.endDialog({} satisfies ChildResult);
    }
    return step.prompt(PromptIds.returnConfirm, {
      prompt: ReturnTexts.confirm(items, order.number),
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
    const damaged = valuesOf(step).damaged as string | undefined;
    const ticket = await this.services.care.openReturn({
      customerId: info.customerId,
      email: info.customerId ? null : email,
      conversationId: info.conversation.id,
      order,
      lines: chosen,
      ...(damaged && { reason: `Damaged or faulty; the customer said: "${damaged}". Photos requested.` }),
    });
    let to = '';
    if (info.customerId) {
      const profile = await this.services.profiles.get(info.customerId);
      if (profile) to = ` at ${maskEmail(profile.customer.email)}`;
    } else if (email) to = ` at ${maskEmail(email)}`;
    const items = joinAnd(chosen.map((l) => `the ${itemLabel(l)}`));
    if (damaged) {
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
}

function excludedNote(lines: OrderLine[]): string {
  const names = joinAnd(lines.map((l) => `the ${productName(l.name)}`));
  return `${names.charAt(0).toUpperCase()}${names.slice(1)} ${lines.length > 1 ? 'are' : 'is'} final sale, so ${lines.length > 1 ? 'they' : 'it'} can't be returned.`;
}

/** A short reference customers can quote: "R-1A2B3C". */
export function returnReference(ticketId: string): string {
  return `R-${ticketId
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 6)
    .toUpperCase()}`;
}
