/**
 * The customer panel of the packet, from the CRM: who they are, tier, lifetime value, recent orders and
 * open tickets. Lifetime value sums orders that were not cancelled or refunded (returns count as lost
 * value too). Cached briefly per customer: a conversation asks on every turn for the policy's risk check.
 */
import type { CustomerProfile } from '../crm';
import type { Order, OrderRepository } from '../store';
import type { CustomerRisk } from './policy';
import type { PacketCustomer } from './types';

export interface CustomerSource {
  snapshot(customerId: string): Promise<PacketCustomer | null>;
}

export interface CrmCustomerSourceOptions {
  /** crm's CustomerProfiles (or anything with the same `get`). */
  profiles: { get(customerId: string): Promise<CustomerProfile | null> };
  orders: Pick<OrderRepository, 'listByCustomer'>;
  clock?: () => Date;
  /** Default 30 s. */
  ttlMs?: number;
  /** Orders summed for lifetime value at most (default 1 000). */
  maxOrders?: number;
  /** Recent orders shown (default 5). */
  recentOrders?: number;
}

const LOST_VALUE: ReadonlySet<Order['status']> = new Set(['cancelled', 'refunded', 'returned']);
const MAX_CACHED = 5_000;

export class CrmCustomerSource implements CustomerSource {
  private readonly cache = new Map<string, { at: number; value: Promise<PacketCustomer | null> }>();
  private readonly clock: () => Date;

  constructor(private readonly options: CrmCustomerSourceOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  snapshot(customerId: string): Promise<PacketCustomer | null> {
    const now = this.clock().getTime();
    const hit = this.cache.get(customerId);
    if (hit && now - hit.at < (this.options.ttlMs ?? 30_000)) return hit.value;
    const value = this.load(customerId);
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(customerId, { at: now, value });
    value.catch(() => this.cache.delete(customerId));
    return value;
  }

  invalidate(customerId: string): void {
    this.cache.delete(customerId);
  }

  private async load(customerId: string): Promise<PacketCustomer | null> {
    const [profile, orders] = await Promise.all([
      this.options.profiles.get(customerId),
      this.options.orders.listByCustomer(customerId, { limit: this.options.maxOrders ?? 1_000 }),
    ]);
    if (!profile) return null;
    return toPacketCustomer(profile, orders, this.options.recentOrders ?? 5);
  }
}

export function toPacketCustomer(
  profile: CustomerProfile,
  allOrders: readonly Order[],
  recent = 5,
): PacketCustomer {
  const counted = allOrders.filter((o) => !LOST_VALUE.has(o.status));
  const currency = allOrders[0]?.currency ?? profile.recentOrders[0]?.currency ?? 'EUR';
  return {
    id: profile.customer.id,
    name: profile.customer.name,
    email: profile.customer.email,
    tier: profile.customer.tier,
    lifetimeValue: counted.filter((o) => o.currency === currency).reduce((sum, o) => sum + o.total, 0),
    currency,
    orderCount: allOrders.length,
    recentOrders: (allOrders.length ? allOrders : profile.recentOrders).slice(0, recent).map((o) => ({
      number: o.number,
      status: o.status,
      total: o.total,
      currency: o.currency,
      placedAt: o.placedAt,
    })),
    openTickets: profile.openTickets.map((t) => ({
      id: t.id,
      subject: t.subject,
      kind: t.kind,
      status: t.status,
      createdAt: t.createdAt,
    })),
  };
}

/** What the policy needs to know about a customer. */
export function riskOf(customer: PacketCustomer): CustomerRisk {
  return {
    tier: customer.tier,
    lifetimeValue: customer.lifetimeValue,
    openTickets: customer.openTickets.length,
    openComplaints: customer.openTickets.filter((t) => t.kind === 'complaint').length,
  };
}
