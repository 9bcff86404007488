/**
 * Finding an order for someone in a chat. A verified customer sees only their own orders. An
 * unverified visitor must give the order number and the email on the order; a wrong email looks
 * exactly like a missing order (no enumeration), and attempts are limited per conversation, per email
 * address and per network address.
 */
import type { Order, Store } from '../store';
import { AttemptLimiter } from './attempt-limiter';

export type OrderLookupResult =
  { kind: 'found'; order: Order } | { kind: 'not_found' } | { kind: 'rate_limited'; retryAfterMs: number };

export interface VisitorOrderQuery {
  conversationId: string;
  orderNumber: string;
  email: string;
  /** The client's network address, when the channel knows it. */
  clientAddress?: string;
}

export interface OrderLookupOptions {
  store: Pick<Store, 'orders' | 'customers'>;
  clock?: () => Date;
  /** Attempts per conversation per window (default 5 per 15 minutes). */
  perConversation?: { limit: number; windowMs: number };
  /** Attempts per email address per window (default 10 per hour). */
  perAddress?: { limit: number; windowMs: number };
  /**
   * Attempts per network address per window (default 100 per hour: higher, since many customers can
   * share one address behind a company or carrier NAT).
   */
  perNetwork?: { limit: number; windowMs: number };
}

/** Order numbers as customers write them ("a1042", " A1042 ") in the stored form. */
export function normalizeOrderNumber(text: string): string {
  return text.trim().toUpperCase();
}

export function normalizeEmail(text: string): string {
  return text.trim().toLowerCase();
}

export class OrderLookup {
  private readonly conversations: AttemptLimiter;
  private readonly addresses: AttemptLimiter;
  private readonly networks: AttemptLimiter;

  constructor(private readonly options: OrderLookupOptions) {
    const clock = options.clock;
    this.conversations = new AttemptLimiter({
      ...(options.perConversation ?? { limit: 5, windowMs: 15 * 60_000 }),
      clock,
    });
    this.addresses = new AttemptLimiter({
      ...(options.perAddress ?? { limit: 10, windowMs: 60 * 60_000 }),
      clock,
    });
    this.networks = new AttemptLimiter({
      ...(options.perNetwork ?? { limit: 100, windowMs: 60 * 60_000 }),
      clock,
    });
  }

  /** A verified customer's own order; anyone else's order is reported as not found. */
  async forCustomer(customerId: string, orderNumber: string): Promise<OrderLookupResult> {
    const order = await this.options.store.orders.getByNumber(normalizeOrderNumber(orderNumber));
    return order && order.customerId === customerId ? { kind: 'found', order } : { kind: 'not_found' };
  }

  /** An order for an unverified visitor: number and email must both match. */
  async forVisitor(query: VisitorOrderQuery): Promise<OrderLookupResult> {
    const email = normalizeEmail(query.email);
    const conversationLimit = this.conversations.consume([`conversation:${query.conversationId}`]);
    if (!conversationLimit.allowed)
      return { kind: 'rate_limited', retryAfterMs: conversationLimit.retryAfterMs };
    const addressLimit = this.addresses.consume([`email:${email}`]);
    if (!addressLimit.allowed) return { kind: 'rate_limited', retryAfterMs: addressLimit.retryAfterMs };
    if (query.clientAddress) {
      const networkLimit = this.networks.consume([`ip:${query.clientAddress}`]);
      if (!networkLimit.allowed) return { kind: 'rate_limited', retryAfterMs: networkLimit.retryAfterMs };
    }

    // Two reads either way, so a missing order and a wrong email take the same path and time.
    const order = await this.options.store.orders.getByNumber(normalizeOrderNumber(query.orderNumber));
    const owner = order
      ? await this.options.store.customers.get(order.customerId)
      : await this.options.store.customers.getByEmail(email);
    const matches = order !== null && owner !== null && normalizeEmail(owner.email) === email;
    return matches ? { kind: 'found', order } : { kind: 'not_found' };
  }

  /** Re-reads an order the visitor already proved to own in this conversation (no new attempt counted). */
  async byNumber(orderNumber: string): Promise<Order | null> {
    return this.options.store.orders.getByNumber(normalizeOrderNumber(orderNumber));
  }
}
