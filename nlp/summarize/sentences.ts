/**
 * Sentence splitting for plain text and markdown.
 *
 * A boundary is `.`, `!`, `?` or `…` (optionally followed by closing quotes or brackets) and then
 * whitespace, so dots inside URLs, e-mail addresses, decimals ("4.50"), versions ("11.1.2") and order
 * numbers ("408-1929729.8238") never split. A single `.` does not split after a known abbreviation
 * ("e.g.", "Mr.", "approx."), after an initial ("J. Smith", "U.S."), after "No."/"Ref." followed by a
 * number, or when the next word starts lower case. Newlines split in plain text (chat turns) and only
 * blank lines split in markdown paragraphs (single newlines there are soft wraps).
 */
import { squash } from './text';

export interface Span {
  /** Sentence text, whitespace collapsed, as it appears in the input (markdown syntax kept). */
  text: string;
  /** Offset of the first character in the input. */
  start: number;
}

const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof sr jr st mt vs etc e.g i.e eg ie cf al approx appt apt dept est fig inc ltd co corp ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun ' +
    'no nos ref tel ext acct min max avg incl excl misc p.s ps a.m p.m am pm hr hrs sec qty pt ave blvd rd ' +
    'gov govt gen col lt sgt capt vol ed eds rev op pp pg'
  ).split(' '),
);
/** Abbreviations that only hold before a number ("No. 5", "Ref. 1234", "p. 12"). */
const NUMBERED = new Set([
  'no',
  'nos',
  'ref',
  'pg',
  'pp',
  'p',
  'vol',
  'fig',
  'art',
  'sec',
  'ch',
  'ext',
  'tel',
  'acct',
]);

