/** Wording helpers: dates relative to "now", money, order summaries, and reading short answers. */
import type { Order } from '../crm';
import { productName } from '../crm';

const DAY_MS = 24 * 60 * 60 * 1000;

const dayFormats = new Map<string, Intl.DateTimeFormat>();
const ymdFormats = new Map<string, Intl.DateTimeFormat>();

function formatFor(
  cache: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
) {
  let format = cache.get(timeZone);
  if (!format) cache.set(timeZone, (format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone })));
  return format;
}

/** Calendar-day number of an instant in a time zone (for "yesterday", "in 3 days"). */
function dayNumber(instant: Date, timeZone: string): number {
  const parts = formatFor(ymdFormats, timeZone, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Math.round(Date.UTC(get('year'), get('month') - 1, get('day')) / DAY_MS);
}

/** "Wednesday 4 November" */
export function formatDay(instant: Date | string, timeZone = 'UTC'): string {
  return formatFor(dayFormats, timeZone, { weekday: 'long', day: 'numeric', month: 'long' }).format(
    new Date(instant),
  );
}

/** "today", "yesterday", "3 days ago", "tomorrow", "in 2 days" (calendar days in the time zone). */
export function relativeDay(instant: Date | string, now: Date, timeZone = 'UTC'): string {
  const diff = dayNumber(new Date(instant), timeZone) - dayNumber(now, timeZone);
  if (diff === 0) return 'today';
  if (diff === -1) return 'yesterday';
  if (diff === 1) return 'tomorrow';
  return diff < 0 ? `${-diff} days ago` : `in ${diff} days`;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** "€178.00" */
export function formatMoney(minor: number, currency = 'EUR'): string {
  let format = moneyFormats.get(currency);
  if (!format)
    moneyFormats.set(currency, (format = new Intl.NumberFormat('en-GB', { style: 'currency', currency })));
  return format.format(minor / 100);
}

/** "Harbor Rain Shell (M, Slate)" from "Harbor Rain Shell — M, Slate"; quantities above one are shown. */
export function itemLabel(line: { name: string; quantity: number }): string {
  const [name, variant] = line.name.split(' — ');
  const label = variant ? `${name} (${variant})` : name;
  return line.quantity > 1 ? `${line.quantity} × ${label}` : label;
}

export function listItems(lines: { name: string; quantity: number }[]): string {
  return joinAnd(lines.map(itemLabel));
}

export function joinAnd(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** A short phrase for "is this about that one?": "order A1042 shipped yesterday". */
export function orderHeadline(order: Order, now: Date, timeZone = 'UTC'): string {
  const n = `order ${order.number}`;
  switch (order.status) {
    case 'processing':
      return `${n} is being prepared`;
    case 'shipped':
      return `${n} shipped ${relativeDay(order.shippedAt ?? order.placedAt, now, timeZone)}`;
    case 'delayed':
      return `${n} is running late`;
    case 'delivered':
      return `${n} was delivered ${relativeDay(order.deliveredAt ?? order.placedAt, now, timeZone)}`;
    case 'returned':
      return `your return of ${n} is being checked`;
    case 'refunded':
      return `${n} was refunded`;
    case 'cancelled':
      return `${n} was cancelled`;
  }
}

/** The full status answer for an order, plain text (cards repeat it for channels that show them). */
export function describeOrder(order: Order, now: Date, timeZone = 'UTC', refundDays = '5–10'): string {
  const n = `Order ${order.number}`;
  const eta = order.estimatedDelivery ? formatDay(order.estimatedDelivery, timeZone) : null;
  const tracking = order.trackingNumber ? ` Tracking number: ${order.trackingNumber}.` : '';
  const items = ` Items: ${listItems(order.lines)}.`;
  const shipped = order.shippedAt ? relativeDay(order.shippedAt, now, timeZone) : null;
  switch (order.status) {
    case 'processing':
      return `${n} is being prepared and hasn't left our warehouse yet.${eta ? ` Estimated delivery: ${eta}.` : ''}${items} It can still be changed or cancelled.`;
    case 'shipped':
      return `${n} shipped ${shipped}${order.carrier ? ` with ${order.carrier}` : ''}.${tracking}${eta ? ` Estimated delivery: ${eta}.` : ''}${items}`;
    case 'delayed':
      return order.shippedAt
        ? `${n} is running late, sorry about that. It shipped ${shipped}${order.carrier ? ` with ${order.carrier}` : ''}.${tracking}${eta ? ` The new estimate is ${eta}.` : ''}${items}`
        : `${n} is delayed: it hasn't shipped yet because an item is waiting for stock, sorry about that.${eta ? ` The new estimate is ${eta}.` : ''}${items}`;
    case 'delivered':
      return `${n} was delivered ${relativeDay(order.deliveredAt ?? order.placedAt, now, timeZone)}${order.deliveredAt ? ` (${formatDay(order.deliveredAt, timeZone)})` : ''}.${items}`;
    case 'returned':
      return `We've received the return of order ${order.number} and it's being checked; the refund follows within ${refundDays} business days after that.${items}`;
    case 'refunded':
      return `${n} was returned and refunded (${formatMoney(order.total, order.currency)}).${items}`;
    case 'cancelled':
      return `${n} was cancelled before it shipped, so you haven't been charged for it.${items}`;
  }
}

export function statusLabel(status: Order['status']): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}

export { productName };

/** Lower case, punctuation and extra space removed: "Yes, please!" → "yes please". */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^\p{L}\p{N}@.\s-]/gu, ' ')
    .replace(/[.-]+(\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const YES = [
  'yes',
  'y',
  'yeah',
  'yep',
  'yup',
  'sure',
  'ok',
  'okay',
  'correct',
  'right',
  'please do',
  'go ahead',
  'do it',
  'that one',
  'yes please',
  'absolutely',
  'definitely',
  'it is',
  'i am',
  'they are',
];
const NO = [
  'no',
  'n',
  'nope',
  'nah',
  'not really',
  'no thanks',
  'no thank you',
  'dont',
  'do not',
  'its not',
  'it isnt',
  'they arent',
  'wrong',
  'something else',
  'another order',
  'not that one',
];

/** Reads a yes/no answer: true, false, or undefined when it is neither. */
export function readYesNo(text: string): boolean | undefined {
  const t = normalize(text);
  if (!t) return undefined;
  const starts = (words: string[]) => words.some((w) => t === w || t.startsWith(`${w} `));
  const yes = starts(YES);
  const no = starts(NO);
  if (yes === no) return undefined;
  return yes;
}

const DAMAGE =
  /\b(?:damaged|damage|broken|broke|faulty|fault|defective|defect|cracked|smashed|shattered|dented|torn|ripped|snapped|doesnt work|does not work|dont work|not working|stopped working|wont work|wont turn on|leaks|leaking)\b/;
const NOT_DAMAGED =
  /\b(?:not|isnt|wasnt|arent|werent|never|no)\s+(?:been\s+|at all\s+)?(?:damaged|damage|broken|faulty|faults?|defective|defects?|cracked|torn)\b/;

/**
 * "it arrived broken", "it's damaged", "faulty", "the zip doesn't work": the customer says the item
 * is damaged or faulty (and not "it isn't damaged").
 */
export function readsAsDamaged(text: string): boolean {
  const t = normalize(text);
  return DAMAGE.test(t) && !NOT_DAMAGED.test(t);
}

const OTHER_ORDER =
  /\b(?:an?\s*other|other|different|second|older|earlier)\s+(?:orders?|one|parcel|package|purchase)\b/i;

/** "another order", "what about my other order?", "a different one". */
export function mentionsOtherOrder(text: string): boolean {
  return OTHER_ORDER.test(text);
}

export const ORDER_NUMBER_RE = /\bA\d{4}\b/i;
export const EMAIL_RE = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/i;

export function findOrderNumber(text: string): string | undefined {
  return ORDER_NUMBER_RE.exec(text)?.[0].toUpperCase();
}

export function findEmail(text: string): string | undefined {
  return EMAIL_RE.exec(text)?.[0].toLowerCase();
}

/** "m•••@example.com" */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${local.slice(0, 1)}•••@${domain}`;
}
