/**
 * Demo orders: ten fixed ones for the fixed demo customers (see README.md), then generated ones in
 * every state. Dates are relative to the reference `now`, so "shipped yesterday" stays true whenever
 * the data is seeded.
 *
 * Order numbers are `A` + 4 digits starting at A1001. The fixed orders hold reserved numbers (A1042 is
 * Maya Okafor's parcel that shipped yesterday); generated orders take the remaining numbers from A1001
 * upwards in the order they were placed.
 *
 * Tracking numbers are ours, whatever the carrier: `FT` + 10 digits + the destination's two-letter
 * country code, e.g. `FT4839201734GB`. Every order that has left the warehouse has one (and a carrier
 * and `shippedAt`); orders that have not (processing, cancelled, delayed while awaiting stock) have none.
 */
import type { NewOrder, OrderLine, OrderStatus } from '../../store';
import { demoCatalogue, FINAL_SALE_TAG, SHOP_CURRENCY, type Product } from './catalogue';
import { generateDemoCustomers, type DemoCustomer, type DemoGenerationOptions } from './customers';
import { DAY_MS, DEMO_REFERENCE_DATE, DEMO_SEED, MINUTE_MS, dayAt, iso } from './dates';
import { Rng, deriveSeed } from './random';
import { SHIPPING_RATES, standardShippingFor, type ShippingRegion } from './shop';

/** RegExp source for order numbers (`A1042`). Add the `i` flag to accept "a1042". */
export const ORDER_NUMBER_PATTERN = '\\bA\\d{4}\\b';
/** RegExp source for tracking numbers (`FT4839201734GB`): FT, 10 digits, destination country code. */
export const TRACKING_NUMBER_PATTERN = '\\bFT\\d{10}[A-Z]{2}\\b';

export const ORDER_STATUSES: readonly OrderStatus[] = [
  'processing',
  'shipped',
  'delivered',
  'delayed',
  'returned',
  'refunded',
  'cancelled',
];

/** An order before it is stored: it names its customer by externalId; the seed maps that to an id. */
export type DemoOrder = Omit<NewOrder, 'customerId'> & { customerExternalId: string };

export function formatOrderNumber(n: number): string {
  return `A${String(n).padStart(4, '0')}`;
}

/** The fixed demo orders, by what they are for. */
export const DEMO_ORDER_NUMBERS = {
  /** Maya Okafor: shipped yesterday with Heronway, tracking FT4839201734GB, arriving in 3 days. */
  mayaShippedYesterday: 'A1042',
  /** Maya Okafor: in transit since 10 days ago, late; new estimate in 2 days. */
  mayaDelayed: 'A1043',
  /** Maya Okafor: delivered 16 days ago, still inside the 30-day return window. */
  mayaDeliveredReturnable: 'A1018',
  /** Tomás Reyes: placed 45 minutes ago, still processing (can be changed or cancelled). */
  tomasProcessing: 'A1050',
  /** Tomás Reyes: delivered, returned and refunded. */
  tomasRefunded: 'A1031',
  /** Ingrid Halvorsen: delivered 45 days ago, outside the return window. */
  ingridDeliveredOutsideWindow: 'A1007',
  /** Ingrid Halvorsen: delivered 12 days ago and sent back; the return is awaiting inspection, refund pending. */
  ingridReturned: 'A1024',
  /** Ingrid Halvorsen: cancelled before dispatch. */
  ingridCancelled: 'A1056',
  /** Jonas Weber: delivered 3 days ago (the one to report damaged or missing items on). */
  jonasDeliveredRecently: 'A1061',
  /** Jonas Weber: delayed before dispatch, waiting for the out-of-stock Nightjar tent. */
  jonasDelayedAwaitingStock: 'A1064',
} as const;

export const DEMO_TRACKING_NUMBERS: Readonly<Record<string, string>> = {
  A1042: 'FT4839201734GB',
  A1043: 'FT5520193846GB',
  A1018: 'FT7302918465GB',
  A1031: 'FT6194027358US',
  A1007: 'FT2857104936DK',
  A1024: 'FT9041736285DK',
  A1061: 'FT3618290547DE',
};

