/**
 * Changes the bot makes for a customer: opening a return, changing the account email, passing on a
 * new delivery address. Each one invalidates the cached profile so the next turn sees it.
 */
import type { Customer, Order, OrderLine, Store, Ticket } from '../store';
import type { CustomerProfiles } from './profiles';

export interface CustomerCareOptions {
  store: Pick<Store, 'tickets' | 'customers'>;
  profiles?: CustomerProfiles;
}

/**
 * What the customer said about the items' condition, which is what the team acts on: unused items
 * come back for a refund; damaged or faulty ones are covered used or not (photos, then a replacement
 * or a refund, usually without sending them back).
 */
export type ReturnCondition =
  | { kind: 'unused' }
  /** `words`: the customer's own description, when they gave one (not just "yes"). */
  | { kind: 'damaged'; words?: string };

export interface ReturnRequest {
  /** Verified customer, or null for a visitor who proved the order with its email. */
  customerId: string | null;
  /** Contact email for an unverified visitor. */
  email: string | null;
  conversationId: string | null;
  order: Order;
  lines: OrderLine[];
  condition: ReturnCondition;
}

export class CustomerCare {
  constructor(private readonly options: CustomerCareOptions) {}

  async openReturn(request: ReturnRequest): Promise<Ticket> {
    if (!request.lines.length) throw new Error('a return needs at least one item');
    const { condition } = request;
    if (condition?.kind !== 'unused' && condition?.kind !== 'damaged')
      throw new Error("a return needs the items' condition: unused, or damaged with what the customer said");
    const damaged = condition.kind === 'damaged';
    const items = request.lines.map((line) => `- ${line.quantity} × ${line.name} (${line.sku})`);
    const names = request.lines.map((l) => productName(l.name)).join(', ');
    const ticket = await this.options.store.tickets.create({
      customerId: request.customerId,
      email: request.customerId ? null : request.email,
      conversationId: request.conversationId,
      orderNumber: request.order.number,
      kind: 'return',
      subject: damaged
        ? `Damaged or faulty, order ${request.order.number}: ${names}`
        : `Return from order ${request.order.number}: ${names}`,
      body: [
        damaged ? 'Items reported damaged or faulty:' : 'Items to return:',
        ...items,
        ...(damaged ? damagedLines(condition.words) : [UNUSED_LINE]),
      ].join('\n'),
    });
    if (request.customerId) this.options.profiles?.invalidate(request.customerId);
    return ticket;
  }

  async changeEmail(customerId: string, email: string): Promise<Customer> {
    const customer = await this.options.store.customers.update(customerId, { email });
    this.options.profiles?.invalidate(customerId);
    return customer;
  }

  async requestAddressChange(input: {
    customerId: string;
    conversationId: string | null;
    address: string;
    openOrders: string[];
  }): Promise<Ticket> {
    const ticket = await this.options.store.tickets.create({
      customerId: input.customerId,
      email: null,
      conversationId: input.conversationId,
      orderNumber: input.openOrders[0] ?? null,
      kind: 'other',
      subject: 'Delivery address change',
      body: [
        `New delivery address: ${input.address}`,
        input.openOrders.length
          ? `Apply to orders not yet shipped: ${input.openOrders.join(', ')}`
          : 'No orders waiting to ship.',
        'Confirmed by the customer in chat.',
      ].join('\n'),
    });
    this.options.profiles?.invalidate(input.customerId);
    return ticket;
  }
}

const UNUSED_LINE = 'Opened by the chat bot; the customer confirmed the items are unused with tags.';

function damagedLines(words: string | undefined): string[] {
  const said = words?.trim();
  return [
    said
      ? `Reason: Damaged or faulty; the customer said: "${said}". Photos requested.`
      : 'Reason: Damaged or faulty; the customer confirmed it when asked. Photos requested.',
    // Not "unused with tags": damaged items are covered whatever their condition.
    'Opened by the chat bot. Damaged or faulty items are covered used or not: once the photos are in, send a replacement or a refund, whichever the customer prefers.',
  ];
}

/** "Harbor Rain Shell" from "Harbor Rain Shell — M, Slate". */
export function productName(lineName: string): string {
  return lineName.split(' — ')[0];
}
