/**
 * Fast resolver for the date and time expressions customers use most, without compromise
 * (compromise-dates costs about a millisecond per message; this costs microseconds).
 *
 * Covered: today/tonight/tomorrow/yesterday, the day after tomorrow / before yesterday, weekdays with
 * this/next/last, this/next/last week|weekend|month|year, "N minutes|hours|days|weeks|months|years ago",
 * "in N days…" (N in digits or words; "a few"/"several" read as 3), a month alone ("in April": its first
 * day), "the 14th" (that day of this month or the next), numeric dates with a year or after a
 * preposition ("on 3/12", month first unless `dateOrder` is "dmy"), "the weekend",
 * "March 3rd" / "3 March" / "3rd of March" (optional year), ISO dates, "3pm", "10:30", noon/midnight, and
 * a date next to a time ("tomorrow at 3pm"). Anything else that looks like a date is left to the
 * compromise-dates fallback (see {@link needsDateFallback}).
 *
 * Semantics follow compromise-dates where it is consistent: weekdays are the next occurrence (today
 * included); "next Friday" is Friday of next week and "last Friday" Friday of last week (weeks start on
 * Monday); periods resolve to their first day. A day-and-month without a year takes the last occurrence
 * when the sentence speaks of the past ("I ordered on March 3rd"), the next one when it speaks of the
 * future ("it should arrive by June 1st"), and otherwise the nearest one.
 */

export interface CivilDate {
  y: number;
  m: number; // 1–12
  d: number;
}

export interface FoundDate {
  type: 'date' | 'time';
  start: number;
  end: number;
  value: string;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};
const WEEKDAYS: Record<string, number> = {
  monday: 0,
  tuesday: 1,
  wednesday: 2,
  thursday: 3,
  friday: 4,
  saturday: 5,
  sunday: 6,
};
const COUNTS: Record<string, number> = {
  a: 1,
  an: 1,
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
  couple: 2,
  'a couple': 2,
  'couple of': 2,
  'a couple of': 2,
  // vague quantities, read as three
  few: 3,
  'a few': 3,
  several: 3,
};

const COUNT = String.raw`(\d{1,3}|a\s+couple(?:\s+of)?|couple(?:\s+of)?|a\s+few|few|several|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)`;
const UNIT = String.raw`(minute|min|hour|hr|day|week|fortnight|month|year)s?`;
const MONTH = String.raw`(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)`;

