/**
 * Rich replies in Bot Framework shapes: suggested actions (quick replies), receipt cards for orders,
 * hero cards for articles and products.
 */
import {
  ActionTypes,
  CardFactory,
  MessageFactory,
  type Activity,
  type Attachment,
  type CardAction,
} from 'botbuilder';
import type { CatalogueProduct, Order } from '../crm';
import { formatDay, formatMoney, itemLabel, statusLabel } from './text';

/** A quick reply: `title` on the button, `value` sent as the customer's message (defaults to the title). */
export type QuickReply = string | { title: string; value?: string };

export function quickReplyActions(replies: readonly QuickReply[]): CardAction[] {
  return replies.map((r) => {
    const { title, value } =
      typeof r === 'string' ? { title: r, value: r } : { title: r.title, value: r.value ?? r.title };
    return { type: ActionTypes.ImBack, title, value };
  });
}

/** A text message, with quick replies and cards when given. */
export function reply(
  text: string,
  options: { quickReplies?: readonly QuickReply[]; cards?: Attachment[]; carousel?: boolean } = {},
): Partial<Activity> {
  const activity = MessageFactory.text(text);
  if (options.quickReplies?.length)
    activity.suggestedActions = { actions: quickReplyActions(options.quickReplies), to: [] };
  if (options.cards?.length) {
    activity.attachments = options.cards;
    if (options.carousel) activity.attachmentLayout = 'carousel';
  }
  return activity;
}

export function orderCard(order: Order, timeZone = 'UTC'): Attachment {
  const facts = [{ key: 'Status', value: statusLabel(order.status) }];
  if (order.carrier) facts.push({ key: 'Carrier', value: order.carrier });
  if (order.trackingNumber) facts.push({ key: 'Tracking', value: order.trackingNumber });
  if (order.shippedAt) facts.push({ key: 'Shipped', value: formatDay(order.shippedAt, timeZone) });
  if (order.deliveredAt) facts.push({ key: 'Delivered', value: formatDay(order.deliveredAt, timeZone) });
  else if (order.estimatedDelivery && order.status !== 'cancelled')
    facts.push({ key: 'Estimated delivery', value: formatDay(order.estimatedDelivery, timeZone) });
  return CardFactory.receiptCard({
    title: `Order ${order.number}`,
    facts,
    items: order.lines.map((line) => ({
      title: itemLabel({ ...line, quantity: 1 }),
      quantity: String(line.quantity),
      price: formatMoney(line.unitPrice * line.quantity, order.currency),
    })),
    total: formatMoney(order.total, order.currency),
  } as Parameters<typeof CardFactory.receiptCard>[0]);
}

export function articleCard(
  source: { id: string; title: string; link?: string | null },
  excerpt?: string,
): Attachment {
  const buttons = source.link
    ? [{ type: ActionTypes.OpenUrl, title: 'Read the article', value: source.link }]
    : [];
  return CardFactory.heroCard(source.title, excerpt ?? '', [], buttons);
}

export function productCard(product: CatalogueProduct, currency = 'EUR'): Attachment {
  return CardFactory.heroCard(product.name, product.description, [], [], {
    subtitle: formatMoney(product.price, currency),
  });
}