// punctuation run, closing quotes/brackets, then whitespace (or end of text)
// (or, for chat text written without a space, "issue.Kindly bear": two lower-case letters, ".", then a
// capitalised word followed by a space or punctuation, so "shop.Example.com" and "john.Smith@x.com" stay whole)
const BOUNDARY = /([.!?…]+|\.{3})(["'”’)\]]*)(\s+|$|(?<=\p{Ll}{2}[.!?])(?=\p{Lu}\p{Ll}*(?:[\s,;:!?]|$)))/gu;

/** Splits plain text into sentences. `newlines` (default true) makes every line break a boundary. */
export function splitSentences(text: string, newlines = true): Span[] {
  const spans: Span[] = [];
  if (newlines) {
    let offset = 0;
    for (const line of text.split('\n')) {
      splitLine(line, offset, spans);
      offset += line.length + 1;
    }
  } else {
    splitLine(text, 0, spans);
  }
  return spans;
}

function splitLine(text: string, base: number, out: Span[]): void {
  let start = 0;
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(text); m !== null; m = BOUNDARY.exec(text)) {
    if (m[0] === '') {
      BOUNDARY.lastIndex++;
      continue;
    }
    const end = m.index + m[1].length + m[2].length;
    const next = m.index + m[0].length;
    if (m[3] === '' && next < text.length && /(?:\/\/|www\.|@)\S*$/.test(text.slice(start, m.index)))
      continue; // URL, e-mail
    if (next < text.length && !isBoundary(text, m.index, m[1], next)) continue;
    push(text, start, end, base, out);
    start = next;
  }
  push(text, start, text.length, base, out);
}

function push(text: string, from: number, to: number, base: number, out: Span[]): void {
  const raw = text.slice(from, to);
  const lead = raw.length - raw.trimStart().length;
  const value = squash(raw);
  if (value !== '') out.push({ text: value, start: base + from + lead });
}

function isBoundary(text: string, at: number, punct: string, next: number): boolean {
  const following = text.slice(next, next + 12);
  if (punct !== '.') {
    // "!" "?" "…" and runs like "?!" always end a sentence; "..." only before a capital or digit.
    if (/^\.+$/.test(punct) || punct === '…') return !/^[\p{Ll}]/u.test(following);
    return true;
  }
  if (/^[\p{Ll}]/u.test(following)) return false; // "approx. five", "i.e. the", chat-style lower case
  let from = at;
  while (from > 0 && !/\s/.test(text[from - 1])) from--;
  const word = text.slice(from, at);
  const bare = word.replace(/^["'“‘([]+/, '').toLowerCase();
  if (bare === '') return true;
  if (/^\p{L}$/u.test(bare)) return false; // initial: "J. Smith"
  if (/^(\p{L}\.)+\p{L}$/u.test(bare)) return false; // "U.S.", "e.g." written as e.g
  if (NUMBERED.has(bare)) return !/^#?\d/.test(following);
  return !ABBREVIATIONS.has(bare);
}

/** One sentence of a markdown document. */
export interface MarkdownSentence extends Span {
  /** The sentence with markdown syntax removed (links reduced to their text), used for scoring. */
  plain: string;
  /** Index of the block (paragraph, list item, quote) the sentence came from. */
  block: number;
}

/**
 * Splits markdown into sentences. Headings, fenced and indented code, tables, HTML-only lines and
 * horizontal rules are left out (they are structure, not prose); list items and quote lines are
 * blocks of their own; a paragraph's soft-wrapped lines are joined. `text` keeps inline markdown (so a
 * summary can still be rendered as markdown) without list or quote markers; `plain` has none.
 */
export function splitMarkdown(markdown: string): MarkdownSentence[] {
  const out: MarkdownSentence[] = [];
  const lines = markdown.split('\n');
  let block: { text: string; start: number } | null = null;
  let blockIndex = 0;
  let inFence = false;
  let fenceMarker = '';
  let offset = 0;

  const flush = () => {
    if (block !== null) {
      for (const s of splitSentences(block.text, false)) {
        const plain = stripInlineMarkdown(s.text);
        if (plain !== '') out.push({ text: s.text, start: block.start + s.start, plain, block: blockIndex });
      }
      blockIndex++;
      block = null;
    }
  };

  for (const line of lines) {
    const lineStart = offset;
    offset += line.length + 1;
    const fence = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (inFence) {
      if (fence && fence[1][0] === fenceMarker[0] && fence[1].length >= fenceMarker.length) inFence = false;
      continue;
    }
    if (fence) {
      flush();
      inFence = true;
      fenceMarker = fence[1];
      continue;
    }
    if (/^\s*$/.test(line)) {
      flush();
      continue;
    }
    if (
      /^\s{0,3}#{1,6}(\s|$)/.test(line) || // ATX heading
      /^\s{0,3}(=+|-+)\s*$/.test(line) || // setext underline or rule
      /^\s{0,3}([-*_]\s*){3,}$/.test(line) || // horizontal rule
      /^\s*\|/.test(line) || // table row
      (/^( {4}|\t)/.test(line) && block === null) || // indented code
      /^\s*<\/?[a-z][^>]*>\s*$/i.test(line) // HTML-only line
    ) {
      // a setext heading's text line was collected as a paragraph: drop it
      if (
        /^\s{0,3}(=+|-+)\s*$/.test(line) &&
        block !== null &&
        !/\n/.test((block as { text: string }).text)
      ) {
        block = null;
      }
      flush();
      continue;
    }
    const marker = /^(\s*(?:>\s*)*)(?:([-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?)?/.exec(line);
    const prefix = marker ? marker[0] : '';
    const content = line.slice(prefix.length);
    const isItem = marker !== null && marker[2] !== undefined;
    const isQuote = marker !== null && marker[1].includes('>');
    if (isItem || (isQuote && block === null)) flush();
    if (block === null) block = { text: content, start: lineStart + prefix.length };
    else (block as { text: string }).text += ' ' + content; // soft wrap: offsets of later lines are approximate
  }
  flush();
  return out;
}

/** Removes inline markdown: images (alt text is not prose), link syntax (text kept), emphasis, code ticks, HTML tags. */
export function stripInlineMarkdown(text: string): string {
  return squash(
    text
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
      .replace(/<(https?:\/\/[^>]+)>/g, '$1')
      .replace(/<\/?[a-z][^>]*>/gi, ' ')
      .replace(/(\*\*|__)(.+?)\1/g, '$2')
      .replace(/(^|[^\w*])[*_]([^*_\s][^*_]*?)[*_](?=[^\w*]|$)/g, '$1$2')
      .replace(/~~(.+?)~~/g, '$1')
      .replace(/`+([^`]*)`+/g, '$1'),
  );
}
