/**
 * Telling a verified customer's recent orders apart: the one holding a product the message names
 * ("my tent order"), and the quick reply that lists an order ("A1043 · Corrie Wool Throw +1").
 * Pure: the caller passes orders it may show (a verified customer's own).
 */
import { productName, type Order } from '../crm';
import { normalize } from './text';
import type { Understanding } from './understanding';

/** The one order with a line the message names (by catalogue entity or by a word of its name); else null. */
export function orderHoldingNamedProduct(
  orders: readonly Order[],
  u: Pick<Understanding, 'text' | 'found'>,
): Order | null {
  const skus = new Set(u.found.filter((e) => e.type === 'product').map((e) => String(e.value)));
  const words = new Set(contentWords(u.text));
  if (!skus.size && !words.size) return null;
  const matching = orders.filter((o) =>
    o.lines.some((l) => skus.has(l.sku) || contentWords(productName(l.name)).some((w) => words.has(w))),
  );
  return matching.length === 1 ? matching[0] : null;
}

/** Words worth matching against product names: lower case, four letters or more, plural "s" dropped. */
function contentWords(text: string): string[] {
  return normalize(text)
    .split(/[\s-]+/)
    .filter((w) => w.length >= 4 && /^\p{L}+$/u.test(w) && !COMMON_WORDS.has(w))
    .map((w) => (w.length > 4 && w.endsWith('s') ? w.slice(0, -1) : w));
}

/** Words of customers' messages that say nothing about which product they mean. */
const COMMON_WORDS = new Set([
  'order',
  'orders',
  'what',
  'where',
  'when',
  'still',
  'hasnt',
  'havent',
  'didnt',
  'doesnt',
  'arrived',
  'shipped',
  'with',
  'about',
  'that',
  'this',
  'want',
  'return',
  'from',
  'have',
  'please',
  'item',
  'items',
  'thing',
  'help',
  'need',
  'your',
  'mine',
  'there',
  'here',
  'just',
  'some',
  'them',
  'they',
  'other',
  'another',
  'also',
]);

/** "A1043 · Corrie Wool Throw +1" on the quick reply; the number is what is sent. */
export function pickReply(order: Order): { title: string; value: string } {
  const [first, ...rest] = order.lines;
  const what = first ? ` · ${productName(first.name)}${rest.length ? ` +${rest.length}` : ''}` : '';
  return { title: `${order.number}${what}`, value: order.number };
}
