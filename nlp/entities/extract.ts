/**
 * Entity extraction for customer messages.
 *
 * Cheap extractors run on every message: regular expressions for e-mail, phone, order and tracking
 * numbers, money and numbers; our fast date/time resolver; the product gazetteer. compromise (about a
 * millisecond per call) runs only when a cheap pre-check says it may find something the others cannot:
 * a capitalised word that compromise knows as a first or last name, or an introduction ("my name is …");
 * or date-like words left over after the fast resolver ("end of the month", "Christmas").
 *
 * Overlaps are resolved by priority (e-mail > tracking > order > money > date/time > phone > product >
 * person > number), so the digits inside "A1234" or "$45.99" are never reported again as numbers.
 *
 * Bad input: non-strings give []; text is cut to the first {@link MAX_ENTITY_CHARS} characters and
 * control characters are read as spaces (offsets still index the original string); an invalid
 * `referenceDate` means no date or time entities. Never throws.
 */
import { blankControls } from '../text';
import { findDates, needsDateFallback, referenceIn, type Reference } from './dates';
import { findDatesWithCompromise, findPeople, personNameWords } from './compromise';
import type { ProductGazetteer } from './gazetteer';
import {
  DEFAULT_ORDER_NUMBER,
  DEFAULT_TRACKING_NUMBER,
  findDigitNumbers,
  findEmails,
  findIdentifiers,
  findMoney,
  findPhones,
  findWordNumbers,
  globalCopy,
} from './patterns';
import type { Entity, EntityType } from './types';

/** Only this many leading characters are analysed. */
export const MAX_ENTITY_CHARS = 2000;

export interface ExtractOptions {
  /** "Today" for relative dates; required so results are deterministic. */
  referenceDate: Date;
  /** IANA time zone in which dates are read and written (default "UTC"). */
  timeZone?: string;
  /** How to read "03/04/2024": month first (default, as compromise-dates does) or day first. */
  dateOrder?: 'mdy' | 'dmy';
  patterns?: {
    /** Default `\bA\d{4}\b`, case-insensitive; matches are upper-cased. */
    orderNumber?: RegExp;
    /** Default `\bFT\d{10}[A-Z]{2}\b`, case-insensitive; matches are upper-cased. */
    trackingNumber?: RegExp;
  };
  gazetteer?: ProductGazetteer;
  /** Allow compromise for people and unusual dates (default true). False: regex and fast paths only. */
  useCompromise?: boolean;
}

const PRIORITY: Record<EntityType, number> = {
  email: 0,
  tracking_number: 1,
  order_number: 2,
  money: 3,
  date: 4,
  time: 4,
  phone: 5,
  product: 6,
  person: 7,
  number: 8,
};

