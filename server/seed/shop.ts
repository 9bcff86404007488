/**
 * The fictional shop the demo data describes: Fellwick & Tarn, outdoor and home goods, one warehouse
 * in the Netherlands, shipping to the EU, the UK and the US. Articles, orders and intents all read
 * their facts (rates, delivery times, carriers, windows) from here so they cannot disagree.
 */

export const DEMO_SHOP = {
  name: 'Fellwick & Tarn',
  domain: 'fellwicktarn.example',
  supportEmail: 'help@fellwicktarn.example',
  privacyEmail: 'privacy@fellwicktarn.example',
  currency: 'EUR',
  warehouse: 'our warehouse in the Netherlands',
  supportHours: 'Monday to Friday 08:00–18:00 and Saturday 10:00–16:00 (Central European Time)',
  /** Orders paid before this hour (CET) on a working day leave the warehouse the same day. */
  dispatchCutoff: '14:00',
  returnWindowDays: 30,
  refundBusinessDays: '5–10',
  warrantyYears: 2,
  giftCardValidityYears: 3,
} as const;

export type ShippingRegion = 'benelux' | 'eu' | 'uk' | 'us';

export interface ShippingRate {
  label: string;
  /** Standard shipping, minor units. */
  standard: number;
  express: number;
  /** Standard shipping is free from this subtotal (minor units). */
  freeOver: number;
  /** Business days after dispatch, [min, max]. */
  standardDays: readonly [number, number];
  expressDays: readonly [number, number];
  carrier: string;
  countries: readonly string[];
}

/** Fictional carriers, one per region; tracking numbers are ours (see TRACKING_NUMBER_PATTERN). */
export const SHIPPING_RATES: Record<ShippingRegion, ShippingRate> = {
  benelux: {
    label: 'Netherlands, Belgium and Luxembourg',
    standard: 495,
    express: 995,
    freeOver: 7500,
    standardDays: [1, 2],
    expressDays: [1, 1],
    carrier: 'Marlow Parcel',
    countries: ['NL', 'BE', 'LU'],
  },
  eu: {
    label: 'Rest of the EU',
    standard: 695,
    express: 1495,
    freeOver: 7500,
    standardDays: [2, 5],
    expressDays: [1, 2],
    carrier: 'Marlow Parcel',
    countries: ['DE', 'FR', 'IE', 'DK', 'SE', 'ES', 'IT', 'AT', 'FI', 'PT'],
  },
  uk: {
    label: 'United Kingdom',
    standard: 795,
    express: 1995,
    freeOver: 12000,
    standardDays: [3, 5],
    expressDays: [2, 2],
    carrier: 'Heronway',
    countries: ['GB'],
  },
  us: {
    label: 'United States',
    standard: 1495,
    express: 2995,
    freeOver: 15000,
    standardDays: [5, 9],
    expressDays: [2, 4],
    carrier: 'Tidewater Express',
    countries: ['US'],
  },
};

export const CARRIERS: readonly string[] = Array.from(
  new Set(Object.values(SHIPPING_RATES).map((r) => r.carrier)),
);

/** Shipping charged on a standard-delivery order with this subtotal. */
export function standardShippingFor(region: ShippingRegion, subtotal: number): number {
  const rate = SHIPPING_RATES[region];
  return subtotal >= rate.freeOver ? 0 : rate.standard;
}

/** "€4.95", "€75" */
export function formatEuros(minor: number): string {
  const whole = minor % 100 === 0;
  return `€${(minor / 100).toFixed(whole ? 0 : 2)}`;
}
