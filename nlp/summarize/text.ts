/**
 * Text plumbing shared by the summarisers: input sanitising, caps, tokenising and cached Porter stemming.
 *
 * Only natural's Porter stemmer module is loaded (not the whole `natural` package): loading all of natural
 * takes ~0.7 s and runs `dotenv.config()` as a side effect, while the stemmer alone loads in a few ms.
 */
import { blankControls } from '../text';

// natural@8 ships no typings for this deep path; the module is a Stemmer instance with `stem(token)`.
const porter: { stem(token: string): string } = require('natural/lib/natural/stemmers/porter_stemmer');

/** Longest input we read, in UTF-16 code units; anything after it is ignored (cut at a whitespace). */
export const MAX_INPUT_CHARS = 50_000;

/** Cached stems; cleared when it grows past this many entries so memory stays bounded. */
const STEM_CACHE_LIMIT = 50_000;
const stemCache = new Map<string, string>();

/** Porter stem (natural's implementation) of a lower-case token, memoised. */
export function stem(token: string): string {
  let hit = stemCache.get(token);
  if (hit === undefined) {
    hit = porter.stem(token);
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(token, hit);
  }
  return hit;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

/**
 * Makes arbitrary input safe to process: non-strings become '', CRLF becomes LF, control and zero-width
 * characters become spaces (tab and newline are kept), lone surrogates become U+FFFD, common HTML
 * entities are decoded (tweets carry `&amp;`), and text past `maxChars` is dropped at a whitespace.
 */
export function sanitize(input: unknown, maxChars = MAX_INPUT_CHARS): string {
  if (typeof input !== 'string' || input === '') return '';
  let text = input.length > maxChars ? cutAtWhitespace(input, maxChars) : input;
  text = blankControls(text.replace(/\r\n?/g, '\n'))
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_, name: string) => ENTITIES[name]);
  return text;
}

function cutAtWhitespace(text: string, maxChars: number): string {
  const head = text.slice(0, maxChars);
  const lastSpace = head.search(/\s\S*$/);
  return lastSpace > maxChars / 2 ? head.slice(0, lastSpace) : head;
}

/** A count or budget option: a non-negative whole number, `fallback` when missing or NaN (Infinity allowed). */
export function limit(value: unknown, fallback: number): number {
  if (typeof value !== 'number' || Number.isNaN(value)) return fallback;
  return Math.max(0, Math.floor(value));
}

/** Collapses runs of whitespace to one space and trims. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// URLs, e-mail addresses and @mentions: not words
const NOT_WORDS = /\b(?:https?:\/\/|www\.)\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b|(?<!\w)@\w+/gi;
const WORD = /[\p{L}\p{N}]+(?:['’]\p{L}+)*/gu;

/** Lower-case word tokens of `text` (letters and digits, inner apostrophes kept as '), URLs, e-mail addresses and @mentions removed. */
export function words(text: string): string[] {
  const cleaned = /[@/]|www\./i.test(text) ? text.replace(NOT_WORDS, ' ') : text;
  const tokens = cleaned.toLowerCase().match(WORD);
  if (tokens === null) return [];
  for (let i = 0; i < tokens.length; i++)
    if (tokens[i].includes('’')) tokens[i] = tokens[i].replace(/’/g, "'");
  return tokens;
}

/** English function words ignored when comparing sentences (negations included: they carry no topic). */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all am an and any are aren't as at be because been before being below " +
    "between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each " +
    "few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers " +
    "herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most " +
    "mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own same shan't she " +
    "she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves then there " +
    "there's these they they'd they'll they're they've this those through to too under until up very was wasn't we " +
    "we'd we'll we're we've were weren't what what's when when's where where's which while who who's whom why why's " +
    "with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves just also will shall " +
    'may might must us im ive dont cant wont u ur pls please hi hello hey thanks thank thx ok okay yes yeah get got ' +
    'would like know let one still'
  ).split(/\s+/),
);

/** True for tokens that carry topic: two or more characters and not a stopword. */
export function isContentWord(token: string): boolean {
  return token.length > 1 && !STOPWORDS.has(token);
}

/** Stems of the content words among `tokens` (from `words`), in order. */
export function contentStemsOf(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of tokens) if (isContentWord(w)) out.push(stem(w.includes("'") ? w.replace(/'/g, '') : w));
  return out;
}

/** Stems of the content words of `text` (stopwords and one-letter tokens dropped), in order. */
export function contentStems(text: string): string[] {
  return contentStemsOf(words(text));
}
