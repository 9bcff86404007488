/**
 * Regular-expression extractors: e-mail, phone, order and tracking numbers, money and numbers
 * (digits and English number words). All are linear-time patterns run on text already capped in length.
 */
import type { Money } from './types';

export interface Found {
  start: number;
  end: number;
  value: string | number | Money;
}

function* matches(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    yield m;
  }
}

/** A global copy of `re` (user patterns may come without the `g` flag). */
export function globalCopy(re: RegExp): RegExp {
  return new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
}

export const DEFAULT_ORDER_NUMBER = /\bA\d{4}\b/i;
export const DEFAULT_TRACKING_NUMBER = /\bFT\d{10}[A-Z]{2}\b/i;

/** Matches of an identifier pattern, normalised to upper case. */
export function findIdentifiers(text: string, re: RegExp): Found[] {
  const out: Found[] = [];
  for (const m of matches(re, text))
    out.push({ start: m.index, end: m.index + m[0].length, value: m[0].toUpperCase() });
  return out;
}

const EMAIL_RE =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63})*\.\p{L}{2,24}(?![\p{L}\p{N}-])/gu;

export function findEmails(text: string): Found[] {
  const out: Found[] = [];
  for (const m of matches(EMAIL_RE, text)) {
    let raw = m[0];
    while (raw.startsWith('.')) raw = raw.slice(1);
    const start = m.index + (m[0].length - raw.length);
    out.push({ start, end: start + raw.length, value: raw.toLowerCase() });
  }
  return out;
}

