/**
 * The entity kinds extracted from every message without any setup: every EntityType but `custom:*`
 * (an admin's own lists and patterns). The one description of them for people: the admin API serves
 * it (GET /api/admin/entities/built-in) and the console's Entities page shows it.
 */
import type { EntityType } from './types';

export type BuiltInEntityType = Exclude<EntityType, `custom:${string}`>;

export interface BuiltInEntityKind {
  type: BuiltInEntityType;
  /** What people call it. */
  label: string;
  /** What it matches, in a sentence. */
  matches: string;
  /** A text it is found in, as a customer could write it. */
  example: string;
}

// A record, so a kind added to EntityType without a row here is a type error.
const KINDS: Record<BuiltInEntityType, Omit<BuiltInEntityKind, 'type'>> = {
  order_number: { label: 'Order number', matches: 'The shop’s order numbers', example: 'A1042' },
  tracking_number: {
    label: 'Tracking number',
    matches: 'Parcel tracking numbers',
    example: 'FT1234567890GB',
  },
  email: { label: 'Email', matches: 'Email addresses', example: 'sam@example.com' },
  phone: {
    label: 'Phone',
    matches: 'Phone numbers, with or without a country code',
    example: '+44 20 7946 0958',
  },
  product: {
    label: 'Product',
    matches: 'Product names from the catalogue, even with a typo or only part of the name',
    example: 'rain shell',
  },
  money: { label: 'Amount', matches: 'Sums of money with a currency', example: '€25' },
  date: {
    label: 'Date',
    matches: 'Days, also relative ones, with the time when one is given',
    example: 'next Friday',
  },
  time: { label: 'Time', matches: 'Times of day on their own', example: '3 pm' },
  number: { label: 'Number', matches: 'Numbers in digits or words', example: 'three' },
  person: { label: 'Name', matches: 'People’s names', example: 'Sam Ortega' },
};

/** In the order the console lists them. */
export const BUILT_IN_ENTITY_KINDS: readonly BuiltInEntityKind[] = Object.entries(KINDS).map(
  ([type, kind]) => ({ type: type as BuiltInEntityType, ...kind }),
);
