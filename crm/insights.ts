/** What is worth mentioning about a customer right now: the order they most likely ask about. */
import type { Order, OrderStatus } from '../store';

const DAY_MS = 24 * 60 * 60 * 1000;
const IN_MOTION: readonly OrderStatus[] = ['shipped', 'delayed', 'processing'];

/**
 * The order a customer most likely means by "my order": the newest one still on its way (shipped,
 * delayed, processing); otherwise the newest not cancelled and placed within `recentDays` (default 30); otherwise none.
 * `orders` newest first, as the store lists them.
 */
export function mostRelevantOrder(orders: readonly Order[], now: Date, recentDays = 30): Order | null {
  const moving = orders.find((order) => IN_MOTION.includes(order.status));
  if (moving) return moving;
  const recent = orders.find(
    (order) =>
      order.status !== 'cancelled' && now.getTime() - Date.parse(order.placedAt) <= recentDays * DAY_MS,
  );
  return recent ?? null;
}

/** Delivered orders still inside the return window, newest delivery first. */
export function returnableOrders(orders: readonly Order[], now: Date, windowDays: number): Order[] {
  return orders
    .filter((order) => order.status === 'delivered' && order.deliveredAt !== null)
    .filter((order) => daysBetween(Date.parse(order.deliveredAt!), now.getTime()) <= windowDays)
    .sort((a, b) => Date.parse(b.deliveredAt!) - Date.parse(a.deliveredAt!));
}

/** Whole days from `from` to `to` (fractional days rounded down). */
export function daysBetween(from: number, to: number): number {
  return Math.floor((to - from) / DAY_MS);
}
