import { contrast, ensureContrast, paletteFor, parseHex, SURFACES, textOn } from './contrast';

const ratio = (a: string, b: string): number => contrast(parseHex(a)!, parseHex(b)!);

describe('contrast', () => {
  it('matches the WCAG reference values', () => {
    expect(ratio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(ratio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(ratio('#ffffff', '#ffffff')).toBe(1);
  });

  it('picks the readable text colour for any brand colour', () => {
    expect(textOn(parseHex('#2f4538')!)).toEqual([255, 255, 255]);
    expect(textOn(parseHex('#ffd400')!)).toEqual([0, 0, 0]);
  });

  it.each(['#2f4538', '#ffd400', '#7fdbff', '#ffffff', '#777777', '#e91e63', '#000000', 'nonsense'])(
    'derives an AA palette from %s',
    (brand) => {
      const p = paletteFor(brand);
      expect(ratio(p.onBrand, p.brand)).toBeGreaterThanOrEqual(4.5);
      expect(ratio(p.ink, SURFACES.panel)).toBeGreaterThanOrEqual(4.5);
      expect(ratio(p.ink, SURFACES.bubble)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('keeps a colour that already passes', () => {
    expect(ensureContrast(parseHex('#2f4538')!, parseHex('#ffffff')!)).toEqual([47, 69, 56]);
  });

  it("keeps the stylesheet's fixed colours at AA", () => {
    // Text (4.5:1): body text, muted text, status and queue banners, errors; UI parts (3:1): field borders, stars.
    expect(ratio('#1f2933', SURFACES.bubble)).toBeGreaterThanOrEqual(4.5);
    expect(ratio('#545f6b', SURFACES.panel)).toBeGreaterThanOrEqual(4.5);
    expect(ratio('#545f6b', SURFACES.bubble)).toBeGreaterThanOrEqual(4.5);
    expect(ratio('#5c4300', '#fff4d6')).toBeGreaterThanOrEqual(4.5);
    expect(ratio('#183a6b', '#eaf2ff')).toBeGreaterThanOrEqual(4.5);
    expect(ratio('#b3261e', SURFACES.panel)).toBeGreaterThanOrEqual(4.5);
    expect(ratio('#ffffff', '#b3261e')).toBeGreaterThanOrEqual(4.5);
    expect(ratio('#767f8a', SURFACES.panel)).toBeGreaterThanOrEqual(3);
    expect(ratio('#a15c00', SURFACES.panel)).toBeGreaterThanOrEqual(3);
  });
});
