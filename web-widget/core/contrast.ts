/**
 * WCAG 2.x contrast: relative luminance, contrast ratio, and colours derived from a site's brand
 * colour so every text/background pair the widget draws reaches AA (4.5:1 for text, 3:1 for UI parts).
 */
export type Rgb = readonly [number, number, number];

const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;

export function parseHex(hex: string): Rgb | null {
  const match = HEX.exec(hex.trim());
  if (!match) return null;
  let digits = match[1];
  if (digits.length === 3) digits = [...digits].map((d) => d + d).join('');
  const n = parseInt(digits, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function luminance([r, g, b]: Rgb): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];

/** White or black, whichever reads better on `background` (always at least 4.58:1). */
export function textOn(background: Rgb): Rgb {
  return contrast(WHITE, background) >= contrast(BLACK, background) ? WHITE : BLACK;
}

/** `colour` darkened (or lightened, on dark backgrounds) in small steps until it reaches `ratio` on `background`. */
export function ensureContrast(colour: Rgb, background: Rgb, ratio = 4.5): Rgb {
  const target = luminance(background) > 0.18 ? BLACK : WHITE;
  let current = colour;
  for (let step = 1; step <= 20 && contrast(current, background) < ratio; step++) {
    const t = step / 20;
    current = [0, 1, 2].map((i) => colour[i] + (target[i] - colour[i]) * t) as unknown as Rgb;
  }
  return current.map(Math.round) as unknown as Rgb;
}

export interface ThemePalette {
  /** The brand colour, as configured: header, launcher and the customer's bubbles. */
  brand: string;
  /** Text on the brand colour. */
  onBrand: string;
  /** The brand colour made dark enough for text, borders and focus rings on the widget's light surfaces. */
  ink: string;
}

/** The light surfaces the widget draws text on (panel and bot bubble); `ink` must pass on both. */
export const SURFACES = { panel: '#ffffff', bubble: '#eef1f4' } as const;

export function paletteFor(brandHex: string, fallback = '#2f4538'): ThemePalette {
  const brand = parseHex(brandHex) ?? parseHex(fallback)!;
  const bubble = parseHex(SURFACES.bubble)!;
  return {
    brand: toHex(brand),
    onBrand: toHex(textOn(brand)),
    ink: toHex(ensureContrast(brand, bubble, 4.5)),
  };
}