/** How many orders the generator adds after the fixed ones, per status. */
export const GENERATED_STATUS_COUNTS: Readonly<Record<OrderStatus, number>> = {
  delivered: 100,
  shipped: 28,
  processing: 18,
  delayed: 16,
  returned: 16,
  refunded: 16,
  cancelled: 16,
};

function product(sku: string): Product {
  const p = demoCatalogue.find((x) => x.sku === sku);
  if (!p) throw new Error(`demo catalogue has no ${sku}`);
  return p;
}

function lineFor(p: Product, variant: string[], quantity = 1): OrderLine {
  return {
    sku: p.sku,
    name: variant.length > 0 ? `${p.name} — ${variant.join(', ')}` : p.name,
    quantity,
    unitPrice: p.price,
  };
}

function fixedLine(sku: string, variant: string[] = [], quantity = 1): OrderLine {
  return lineFor(product(sku), variant, quantity);
}

function totals(region: ShippingRegion, lines: OrderLine[], express = false) {
  const subtotal = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  const shipping = express ? SHIPPING_RATES[region].express : standardShippingFor(region, subtotal);
  return { subtotal, shipping, total: subtotal + shipping, currency: SHOP_CURRENCY };
}

interface FixedOrderSpec {
  number: string;
  customer: DemoCustomer;
  lines: OrderLine[];
  status: OrderStatus;
  placedAt: Date;
  shippedAt?: Date;
  deliveredAt?: Date;
  estimatedDelivery?: Date;
}

function fixedOrder(spec: FixedOrderSpec): DemoOrder {
  const region = spec.customer.region;
  const tracking = spec.shippedAt ? DEMO_TRACKING_NUMBERS[spec.number] : undefined;
  if (spec.shippedAt && !tracking) throw new Error(`fixed order ${spec.number} needs a tracking number`);
  return {
    number: spec.number,
    customerExternalId: spec.customer.externalId,
    lines: spec.lines,
    ...totals(region, spec.lines),
    status: spec.status,
    trackingNumber: tracking ?? null,
    carrier: spec.shippedAt ? SHIPPING_RATES[region].carrier : null,
    placedAt: iso(spec.placedAt),
    shippedAt: spec.shippedAt ? iso(spec.shippedAt) : null,
    deliveredAt: spec.deliveredAt ? iso(spec.deliveredAt) : null,
    estimatedDelivery: spec.estimatedDelivery ? iso(spec.estimatedDelivery) : null,
  };
}