const CAPITALISED_RE = /\b[A-Z][a-z]+(?:['-][A-Za-z][a-z]+)?\b/g;
const INTRO_RE =
  /\b(?:my name is|my name's|name is|this is|i am|i'm|im|call me|speak (?:to|with)|talk (?:to|with)|ask(?:ed)? for|mr|mrs|ms|miss|dr)\.?\s+([A-Za-z][a-z]+)/gi;
const INTRO_STOP = new Set([
  'a',
  'an',
  'the',
  'not',
  'so',
  'very',
  'still',
  'just',
  'really',
  'your',
  'my',
  'you',
  'someone',
  'somebody',
  'anyone',
  'a',
  'human',
  'agent',
  'person',
  'manager',
  'support',
  'sure',
  'going',
  'trying',
  'looking',
  'having',
  'getting',
  'waiting',
  'good',
  'fine',
  'happy',
  'sorry',
  'unable',
  'ridiculous',
  'unacceptable',
  'about',
  'it',
]);
const DEADLINE = /^\s*(?:by|until|till|before)\s/i;
const LEADING_PREPOSITION = /^(?:on|at|by|until|till|before|after|since|from|for)\s+/i;
const TIME_ONLY =
  /^(?:(?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)?\s?[ap]\.?m\.?|(?:[01]?\d|2[0-3]):[0-5]\d|noon|midday|midnight)$/i;

interface Candidate {
  type: EntityType;
  start: number;
  end: number;
  value: Entity['value'];
  canonical?: string;
}

const globalPatterns = new WeakMap<RegExp, RegExp>();
function asGlobal(re: RegExp): RegExp {
  let g = globalPatterns.get(re);
  if (!g) {
    g = globalCopy(re);
    globalPatterns.set(re, g);
  }
  return g;
}

function mightHavePerson(residual: string, names: Set<string>): boolean {
  CAPITALISED_RE.lastIndex = 0;
  for (let m = CAPITALISED_RE.exec(residual); m !== null; m = CAPITALISED_RE.exec(residual)) {
    if (names.has(m[0].toLowerCase())) return true;
  }
  INTRO_RE.lastIndex = 0;
  for (let m = INTRO_RE.exec(residual); m !== null; m = INTRO_RE.exec(residual)) {
    const word = m[1];
    if (INTRO_STOP.has(word.toLowerCase())) continue;
    if (names.has(word.toLowerCase()) || /^[A-Z]/.test(word)) return true;
  }
  return false;
}

function titleCase(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}

function trimSpan(text: string, start: number, end: number, leading?: RegExp): [number, number] {
  while (end > start && /[\s.,;:!?)"']/.test(text[end - 1])) end--;
  while (start < end && /[\s("']/.test(text[start])) start++;
  if (leading) {
    const m = leading.exec(text.slice(start, end));
    if (m && m[0].length < end - start) start += m[0].length;
  }
  return [start, end];
}

function blank(text: string, spans: readonly { start: number; end: number }[]): string {
  if (spans.length === 0) return text;
  const chars = text.split('');
  for (const s of spans) for (let i = s.start; i < s.end; i++) chars[i] = ' ';
  return chars.join('');
}

export function extractEntities(input: string, options: ExtractOptions): Entity[] {
  if (typeof input !== 'string' || input.length === 0) return [];
  try {
    return extract(input, options ?? ({} as ExtractOptions));
  } catch {
    // Extraction is best effort: a failure in one message must never break the turn.
    return [];
  }
}

function extract(input: string, options: ExtractOptions): Entity[] {
  const capped = input.length > MAX_ENTITY_CHARS ? input.slice(0, MAX_ENTITY_CHARS) : input;
  const text = blankControls(capped);
  if (text.trim() === '') return [];

  const candidates: Candidate[] = [];
  const push = (type: EntityType, found: { start: number; end: number; value: Entity['value'] }[]) => {
    for (const f of found) candidates.push({ type, start: f.start, end: f.end, value: f.value });
  };
  const hasAt = text.includes('@');
  const hasDigit = /\d/.test(text);

  if (hasAt) push('email', findEmails(text));
  const tracking = asGlobal(options.patterns?.trackingNumber ?? DEFAULT_TRACKING_NUMBER);
  const order = asGlobal(options.patterns?.orderNumber ?? DEFAULT_ORDER_NUMBER);
  push('tracking_number', findIdentifiers(text, tracking));
  push('order_number', findIdentifiers(text, order));
  push('money', findMoney(text));

  const reference: Reference | undefined =
    options.referenceDate instanceof Date && Number.isFinite(options.referenceDate.getTime())
      ? referenceIn(options.referenceDate, options.timeZone ?? 'UTC')
      : undefined;
  if (reference) {
    for (const d of findDates(text, reference, options.dateOrder)) candidates.push({ ...d });
  }
  if (hasDigit) push('phone', findPhones(text));
  if (options.gazetteer) {
    for (const p of options.gazetteer.match(text)) {
      candidates.push({ type: 'product', start: p.start, end: p.end, value: p.sku, canonical: p.name });
    }
  }

  // compromise, only when a cheap pre-check asks for it.
  if (options.useCompromise !== false) {
    const residual = blank(text, candidates);
    if (reference && needsDateFallback(residual)) {
      try {
        for (const d of findDatesWithCompromise(text, reference.iso, reference.timeZone)) {
          // "by/until/before X" is a deadline: compromise returns the range from now, we want X.
          const deadline = DEADLINE.test(text.slice(d.start, d.end)) && d.endIso !== undefined;
          const iso = deadline ? (d.endIso as string).slice(0, 10) + 'T00:00' : d.startIso;
          const [start, end] = trimSpan(text, d.start, d.end, LEADING_PREPOSITION);
          if (end <= start) continue;
          const hasTime = iso.slice(11, 16) !== '00:00';
          const timeOnly =
            hasTime && TIME_ONLY.test(text.slice(start, end).replace(/^(?:at|around)\s+/i, ''));
          candidates.push({
            type: timeOnly ? 'time' : 'date',
            start,
            end,
            value: hasTime ? iso.slice(0, 16) : iso.slice(0, 10),
          });
        }
      } catch {
        // compromise failed on this text: keep what the fast paths found
      }
    }
    if (/[A-Za-z]{2}/.test(residual) && mightHavePerson(residual, personNameWords())) {
      try {
        for (const p of findPeople(text)) {
          const [start, end] = trimSpan(text, p.start, p.end);
          if (end <= start) continue;
          candidates.push({ type: 'person', start, end, value: titleCase(text.slice(start, end)) });
        }
      } catch {
        // as above
      }
    }
  }

  if (hasDigit) push('number', findDigitNumbers(text));
  push('number', findWordNumbers(text));

  candidates.sort(
    (a, b) => PRIORITY[a.type] - PRIORITY[b.type] || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: Candidate[] = [];
  for (const c of candidates) {
    if (c.end <= c.start) continue;
    if (!kept.some((k) => c.start < k.end && k.start < c.end)) kept.push(c);
  }
  kept.sort((a, b) => a.start - b.start);
  return kept.map((c) => {
    const entity: Entity = {
      type: c.type,
      text: capped.slice(c.start, c.end),
      start: c.start,
      end: c.end,
      value: c.value,
    };
    if (c.canonical !== undefined) entity.canonical = c.canonical;
    return entity;
  });
}
