/** Order status: find the order (FindOrderDialog), then show status, items, tracking and delivery estimate. */
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { returnableOrders } from '../crm';
import { FindOrderDialog, type FindOrderOptions, type FindOrderResult } from './find-order';
import { orderCard, reply, type QuickReply } from './replies';
import { DialogIds, TALK_TO_A_PERSON, THATS_ALL, type ChildResult } from './results';
import type { DialogServices } from './services';
import { describeOrder } from './text';
import { turnInfoOf } from './turn-info';

export interface OrderStatusOptions {
  orderNumber?: string;
}

export class OrderStatusDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(DialogIds.orderStatus);
    this.addDialog(new FindOrderDialog(services, 'status'));
    this.addDialog(
      new WaterfallDialog('orderStatus.steps', [
        (step) => this.findStep(step),
        (step) => this.showStep(step),
      ]),
    );
    this.initialDialogId = 'orderStatus.steps';
  }

  private async findStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? {}) as OrderStatusOptions;
    return step.beginDialog(DialogIds.findOrder, {
      purpose: 'status',
      orderNumber: options.orderNumber,
    } satisfies FindOrderOptions);
  }

  private async showStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const found = (step.result ?? {}) as FindOrderResult;
    if (found.reroute) return step.endDialog({ reroute: true } satisfies ChildResult);
    const order = found.order;
    if (!order) return step.endDialog({} satisfies ChildResult);
    const { now } = turnInfoOf(step.context);
    const { policy, timeZone } = this.services;
    const quickReplies: QuickReply[] = [];
    if (returnableOrders([order], now, policy.windowDays).length > 0)
      quickReplies.push({
        title: 'Return an item',
        value: `I want to return an item from order ${order.number}`,
      });
    if (order.status === 'delayed') quickReplies.push(TALK_TO_A_PERSON);
    quickReplies.push(THATS_ALL);
    await step.context.sendActivity(
      reply(describeOrder(order, now, timeZone, policy.refundBusinessDays), {
        cards: [orderCard(order, timeZone)],
        quickReplies,
      }),
    );
    return step.endDialog({} satisfies ChildResult);
  }
}