function fixedOrders(now: Date, customers: DemoCustomer[]): DemoOrder[] {
  const by = (externalId: string) => {
    const c = customers.find((x) => x.externalId === externalId);
    if (!c) throw new Error(`fixed demo customer ${externalId} missing`);
    return c;
  };
  const maya = by('cust-1001');
  const tomas = by('cust-1002');
  const ingrid = by('cust-1003');
  const jonas = by('cust-1004');
  const n = DEMO_ORDER_NUMBERS;
  return [
    fixedOrder({
      number: n.mayaShippedYesterday,
      customer: maya,
      lines: [fixedLine('FT-OW-001', ['M', 'Slate']), fixedLine('FT-KN-001', ['Rust'])],
      status: 'shipped',
      placedAt: dayAt(now, 2, 19, 5),
      shippedAt: dayAt(now, 1, 15, 20),
      estimatedDelivery: dayAt(now, -3, 18),
    }),
    fixedOrder({
      number: n.mayaDelayed,
      customer: maya,
      lines: [fixedLine('FT-HM-001', ['Heather Check']), fixedLine('FT-KT-001', ['Sea Green'], 2)],
      status: 'delayed',
      placedAt: dayAt(now, 12, 8, 41),
      shippedAt: dayAt(now, 10, 16, 2),
      estimatedDelivery: dayAt(now, -2, 18),
    }),
    fixedOrder({
      number: n.mayaDeliveredReturnable,
      customer: maya,
      lines: [fixedLine('FT-KN-002', ['L', 'Ecru'])],
      status: 'delivered',
      placedAt: dayAt(now, 20, 12, 30),
      shippedAt: dayAt(now, 20, 16, 45),
      deliveredAt: dayAt(now, 16, 11, 12),
      estimatedDelivery: dayAt(now, 15, 18),
    }),
    fixedOrder({
      number: n.tomasProcessing,
      customer: tomas,
      lines: [fixedLine('FT-FW-001', ['43', 'Basalt'])],
      status: 'processing',
      placedAt: new Date(now.getTime() - 45 * MINUTE_MS),
      estimatedDelivery: dayAt(now, -9, 18),
    }),
    fixedOrder({
      number: n.tomasRefunded,
      customer: tomas,
      lines: [fixedLine('FT-BG-004', ['Black']), fixedLine('FT-AC-003', ['Bluebell'])],
      status: 'refunded',
      placedAt: dayAt(now, 60, 22, 10),
      shippedAt: dayAt(now, 59, 15, 0),
      deliveredAt: dayAt(now, 52, 13, 25),
      estimatedDelivery: dayAt(now, 51, 18),
    }),
    fixedOrder({
      number: n.ingridDeliveredOutsideWindow,
      customer: ingrid,
      lines: [fixedLine('FT-CP-003', ['Regular', 'Teal']), fixedLine('FT-CP-002', ['Copper'])],
      status: 'delivered',
      placedAt: dayAt(now, 50, 9, 55),
      shippedAt: dayAt(now, 50, 15, 30),
      deliveredAt: dayAt(now, 45, 10, 40),
      estimatedDelivery: dayAt(now, 45, 18),
    }),
    fixedOrder({
      number: n.ingridReturned,
      customer: ingrid,
      lines: [fixedLine('FT-OW-003', ['S', 'Ink'])],
      status: 'returned',
      placedAt: dayAt(now, 17, 7, 20),
      shippedAt: dayAt(now, 17, 14, 50),
      deliveredAt: dayAt(now, 12, 12, 5),
      estimatedDelivery: dayAt(now, 12, 18),
    }),
    fixedOrder({
      number: n.ingridCancelled,
      customer: ingrid,
      lines: [fixedLine('FT-KN-003', ['L', 'Lichen']), fixedLine('FT-AC-005', ['Charcoal'])],
      status: 'cancelled',
      placedAt: dayAt(now, 5, 20, 15),
    }),
    fixedOrder({
      number: n.jonasDeliveredRecently,
      customer: jonas,
      lines: [fixedLine('FT-KT-004', ['Ash Glaze']), fixedLine('FT-KT-003')],
      status: 'delivered',
      placedAt: dayAt(now, 7, 11, 0),
      shippedAt: dayAt(now, 7, 15, 10),
      deliveredAt: dayAt(now, 3, 9, 35),
      estimatedDelivery: dayAt(now, 2, 18),
    }),
    fixedOrder({
      number: n.jonasDelayedAwaitingStock,
      customer: jonas,
      lines: [fixedLine('FT-CP-001', ['Fern'])],
      status: 'delayed',
      placedAt: dayAt(now, 6, 18, 45),
      estimatedDelivery: dayAt(now, -10, 18),
    }),
  ];
}

const TIER_WEIGHT = { standard: 1, silver: 2, gold: 3, platinum: 4 } as const;

interface Pools {
  any: Product[];
  current: Product[];
  returnable: Product[];
  outOfStock: Product[];
}

function variantOf(rng: Rng, p: Product): string[] {
  const v: string[] = [];
  if (p.sizes) v.push(rng.pick(p.sizes));
  if (p.colors) v.push(rng.pick(p.colors));
  return v;
}

