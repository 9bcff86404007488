/**
 * Demo customers: four fixed, memorable ones first (documented in README.md, used by docs and tests),
 * then generated ones from a seeded PRNG. All emails are at the reserved example domains and all phone
 * numbers are in ranges set aside for fiction (UK 07700 900xxx, US 555-01xx, France 06 39 98 xx xx).
 */
import type { CustomerTier } from '../../store';
import { DEMO_REFERENCE_DATE, DEMO_SEED, dayAt, iso } from './dates';
import { Rng, deriveSeed } from './random';
import { SHIPPING_RATES, type ShippingRegion } from './shop';

export interface DemoCustomer {
  /** The id the shop's own systems use; `cust-1001`, `cust-1002`, … in order. */
  externalId: string;
  name: string;
  email: string;
  phone: string | null;
  tier: CustomerTier;
  consent: boolean;
  createdAt: string;
  /** Where orders ship to (ISO 3166-1 alpha-2); not stored, used to build orders. */
  country: string;
  region: ShippingRegion;
}

export interface DemoGenerationOptions {
  seed?: number;
  now?: Date;
}

/** The fixed demo customers. Their orders are in `DEMO_ORDER_NUMBERS` (orders.ts). */
export const DEMO_CUSTOMERS = {
  maya: { externalId: 'cust-1001', name: 'Maya Okafor', email: 'maya.okafor@example.com' },
  tomas: { externalId: 'cust-1002', name: 'Tomás Reyes', email: 'tomas.reyes@example.org' },
  ingrid: { externalId: 'cust-1003', name: 'Ingrid Halvorsen', email: 'ingrid.halvorsen@example.net' },
  jonas: { externalId: 'cust-1004', name: 'Jonas Weber', email: 'jonas.weber@example.com' },
} as const;

/** How many customers the generator adds after the fixed ones. */
export const GENERATED_CUSTOMER_COUNT = 52;

function fixedCustomers(now: Date): DemoCustomer[] {
  return [
    {
      ...DEMO_CUSTOMERS.maya,
      phone: '+44 7700 900123',
      tier: 'gold',
      consent: true,
      createdAt: iso(dayAt(now, 730, 10, 14)),
      country: 'GB',
      region: 'uk',
    },
    {
      ...DEMO_CUSTOMERS.tomas,
      phone: '+1 503 555 0142',
      tier: 'standard',
      consent: false,
      createdAt: iso(dayAt(now, 410, 21, 3)),
      country: 'US',
      region: 'us',
    },
    {
      ...DEMO_CUSTOMERS.ingrid,
      phone: null,
      tier: 'platinum',
      consent: true,
      createdAt: iso(dayAt(now, 1180, 8, 47)),
      country: 'DK',
      region: 'eu',
    },
    {
      ...DEMO_CUSTOMERS.jonas,
      phone: null,
      tier: 'silver',
      consent: false,
      createdAt: iso(dayAt(now, 520, 17, 30)),
      country: 'DE',
      region: 'eu',
    },
  ];
}

// prettier-ignore
const FIRST_NAMES = [
  'Amara', 'Lukas', 'Sofia', 'Noah', 'Elif', 'Mateo', 'Hannah', 'Kenji', 'Chloé', 'Ravi',
  'Aoife', 'Jakob', 'Zara', 'Oliver', 'Leila', 'Finn', 'Marta', 'Samuel', 'Yara', 'Theo',
  'Nadia', 'Emil', 'Grace', 'Arjun', 'Freya', 'Luca', 'Imani', 'Hugo', 'Anneke', 'Diego',
  'Saoirse', 'Kwame', 'Lina', 'Pieter', 'Mei', 'Callum', 'Inês', 'Omar', 'Ruth', 'Bram',
];

