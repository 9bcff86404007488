import { StoreError } from '../ports';
import {
  applyPatch,
  definedOnly,
  EMAIL_PATTERN,
  isoOrNull,
  normalizeEmail,
  pageLimit,
  pageOffset,
  requireIso,
} from './values';

test('dates are normalised to toISOString form; garbage is invalid', () => {
  expect(isoOrNull('2024-01-05', 'd')).toBe('2024-01-05T00:00:00.000Z');
  expect(isoOrNull('2024-01-05T12:00:00+02:00', 'd')).toBe('2024-01-05T10:00:00.000Z');
  expect(isoOrNull(null, 'd')).toBeNull();
  expect(isoOrNull(undefined, 'd')).toBeNull();
  expect(() => isoOrNull('next tuesday', 'd')).toThrow(StoreError);
  expect(() => requireIso(undefined, 'placedAt')).toThrow(/placedAt is required/);
});

test('emails: normalised to trimmed lower case; the shape check is loose but real', () => {
  expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
  expect(normalizeEmail(null)).toBeNull();
  expect(EMAIL_PATTERN.test('ada@example.com')).toBe(true);
  for (const bad of ['ada', 'ada@', '@example.com', 'ada@example', 'a da@example.com', 'a@b@c.com']) {
    expect(EMAIL_PATTERN.test(bad)).toBe(false);
  }
});

test('page sizes: defaults, caps, and rejects nonsense', () => {
  expect(pageLimit(undefined)).toBe(100);
  expect(pageLimit(undefined, 500)).toBe(500);
  expect(pageLimit(10)).toBe(10);
  expect(pageLimit(10 ** 9)).toBe(5000);
  expect(() => pageLimit(0)).toThrow(StoreError);
  expect(() => pageLimit(1.5)).toThrow(StoreError);
  expect(pageOffset(undefined)).toBe(0);
  expect(() => pageOffset(-1)).toThrow(StoreError);
});

test('patches: undefined means "leave as is", null is a value', () => {
  expect(applyPatch({ a: 1, b: 'x' as string | null }, { a: undefined, b: null })).toEqual({ a: 1, b: null });
  expect(definedOnly({ a: undefined, b: null, c: 0 })).toEqual({ b: null, c: 0 });
});