function randomLines(rng: Rng, pool: Product[], first?: Product): OrderLine[] {
  const count = first
    ? rng.weighted([
        [1, 5],
        [2, 3],
      ])
    : rng.weighted([
        [1, 55],
        [2, 30],
        [3, 15],
      ]);
  const chosen: Product[] = first ? [first] : [];
  while (chosen.length < count) {
    const p = rng.pick(pool);
    if (!chosen.includes(p)) chosen.push(p);
  }
  return chosen.map((p) => {
    const cheap = p.price < 3000;
    const quantity = rng.chance(cheap ? 0.3 : 0.08) ? 2 : 1;
    return lineFor(p, variantOf(rng, p), quantity);
  });
}

interface Timeline {
  placedAt: Date;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  estimatedDelivery: Date | null;
}

/** Dates for one generated order, consistent with its status and the region's transit times. */
function timelineFor(
  rng: Rng,
  now: Date,
  status: OrderStatus,
  transit: number,
  awaitingStock: boolean,
): Timeline {
  const at = (daysAgo: number, fromHour: number, toHour: number) =>
    dayAt(now, daysAgo, rng.int(fromHour, toHour), rng.int(0, 59));
  // An order is picked and shipped the day it is placed or the next one.
  const placedBefore = (shippedDaysAgo: number) => at(shippedDaysAgo + rng.int(0, 1), 6, 13);
  const delivered = (deliveredDaysAgo: number): Timeline => {
    const shippedDaysAgo = deliveredDaysAgo + transit;
    return {
      placedAt: placedBefore(shippedDaysAgo),
      shippedAt: at(shippedDaysAgo, 14, 18),
      deliveredAt: at(deliveredDaysAgo, 8, 17),
      estimatedDelivery: dayAt(now, deliveredDaysAgo - rng.int(0, 1), 18),
    };
  };
  switch (status) {
    case 'processing':
      return {
        placedAt: new Date(now.getTime() - rng.int(10, 30 * 60) * MINUTE_MS),
        shippedAt: null,
        deliveredAt: null,
        estimatedDelivery: dayAt(now, -(transit + 1), 18),
      };
    case 'shipped': {
      const shippedDaysAgo = rng.int(1, Math.max(1, Math.min(3, transit)));
      return {
        placedAt: placedBefore(shippedDaysAgo),
        shippedAt: at(shippedDaysAgo, 14, 18),
        deliveredAt: null,
        estimatedDelivery: dayAt(now, -Math.max(1, transit - shippedDaysAgo), 18),
      };
    }
    case 'delayed': {
      if (awaitingStock) {
        return {
          placedAt: at(rng.int(3, 12), 7, 22),
          shippedAt: null,
          deliveredAt: null,
          estimatedDelivery: dayAt(now, -rng.int(5, 14), 18),
        };
      }
      const shippedDaysAgo = transit + rng.int(3, 8);
      return {
        placedAt: placedBefore(shippedDaysAgo),
        shippedAt: at(shippedDaysAgo, 14, 18),
        deliveredAt: null,
        estimatedDelivery: dayAt(now, -rng.int(1, 4), 18),
      };
    }
    case 'delivered':
      return delivered(rng.int(2, 360 - transit));
    case 'returned':
      // Back at the warehouse, awaiting inspection: the return came in recently.
      return delivered(rng.int(6, 28));
    case 'refunded':
      return delivered(rng.int(15, 330));
    case 'cancelled':
      return {
        placedAt: at(rng.int(1, 365), 6, 23),
        shippedAt: null,
        deliveredAt: null,
        estimatedDelivery: null,
      };
  }
}