// prettier-ignore
const LAST_NAMES = [
  'Jansen', 'Müller', 'Dubois', 'Murphy', 'Nielsen', 'Lindqvist', 'García', 'Rossi', 'Novak', 'Costa',
  'Kowalski', 'Hughes', 'Campbell', 'Patel', 'Nguyen', 'Thompson', 'Okonkwo', 'Vermeulen', 'Fischer', 'Laurent',
  'Byrne', 'Andersen', 'Virtanen', 'Silva', 'Bianchi', 'Schmidt', 'Evans', 'Khan', 'Bennett', 'Carter',
  'Alvarez', 'Haddad', 'Sato', 'Mensah', 'de Vries', 'Peeters', 'Moreau', 'Keane', 'Holm', 'Ward',
];

const US_AREA_CODES = ['206', '312', '415', '512', '617', '720', '802', '919'];
const EXAMPLE_DOMAINS = ['example.com', 'example.org', 'example.net'];

/** Generated tiers: a few gold and platinum, mostly standard. */
const TIER_MIX: readonly (readonly [CustomerTier, number])[] = [
  ['platinum', 2],
  ['gold', 5],
  ['silver', 12],
  ['standard', GENERATED_CUSTOMER_COUNT - 19],
];

function emailLocalPart(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

function phoneFor(rng: Rng, country: string): string | null {
  if (rng.chance(0.12)) return null;
  switch (country) {
    case 'GB':
      return `+44 7700 900${String(rng.int(0, 999)).padStart(3, '0')}`;
    case 'US':
      return `+1 ${rng.pick(US_AREA_CODES)} 555 01${String(rng.int(0, 99)).padStart(2, '0')}`;
    case 'FR':
      return `+33 6 39 98 ${String(rng.int(0, 99)).padStart(2, '0')} ${String(rng.int(0, 99)).padStart(2, '0')}`;
    default:
      // No fiction-reserved range we rely on elsewhere: leave it empty.
      return null;
  }
}

/**
 * All demo customers, fixed ones first (cust-1001 … cust-1004), then the generated ones
 * (cust-1005 onwards). Pure and deterministic for a given seed and `now`.
 */
export function generateDemoCustomers(options: DemoGenerationOptions = {}): DemoCustomer[] {
  const now = options.now ?? DEMO_REFERENCE_DATE;
  const rng = new Rng(deriveSeed(options.seed ?? DEMO_SEED, 'customers'));
  const customers = fixedCustomers(now);
  const usedNames = new Set(customers.map((c) => c.name));
  const usedEmails = new Set(customers.map((c) => c.email));

  const tiers = rng.shuffle(TIER_MIX.flatMap(([tier, n]) => Array.from({ length: n }, () => tier)));

  for (let i = 0; i < GENERATED_CUSTOMER_COUNT; i++) {
    let first: string;
    let last: string;
    let name: string;
    do {
      first = rng.pick(FIRST_NAMES);
      last = rng.pick(LAST_NAMES);
      name = `${first} ${last}`;
    } while (usedNames.has(name));
    usedNames.add(name);

    const f = emailLocalPart(first);
    const l = emailLocalPart(last);
    const style = rng.weighted<string>([
      [`${f}.${l}`, 6],
      [`${f}${l}`, 2],
      [`${f[0]}.${l}`, 2],
      [`${f}.${l}${rng.int(1, 99)}`, 1],
    ]);
    let email = `${style}@${rng.pick(EXAMPLE_DOMAINS)}`;
    for (let n = 2; usedEmails.has(email); n++) email = `${style}${n}@${rng.pick(EXAMPLE_DOMAINS)}`;
    usedEmails.add(email);

    const region = rng.weighted<ShippingRegion>([
      ['benelux', 25],
      ['eu', 30],
      ['uk', 25],
      ['us', 20],
    ]);
    const country = region === 'eu' && rng.chance(0.35) ? 'FR' : rng.pick(SHIPPING_RATES[region].countries);

    customers.push({
      externalId: `cust-${1001 + customers.length}`,
      name,
      email,
      phone: phoneFor(rng, country),
      tier: tiers[i],
      consent: rng.chance(0.6),
      // Everyone generated joined more than a year ago, so all their orders come after sign-up.
      createdAt: iso(dayAt(now, rng.int(380, 1400), rng.int(7, 22), rng.int(0, 59))),
      country,
      region,
    });
  }
  return customers;
}
