/**
 * Input hygiene shared by training and recognition, so both sides see text the same way.
 */
import { stripControls } from '../text';

/**
 * Longest text the recognizer looks at, in characters (UTF-16 code units). Support messages that
 * carry an intent state it in the first sentences; a cap keeps a 100 KB paste from costing
 * seconds of tokenizing and embedding (the embedder truncates at 256 tokens anyway).
 */
export const MAX_INPUT_CHARS = 1000;

const WHITESPACE = /[\s\u00A0]+/g;

/** Removes control characters, collapses whitespace, trims and caps at MAX_INPUT_CHARS. */
export function sanitizeText(text: unknown, maxChars: number = MAX_INPUT_CHARS): string {
  if (typeof text !== 'string') return '';
  // Cap before the regexes too, so a huge input costs no more than a long one.
  let clean = text.length > maxChars * 2 ? text.slice(0, maxChars * 2) : text;
  clean = stripControls(clean).replace(WHITESPACE, ' ').trim();
  if (clean.length > maxChars) {
    clean = clean.slice(0, maxChars);
    // Do not leave half of a surrogate pair at the end.
    const last = clean.charCodeAt(clean.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) clean = clean.slice(0, -1);
    clean = clean.trimEnd();
  }
  return clean;
}

/** True when the text holds at least one letter or digit in any script (emoji-only does not). */
export function hasWordCharacters(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}