function generatedOrders(rng: Rng, now: Date, customers: DemoCustomer[], usedTracking: Set<string>) {
  const pools: Pools = {
    any: [...demoCatalogue],
    current: demoCatalogue.filter((p) => p.inStock),
    returnable: demoCatalogue.filter((p) => !p.tags.includes(FINAL_SALE_TAG)),
    outOfStock: demoCatalogue.filter((p) => !p.inStock),
  };
  const buyers = customers.map((c) => [c, TIER_WEIGHT[c.tier]] as const);
  const schedule = rng.shuffle(
    ORDER_STATUSES.flatMap((s) => Array.from({ length: GENERATED_STATUS_COUNTS[s] }, () => s)),
  );

  const orders: (Omit<DemoOrder, 'number'> & { placed: number })[] = [];
  for (const status of schedule) {
    const customer = rng.weighted(buyers);
    const rate = SHIPPING_RATES[customer.region];
    const express = status !== 'cancelled' && rng.chance(0.1);
    const [minDays, maxDays] = express ? rate.expressDays : rate.standardDays;
    const transit = rng.int(minDays, maxDays);
    const awaitingStock = status === 'delayed' && rng.chance(0.3);

    let lines: OrderLine[];
    if (awaitingStock) lines = randomLines(rng, pools.current, rng.pick(pools.outOfStock));
    else if (status === 'processing' || status === 'shipped' || status === 'delayed')
      lines = randomLines(rng, pools.current);
    else if (status === 'returned' || status === 'refunded') lines = randomLines(rng, pools.returnable);
    else lines = randomLines(rng, pools.any);

    const t = timelineFor(rng, now, status, transit, awaitingStock);
    let trackingNumber: string | null = null;
    if (t.shippedAt) {
      do trackingNumber = `FT${rng.digits(10)}${customer.country}`;
      while (usedTracking.has(trackingNumber));
      usedTracking.add(trackingNumber);
    }
    orders.push({
      customerExternalId: customer.externalId,
      lines,
      ...totals(customer.region, lines, express),
      status,
      trackingNumber,
      carrier: t.shippedAt ? rate.carrier : null,
      placedAt: iso(t.placedAt),
      shippedAt: t.shippedAt ? iso(t.shippedAt) : null,
      deliveredAt: t.deliveredAt ? iso(t.deliveredAt) : null,
      estimatedDelivery: t.estimatedDelivery ? iso(t.estimatedDelivery) : null,
      placed: t.placedAt.getTime(),
    });
  }
  return orders;
}

export interface DemoData {
  customers: DemoCustomer[];
  orders: DemoOrder[];
}

/**
 * Orders for the given customers (fixed demo customers must be among them). Fixed orders first in the
 * result's number order with the generated ones; the whole list is sorted by order number.
 */
export function generateDemoOrders(
  customers: DemoCustomer[],
  options: DemoGenerationOptions = {},
): DemoOrder[] {
  const now = options.now ?? DEMO_REFERENCE_DATE;
  const rng = new Rng(deriveSeed(options.seed ?? DEMO_SEED, 'orders'));
  const fixed = fixedOrders(now, customers);
  const reserved = new Set(fixed.map((o) => o.number));
  const usedTracking = new Set(fixed.flatMap((o) => (o.trackingNumber ? [o.trackingNumber] : [])));
  const fixedIds = new Set(fixed.map((o) => o.customerExternalId));
  const buyers = customers.filter((c) => !fixedIds.has(c.externalId));

  const generated = generatedOrders(rng, now, buyers, usedTracking).sort((a, b) => a.placed - b.placed);
  let next = 1001;
  const numbered: DemoOrder[] = generated.map(({ placed: _placed, ...order }) => {
    while (reserved.has(formatOrderNumber(next))) next++;
    return { number: formatOrderNumber(next++), ...order };
  });
  return [...fixed, ...numbered].sort((a, b) => a.number.localeCompare(b.number));
}

/** Customers and their orders, deterministic for a given seed and `now`. */
export function generateDemoData(options: DemoGenerationOptions = {}): DemoData {
  const customers = generateDemoCustomers(options);
  return { customers, orders: generateDemoOrders(customers, options) };
}

/** Days between two ISO dates, for tests and docs. */
export function daysBetween(fromIso: string, toIso: string): number {
  return (Date.parse(toIso) - Date.parse(fromIso)) / DAY_MS;
}
