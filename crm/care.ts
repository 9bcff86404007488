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

export interface ReturnRequest {
  /** Verified customer, or null for a visitor who proved the order with its email. */
  customerId: string | null;
  /** Contact email for an unverified visitor. */
  email: string | null;
  conversationId: string | null;
  order: Order;
  lines: OrderLine[];
  reason?: string;
}

export class CustomerCare {
  constructor(private readonly options: CustomerCareOptions) {}

  async openReturn(request: ReturnRequest): Promise<Ticket> {
    const items = request.lines.map((line) => `${line.quantity} × ${line.name} (${line.sku})`);
    const ticket = await this.options.store.tickets.create({
      customerId: request.customerId,
      email: request.customerId ? null : request.email,
      conversationId: request.conversationId,
      orderNumber: request.order.number,
      kind: 'return',
      subject: `Return from order ${request.order.number}: ${request.lines.map((l) => productName(l.name)).join(', ')}`,
      body: [
        `Items to return:`,
        ...items.map((i) => `- ${i}`),
        ...(request.reason ? [`Reason: ${request.reason}`] : []),
        `Opened by the chat bot; the customer confirmed the items are unused with tags.`,
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

/** "Harbor Rain Shell" from "Harbor Rain Shell — M, Slate". */
export function productName(lineName: string): string {
  return lineName.split(' — ')[0];
}