const PHONE_RE = /(?<![\p{L}\p{N}_+])(?:\+|00)?\(?\d(?:[ .\-()]{0,2}\d){6,16}(?![\p{L}\p{N}_])/gu;
const DATE_LIKE = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$|^\d{4}-\d{2}-\d{2}/;

export function findPhones(text: string): Found[] {
  const out: Found[] = [];
  for (const m of matches(PHONE_RE, text)) {
    const raw = m[0];
    const digits = raw.replace(/\D/g, '');
    const international = raw.startsWith('+') || raw.startsWith('00');
    const separated = /[ .\-()]/.test(raw);
    if (digits.length < 7 || digits.length > 15) continue;
    if (!international && !separated && digits.length < 10) continue;
    if (DATE_LIKE.test(raw) || /\d\.\d{1,2}$/.test(raw)) continue; // dates, prices like "1234.50"
    out.push({
      start: m.index,
      end: m.index + raw.length,
      value: international ? `+${raw.startsWith('00') ? digits.slice(2) : digits}` : digits,
    });
  }
  return out;
}

// ---- money -----------------------------------------------------------------------------------------

const SYMBOLS: Record<string, string> = {
  $: 'USD',
  us$: 'USD',
  c$: 'CAD',
  ca$: 'CAD',
  a$: 'AUD',
  au$: 'AUD',
  r$: 'BRL',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '₹': 'INR',
  '₩': 'KRW',
  '₽': 'RUB',
  '₺': 'TRY',
};
const CURRENCY_WORDS: Record<string, string> = {
  usd: 'USD',
  eur: 'EUR',
  gbp: 'GBP',
  cad: 'CAD',
  aud: 'AUD',
  jpy: 'JPY',
  chf: 'CHF',
  inr: 'INR',
  dollar: 'USD',
  dollars: 'USD',
  buck: 'USD',
  bucks: 'USD',
  euro: 'EUR',
  euros: 'EUR',
  pound: 'GBP',
  pounds: 'GBP',
  quid: 'GBP',
  yen: 'JPY',
  rupee: 'INR',
  rupees: 'INR',
  franc: 'CHF',
  francs: 'CHF',
};

const AMOUNT = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:[.,]\d{1,2})?)`;
const SCALE = String.raw`(?:\s?(k|m|bn|thousand|million|billion)\b)?`;
const SYMBOL = String.raw`(US\$|CA?\$|AU?\$|R\$|[$€£¥₹₩₽₺])`;
const CODES = String.raw`(usd|eur|gbp|cad|aud|jpy|chf|inr|dollars?|bucks?|euros?|pounds?|quid|yen|rupees?|francs?)`;
const MONEY_SYMBOL_FIRST = new RegExp(String.raw`(?<![\p{L}\p{N}])${SYMBOL}\s?${AMOUNT}${SCALE}`, 'giu');
const MONEY_CODE_FIRST = new RegExp(
  String.raw`\b(USD|EUR|GBP|CAD|AUD|JPY|CHF|INR)\s?${AMOUNT}${SCALE}`,
  'giu',
);
const MONEY_AMOUNT_FIRST = new RegExp(
  String.raw`(?<![\p{L}\p{N}.,])${AMOUNT}${SCALE}\s?(?:([€£$¥₹₩₽₺])|${CODES}\b)`,
  'giu',
);

function parseAmount(raw: string, scale: string | undefined): number {
  let value: number;
  if (/^\d{1,3}(?:,\d{3})+/.test(raw)) value = Number(raw.replace(/,/g, ''));
  else value = Number(raw.replace(',', '.'));
  const s = scale?.toLowerCase();
  const factor =
    s === 'k' || s === 'thousand'
      ? 1e3
      : s === 'm' || s === 'million'
        ? 1e6
        : s === 'bn' || s === 'billion'
          ? 1e9
          : 1;
  return Math.round(value * factor * 100) / 100;
}

export function findMoney(text: string): Found[] {
  const out: Found[] = [];
  const push = (start: number, end: number, amount: number, currency: string) => {
    for (const f of out) if (start < f.end && f.start < end) return;
    if (Number.isFinite(amount)) out.push({ start, end, value: { amount, currency } });
  };
  for (const m of matches(MONEY_SYMBOL_FIRST, text)) {
    push(m.index, m.index + m[0].length, parseAmount(m[2], m[3]), SYMBOLS[m[1].toLowerCase()] ?? 'USD');
  }
  for (const m of matches(MONEY_CODE_FIRST, text)) {
    push(m.index, m.index + m[0].length, parseAmount(m[2], m[3]), m[1].toUpperCase());
  }
  for (const m of matches(MONEY_AMOUNT_FIRST, text)) {
    const currency = m[3] ? SYMBOLS[m[3]] : CURRENCY_WORDS[m[4].toLowerCase()];
    push(m.index, m.index + m[0].length, parseAmount(m[1], m[2]), currency);
  }
  // Amounts in words: "twenty dollars", "a hundred bucks".
  for (const w of findWordNumbers(text)) {
    const after = /^\s?(usd|eur|gbp|dollars?|bucks?|euros?|pounds?|quid|yen|rupees?|francs?)\b/i.exec(
      text.slice(w.end),
    );
    if (after)
      push(w.start, w.end + after[0].length, w.value as number, CURRENCY_WORDS[after[1].toLowerCase()]);
  }
  return out.sort((a, b) => a.start - b.start);
}

// ---- numbers ---------------------------------------------------------------------------------------

const DIGIT_NUMBER_RE =
  /(?<![\p{L}\p{N}_])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(st|nd|rd|th)?(?![\p{L}\p{N}_]|[.,]\d)/gu;

export function findDigitNumbers(text: string): Found[] {
  const out: Found[] = [];
  for (const m of matches(DIGIT_NUMBER_RE, text)) {
    const value = Number(m[1].replace(/,/g, ''));
    if (Number.isFinite(value)) out.push({ start: m.index, end: m.index + m[0].length, value });
  }
  return out;
}

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9 };
const WORD_NUMBER_RE =
  /\b(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|zero|hundred|thousand|million|billion)(?:[\s-]+(?:and[\s-]+)?|\b))+/gi;
/** Cheap test before {@link findWordNumbers}. */
export const HAS_NUMBER_WORD =
  /\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|zero|one)\b/i;

/** English number words: "two", "twenty-five", "a hundred and fifty". A lone "one" or "a" is not a number. */
export function findWordNumbers(text: string): Found[] {
  if (!HAS_NUMBER_WORD.test(text)) return [];
  const out: Found[] = [];
  for (const m of matches(WORD_NUMBER_RE, text)) {
    const raw = m[0].replace(/[\s-]+(?:and[\s-]+)?$/i, '').replace(/[\s-]+and$/i, '');
    const words = raw
      .toLowerCase()
      .split(/[\s-]+/)
      .filter((w) => w !== 'and');
    // Trim a leading "a" that is not "a hundred/thousand…", and trailing articles ("one a few…").
    while (words.length && words[0] === 'a' && !(words[1] && SCALES[words[1]])) words.shift();
    while (words.length && words[words.length - 1] === 'a') words.pop();
    if (
      words.length === 0 ||
      (words.length === 1 && (words[0] === 'one' || words[0] === 'a' || SCALES[words[0]]))
    )
      continue;
    let total = 0;
    let current = 0;
    for (const w of words) {
      if (w === 'a') current = 1;
      else if (UNITS[w] !== undefined) current += UNITS[w];
      else if (w === 'hundred') current = (current || 1) * 100;
      else {
        total += (current || 1) * SCALES[w];
        current = 0;
      }
    }
    const lowerMatch = m[0].toLowerCase();
    const start = m.index + lowerMatch.indexOf(words[0]);
    const lastWord = words[words.length - 1];
    const end = m.index + lowerMatch.lastIndexOf(lastWord) + lastWord.length;
    out.push({ start, end, value: total + current });
  }
  return out;
}
