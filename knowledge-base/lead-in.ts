/**
 * Lead-ins: sentences that promise what comes after them. "You can return an item in three ways:"
 * does it with a colon; "The delivery times below start from dispatch.", "Here is how they behave.",
 * "It works as follows." and "These are the rules." do it in words. A reply that keeps such a sentence
 * must keep (the start of) what it points at, or leave the sentence out; a passage ending in one
 * carries on into the block it points at.
 */
import { splitSentences } from '../nlp/summarize';

/** "below" as a preposition ("falls below the minimum", "below 30 °C") points at nothing. */
const BELOW =
  /\bbelow\b(?!\s*(?:the|a|an|its|it|their|them|your|our|this|that|these|those|zero|freezing|average|cost|half|\d|[€£$%]))/i;
/** "the following day" is a time, not a pointer. */
const FOLLOWING =
  /\bthe following\b(?!\s+(?:day|days|week|weeks|month|months|year|years|morning|afternoon|evening|night|working|business|monday|tuesday|wednesday|thursday|friday|saturday|sunday))/i;
const AS_FOLLOWS = /\bas follows\b/i;
const HERE_IS = /^here(?:'s|’s|\s+is|\s+are)\b/i;
const THESE_ARE = /^(?:these|those)\s+are\s+(?:the|our|some|a few)\b/i;

/** Whether one sentence (plain text) is a lead-in. */
export function isLeadIn(sentence: string): boolean {
  const text = sentence.trim();
  if (text === '') return false;
  if (text.endsWith(':')) return true;
  // A question asks; it does not point.
  if (text.endsWith('?')) return false;
  return (
    HERE_IS.test(text) ||
    THESE_ARE.test(text) ||
    AS_FOLLOWS.test(text) ||
    FOLLOWING.test(text) ||
    BELOW.test(text)
  );
}

/** Whether the last sentence of a passage's plain text is a lead-in. */
export function endsInLeadIn(text: string): boolean {
  // Only the last line can hold the last sentence (a passage's text has a line per block or item).
  const lastLine = text.trimEnd().split('\n').pop() ?? '';
  const spans = splitSentences(lastLine, false);
  const last = spans[spans.length - 1];
  return last !== undefined && isLeadIn(last.text);
}