const RE_DAY_AFTER = /\b(?:the\s+)?day\s+(after\s+tomorrow|before\s+yesterday)\b/gi;
const RE_DAYWORD = /\b(today|tonight|tomorrow|tmrw|yesterday)(?:\s+(?:morning|afternoon|evening|night))?\b/gi;
const RE_THIS_PART = /\bthis\s+(?:morning|afternoon|evening)\b/gi;
const RE_WEEKDAY =
  /\b(?:(this|next|last|coming|past)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b(?!s)/gi;
const RE_PERIOD = /\b(this|next|last|coming|past)\s+(week|weekend|month|year)\b/gi;
const RE_AGO = new RegExp(String.raw`\b${COUNT}\s+${UNIT}\s+ago\b`, 'gi');
const RE_IN = new RegExp(String.raw`\bin\s+${COUNT}\s+${UNIT}(?:'?\s+time)?\b`, 'gi');
const RE_MONTH_DAY = new RegExp(
  String.raw`\b${MONTH}\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?`,
  'gi',
);
const RE_DAY_MONTH = new RegExp(
  String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH}\b\.?(?:,?\s+(\d{4})\b)?`,
  'gi',
);
const RE_ISO = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
const RE_NUMERIC_DATE =
  /(?:\b(on|by|until|till|from|since|before|after)\s+)?\b(\d{1,2})([/.])(\d{1,2})(?:\3(\d{4}|\d{2}))?\b(?![/.]\d)/gi;
const RE_MONTH_ONLY =
  /\b(?:(in|from|since|until|till|by|during|of|to|through|this|next|last|early|late|mid)[\s-]+)?(january|february|march|april|may|june|july|august|september|october|november|december)\b(?!\s+\d)/gi;
const RE_ORDINAL_DAY =
  /\b(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))/gi;
const RE_THE_WEEKEND = /\b(?:the|a)\s+weekend\b/gi;
const RE_TIME_AMPM = /\b(1[0-2]|0?[1-9])(?:[:.]([0-5]\d))?\s?([ap])\.?m\b\.?/gi;
const RE_TIME_24 = /\b([01]?\d|2[0-3]):([0-5]\d)\b(?!\s?[ap]\.?m\b)/gi;
const RE_NOON = /\b(noon|midday|midnight)\b/gi;

const PAST_CUE =
  /\b(?:ordered|paid|bought|purchased|received|got|arrived|sent|placed|shipped|delivered|returned|charged|called|emailed|was|were|did|had|came|made|booked|signed|cancell?ed|requested|happened|went|tried|wrote|asked|told|said|left|lost|broke|stopped|started|changed|updated|saw|noticed|contacted|spoke|used|since|ago|last)\b/i;
const FUTURE_CUE =
  /\b(?:will|should|shall|going\s+to|gonna|expect|expected|expecting|arrive|arrives|arriving|deliver|delivers|ship|ships|by|before|until|till|next|upcoming|scheduled|due)\b/i;

const DATE_TIME_GAP = /^\s*(?:at|@|,|around|by|from|on|,\s*at)?\s*$/i;

// ---- civil-date arithmetic (all in UTC, on calendar dates) -------------------------------------

function toUtc(c: CivilDate): Date {
  return new Date(Date.UTC(c.y, c.m - 1, c.d));
}
function fromUtc(d: Date): CivilDate {
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
}
export function addDays(c: CivilDate, days: number): CivilDate {
  return fromUtc(new Date(Date.UTC(c.y, c.m - 1, c.d + days)));
}
function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
export function addMonths(c: CivilDate, months: number): CivilDate {
  const index = c.y * 12 + (c.m - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return { y, m, d: Math.min(c.d, daysInMonth(y, m)) };
}
/** Monday = 0 … Sunday = 6. */
function weekday(c: CivilDate): number {
  return (toUtc(c).getUTCDay() + 6) % 7;
}
function compare(a: CivilDate, b: CivilDate): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
export function formatDate(c: CivilDate): string {
  return `${pad(c.y, 4)}-${pad(c.m)}-${pad(c.d)}`;
}

export interface Reference {
  date: CivilDate;
  /** Minutes since midnight on `date`, wall-clock in `timeZone`. */
  minutes: number;
  /** ISO string of the reference instant, for compromise. */
  iso: string;
  timeZone: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of `instant` in `timeZone` (IANA name; invalid names fall back to UTC). */
export function referenceIn(instant: Date, timeZone = 'UTC'): Reference {
  const time = instant instanceof Date && Number.isFinite(instant.getTime()) ? instant : new Date(0);
  const utcMinutes = time.getUTCHours() * 60 + time.getUTCMinutes();
  if (timeZone === 'UTC')
    return { date: fromUtc(time), minutes: utcMinutes, iso: time.toISOString(), timeZone };
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    try {
      fmt = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        hourCycle: 'h23',
      });
    } catch {
      return { date: fromUtc(time), minutes: utcMinutes, iso: time.toISOString(), timeZone: 'UTC' };
    }
    formatters.set(timeZone, fmt);
  }
  const parts: Record<string, number> = {};
  for (const p of fmt.formatToParts(time)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    date: { y: parts.year, m: parts.month, d: parts.day },
    minutes: (parts.hour % 24) * 60 + parts.minute,
    iso: time.toISOString(),
    timeZone,
  };
}

function count(word: string): number {
  const w = word.toLowerCase().replace(/\s+/g, ' ');
  return /^\d+$/.test(w) ? Number(w) : (COUNTS[w] ?? 1);
}

/** Moves the reference by n units; minutes and hours move the wall-clock time too. */
function shiftRef(ref: Reference, n: number, unit: string): { date: CivilDate; time?: string } {
  const u = unit.toLowerCase();
  if (u === 'minute' || u === 'min' || u === 'hour' || u === 'hr') {
    const minutes = ref.minutes + n * (u === 'hour' || u === 'hr' ? 60 : 1);
    const days = Math.floor(minutes / 1440);
    const inDay = minutes - days * 1440;
    return { date: addDays(ref.date, days), time: hhmm(Math.floor(inDay / 60), inDay % 60) };
  }
  return { date: shift(ref.date, n, u) };
}

function shift(ref: CivilDate, n: number, unit: string): CivilDate {
  switch (unit.toLowerCase()) {
    case 'day':
      return addDays(ref, n);
    case 'week':
      return addDays(ref, 7 * n);
    case 'fortnight':
      return addDays(ref, 14 * n);
    case 'month':
      return addMonths(ref, n);
    default:
      return addMonths(ref, 12 * n);
  }
}

function resolveWeekday(ref: CivilDate, target: number, modifier: string | undefined): CivilDate {
  const today = weekday(ref);
  const mod = modifier?.toLowerCase();
  if (mod === 'next') return addDays(ref, 7 - today + target);
  if (mod === 'last' || mod === 'past') return addDays(ref, -today - 7 + target);
  return addDays(ref, (target - today + 7) % 7);
}

function resolvePeriod(ref: CivilDate, modifier: string, period: string): CivilDate {
  const offset = modifier === 'next' || modifier === 'coming' ? 1 : modifier === 'this' ? 0 : -1;
  const monday = addDays(ref, -weekday(ref));
  switch (period) {
    case 'week':
      return addDays(monday, 7 * offset);
    case 'weekend':
      // The Saturday of this Monday-based week (on a Sunday that is yesterday: the weekend we are in).
      return addDays(monday, 5 + 7 * offset);
    case 'month':
      return addMonths({ y: ref.y, m: ref.m, d: 1 }, offset);
    default:
      return { y: ref.y + offset, m: 1, d: 1 };
  }
}

function resolveDayMonth(
  ref: CivilDate,
  day: number,
  month: number,
  year: number | undefined,
  sentence: string,
): CivilDate | undefined {
  if (year !== undefined) {
    return day <= daysInMonth(year, month) ? { y: year, m: month, d: day } : undefined;
  }
  if (day > daysInMonth(2024, month)) return undefined; // 29 Feb allowed (leap year)
  const make = (y: number): CivilDate => ({ y, m: month, d: Math.min(day, daysInMonth(y, month)) });
  const thisYear = make(ref.y);
  const past = compare(thisYear, ref) <= 0 ? thisYear : make(ref.y - 1);
  const future = compare(thisYear, ref) >= 0 ? thisYear : make(ref.y + 1);
  if (PAST_CUE.test(sentence)) return past;
  if (FUTURE_CUE.test(sentence)) return future;
  const toPast = toUtc(ref).getTime() - toUtc(past).getTime();
  const toFuture = toUtc(future).getTime() - toUtc(ref).getTime();
  return toPast <= toFuture ? past : future;
}

/** A month on its own ("in April", "next March"): its first day, in the year the sentence points to. */
function resolveMonth(
  ref: CivilDate,
  month: number,
  modifier: string | undefined,
  sentence: string,
): CivilDate {
  const mod = modifier?.toLowerCase();
  const next = month > ref.m ? ref.y : ref.y + 1;
  const last = month < ref.m ? ref.y : ref.y - 1;
  let y: number;
  if (mod === 'this' || month === ref.m) y = mod === 'next' ? ref.y + 1 : mod === 'last' ? ref.y - 1 : ref.y;
  else if (mod === 'next') y = next;
  else if (mod === 'last') y = last;
  else if (PAST_CUE.test(sentence)) y = last;
  else if (FUTURE_CUE.test(sentence)) y = next;
  else y = (month - ref.m + 12) % 12 <= (ref.m - month + 12) % 12 ? next : last;
  return { y, m: month, d: 1 };
}

/** "the 14th": that day of this month, or of the next (previous, in a past-tense sentence) when needed. */
function resolveDayOfMonth(ref: CivilDate, day: number, sentence: string): CivilDate | undefined {
  if (day < 1 || day > 31) return undefined;
  const inMonth = (c: CivilDate): CivilDate | undefined =>
    day <= daysInMonth(c.y, c.m) ? { y: c.y, m: c.m, d: day } : undefined;
  const thisMonth = { y: ref.y, m: ref.m, d: 1 };
  if (PAST_CUE.test(sentence) && !FUTURE_CUE.test(sentence)) {
    return day <= ref.d ? inMonth(thisMonth) : inMonth(addMonths(thisMonth, -1));
  }
  return day >= ref.d ? inMonth(thisMonth) : inMonth(addMonths(thisMonth, 1));
}

function hhmm(hour: number, minute: number): string {
  return `${pad(hour)}:${pad(minute)}`;
}

interface Span {
  start: number;
  end: number;
  date?: CivilDate;
  time?: string; // HH:mm
}

function overlaps(spans: Span[], start: number, end: number): boolean {
  for (const s of spans) if (start < s.end && s.start < end) return true;
  return false;
}

/** Sentence (between . ! ? or newlines) that contains offset `at`. */
function sentenceAround(text: string, at: number): string {
  let from = at;
  while (from > 0 && !/[.!?\n]/.test(text[from - 1])) from--;
  let to = at;
  while (
    to < text.length &&
    !/[!?\n]/.test(text[to]) &&
    !(text[to] === '.' && !/\d/.test(text[to + 1] ?? ''))
  )
    to++;
  return text.slice(from, to);
}

/** Finds and resolves the common date and time expressions in `text`. */
export function findDates(text: string, ref: Reference, dateOrder: 'mdy' | 'dmy' = 'mdy'): FoundDate[] {
  const spans: Span[] = [];
  const today = ref.date;
  const add = (start: number, end: number, span: Omit<Span, 'start' | 'end'>) => {
    if (!overlaps(spans, start, end)) spans.push({ start, end, ...span });
  };
  const each = (re: RegExp, f: (m: RegExpExecArray) => void) => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) f(m);
  };

  // Longer, more specific patterns first; later ones skip overlapping text.
  each(RE_ISO, (m) => {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo))
      add(m.index, m.index + m[0].length, { date: { y, m: mo, d } });
  });
  each(RE_NUMERIC_DATE, (m) => {
    // "03/12/2024", "3.12.24", "on 3/12": only with a year or after a preposition ("3/4 of it" is no date)
    if (m[5] === undefined && m[1] === undefined) return;
    if (m[3] === '.' && m[5] === undefined) return; // "on 3.5" is a number
    const a = Number(m[2]);
    const b = Number(m[4]);
    const [mo, d] = dateOrder === 'dmy' ? [b, a] : [a, b];
    if (mo < 1 || mo > 12 || d < 1) return;
    let year = m[5] === undefined ? undefined : Number(m[5]);
    if (year !== undefined && m[5].length === 2) year += 2000;
    const start = m.index + (m[1] ? m[0].indexOf(m[2], m[1].length) : 0);
    const date = resolveDayMonth(today, d, mo, year, sentenceAround(text, m.index));
    if (date) add(start, m.index + m[0].length, { date });
  });
  for (const re of [RE_MONTH_DAY, RE_DAY_MONTH]) {
    each(re, (m) => {
      const monthFirst = re === RE_MONTH_DAY;
      const monthWord = (monthFirst ? m[1] : m[2]).toLowerCase();
      const day = Number(monthFirst ? m[2] : m[1]);
      // "may" is nearly always the verb: as a month it must be written "May", or carry an ordinal/year.
      if (
        monthWord === 'may' &&
        monthFirst &&
        m[1] !== 'May' &&
        m[1] !== 'MAY' &&
        !/(?:st|nd|rd|th)\b|\d{4}$/i.test(m[0])
      )
        return;
      const year = m[3] !== undefined ? Number(m[3]) : undefined;
      if (day < 1 || day > 31) return;
      const date = resolveDayMonth(today, day, MONTHS[monthWord], year, sentenceAround(text, m.index));
      if (date) add(m.index, m.index + m[0].length, { date });
    });
  }
  each(RE_ORDINAL_DAY, (m) => {
    const date = resolveDayOfMonth(today, Number(m[1]), sentenceAround(text, m.index));
    if (date) add(m.index, m.index + m[0].length, { date });
  });
  each(RE_MONTH_ONLY, (m) => {
    const modifier = m[1]?.toLowerCase();
    const month = m[2].toLowerCase();
    // "may" is a month only after a preposition or modifier ("in May", "from april to may"), or as "May".
    if (month === 'may' && modifier === undefined && m[2] !== 'May' && m[2] !== 'MAY') return;
    if (
      month === 'may' &&
      m[2] === 'May' &&
      modifier === undefined &&
      /^\s*(?:i|we|you|he|she|they|it)\b/i.test(text.slice(m.index + m[0].length))
    )
      return;
    const keepModifier =
      modifier === 'this' ||
      modifier === 'next' ||
      modifier === 'last' ||
      modifier === 'early' ||
      modifier === 'late' ||
      modifier === 'mid';
    const start = modifier && !keepModifier ? m.index + m[0].length - m[2].length : m.index;
    add(start, m.index + m[0].length, {
      date: resolveMonth(today, MONTHS[month], modifier, sentenceAround(text, m.index)),
    });
  });
  each(RE_THE_WEEKEND, (m) => {
    const past = PAST_CUE.test(sentenceAround(text, m.index));
    const saturday = addDays(today, 5 - weekday(today));
    add(m.index, m.index + m[0].length, {
      date: past && weekday(today) < 5 ? addDays(saturday, -7) : saturday,
    });
  });
  each(RE_DAY_AFTER, (m) => {
    add(m.index, m.index + m[0].length, { date: addDays(today, /after/i.test(m[1]) ? 2 : -2) });
  });
  each(RE_AGO, (m) => add(m.index, m.index + m[0].length, shiftRef(ref, -count(m[1]), m[2])));
  each(RE_IN, (m) => add(m.index, m.index + m[0].length, shiftRef(ref, count(m[1]), m[2])));
  each(RE_PERIOD, (m) => {
    add(m.index, m.index + m[0].length, {
      date: resolvePeriod(today, m[1].toLowerCase(), m[2].toLowerCase()),
    });
  });
  each(RE_WEEKDAY, (m) => {
    add(m.index, m.index + m[0].length, { date: resolveWeekday(today, WEEKDAYS[m[2].toLowerCase()], m[1]) });
  });
  each(RE_DAYWORD, (m) => {
    const word = m[1].toLowerCase();
    const delta = word === 'yesterday' ? -1 : word === 'tomorrow' || word === 'tmrw' ? 1 : 0;
    add(m.index, m.index + m[0].length, { date: addDays(today, delta) });
  });
  each(RE_THIS_PART, (m) => add(m.index, m.index + m[0].length, { date: today }));
  each(RE_TIME_AMPM, (m) => {
    let hour = Number(m[1]) % 12;
    if (m[3].toLowerCase() === 'p') hour += 12;
    add(m.index, m.index + m[0].length, { time: hhmm(hour, Number(m[2] ?? 0)) });
  });
  each(RE_TIME_24, (m) => {
    // "10:30" but not part of a longer number such as "10:30:45" or "1:2".
    if (text[m.index + m[0].length] === ':' || text[m.index - 1] === ':') return;
    add(m.index, m.index + m[0].length, { time: hhmm(Number(m[1]), Number(m[2])) });
  });
  each(RE_NOON, (m) => {
    add(m.index, m.index + m[0].length, { time: m[1].toLowerCase() === 'midnight' ? '00:00' : '12:00' });
  });

  spans.sort((a, b) => a.start - b.start);
  // Merge "tomorrow at 3pm" and "3pm tomorrow" into one date-time.
  const merged: Span[] = [];
  for (const span of spans) {
    const prev = merged[merged.length - 1];
    if (
      prev &&
      ((prev.date && !prev.time && span.time && !span.date) ||
        (prev.time && !prev.date && span.date && !span.time)) &&
      DATE_TIME_GAP.test(text.slice(prev.end, span.start))
    ) {
      merged[merged.length - 1] = {
        start: prev.start,
        end: span.end,
        date: prev.date ?? span.date,
        time: prev.time ?? span.time,
      };
    } else {
      merged.push(span);
    }
  }
  return merged.map((s) => {
    if (s.date && s.time)
      return { type: 'date', start: s.start, end: s.end, value: `${formatDate(s.date)}T${s.time}` };
    if (s.time) return { type: 'time', start: s.start, end: s.end, value: `${formatDate(today)}T${s.time}` };
    return { type: 'date', start: s.start, end: s.end, value: formatDate(s.date as CivilDate) };
  });
}

const FALLBACK_TRIGGER =
  /\b(?:christmas|xmas|easter|new\s+year'?s?|thanksgiving|halloween|fortnight|(?:end|beginning|start|middle)\s+of\s+(?:the\s+)?(?:day|week|month|year|january|february|march|april|may|june|july|august|september|october|november|december))\b/i;

/**
 * True when `residual` (the text with already-resolved dates blanked out) still looks like it holds a
 * date this resolver does not understand, so compromise-dates should look at it.
 */
export function needsDateFallback(residual: string): boolean {
  return FALLBACK_TRIGGER.test(residual);
}
