export type EntityType =
  | 'person'
  | 'date'
  | 'time'
  | 'money'
  | 'number'
  | 'email'
  | 'phone'
  | 'order_number'
  | 'tracking_number'
  | 'product'
  /** An admin's own list or pattern (nlp/entities/custom.ts). */
  | `custom:${string}`;

export interface Money {
  amount: number;
  /** ISO 4217 code ("USD", "EUR", "GBP", …). */
  currency: string;
}

export interface Entity {
  type: EntityType;
  /** The exact text as written; `text === input.slice(start, end)`. */
  text: string;
  /** UTF-16 offsets into the input. */
  start: number;
  end: number;
  /**
   * - date: `YYYY-MM-DD` (the day, or the first day of a week/month/year), or `YYYY-MM-DDTHH:mm` when a
   *   time of day is attached ("tomorrow at 3pm"); wall-clock time in `options.timeZone`.
   * - time: `YYYY-MM-DDTHH:mm` on the reference day.
   * - money: `{ amount, currency }`. number: the number.
   * - email: lower case. phone: digits, with a leading `+` when written internationally.
   * - order_number / tracking_number: upper case. person: the name with single spaces.
   * - product: the catalogue SKU (the catalogue name is in `canonical`).
   */
  value: string | number | Money;
  /** For products: the catalogue name that matched. */
  canonical?: string;
}

export interface CatalogueItem {
  sku: string;
  name: string;
}
