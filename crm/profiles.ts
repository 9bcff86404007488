/**
 * Customer profiles for personalization: the customer, their recent orders and open tickets, read
 * once and kept for a short while (a conversation asks several times within a minute).
 */
import type { Customer, Order, Store, Ticket } from '../store';

export interface CustomerProfile {
  customer: Customer;
  /** Newest first. */
  recentOrders: Order[];
  /** Open and pending tickets, newest first. */
  openTickets: Ticket[];
}

export interface CustomerProfilesOptions {
  store: Pick<Store, 'customers' | 'orders' | 'tickets'>;
  clock?: () => Date;
  /** How long a profile is reused (default 30 s). Changes made through the bot invalidate it at once. */
  ttlMs?: number;
  /** Profiles kept at most (default 5,000). */
  maxEntries?: number;
  /** Orders read per profile (default 5). */
  recentOrderLimit?: number;
}

export class CustomerProfiles {
  private readonly cache = new Map<string, { at: number; profile: Promise<CustomerProfile | null> }>();
  private readonly clock: () => Date;
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(private readonly options: CustomerProfilesOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.ttlMs = options.ttlMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 5_000;
  }

  async get(customerId: string): Promise<CustomerProfile | null> {
    const now = this.clock().getTime();
    const hit = this.cache.get(customerId);
    if (hit && now - hit.at < this.ttlMs) return hit.profile;
    const profile = this.load(customerId);
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(customerId, { at: now, profile });
    profile.catch(() => this.cache.delete(customerId));
    return profile;
  }

  /** Forget a cached profile (after the bot changed the customer, opened a ticket…). */
  invalidate(customerId: string): void {
    this.cache.delete(customerId);
  }

  private async load(customerId: string): Promise<CustomerProfile | null> {
    const { store } = this.options;
    const customer = await store.customers.get(customerId);
    if (!customer) return null;
    const [recentOrders, openTickets] = await Promise.all([
      store.orders.listByCustomer(customerId, { limit: this.options.recentOrderLimit ?? 5 }),
      store.tickets.listByCustomer(customerId, { status: ['open', 'pending'] }),
    ]);
    return { customer, recentOrders, openTickets };
  }
}

/** "Maya" from "Maya Okafor". */
export function firstName(customer: Pick<Customer, 'name'>): string {
  return customer.name.trim().split(/\s+/)[0] ?? customer.name;
}
