/**
 * The one definition of the characters every nlp capability cleans out of customer text: C0 and C1
 * control characters (tab, newline and carriage return excepted) and invisible format characters
 * (zero-width space and non-joiner, word joiner, byte-order mark). The zero-width joiner stays: it
 * glues emoji sequences such as 👩‍💻 together.
 */
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B\u200C\u2060\uFEFF]/g;

/** Replaces each such character with a space, so lengths and offsets into the text stay as they were. */
export function blankControls(text: string): string {
  return text.replace(CONTROL_CHARS, ' ');
}

/** Removes each such character (for tokenizers, where a zero-width space must not split a word). */
export function stripControls(text: string): string {
  return text.replace(CONTROL_CHARS, '');
}
