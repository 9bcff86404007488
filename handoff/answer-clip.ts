/**
 * A bot answer (chat Markdown: **bold**, *italics*, `code`, [label](url) links) cut to a length for the
 * escalation packet without breaking its Markdown: cut at a word (nlp's `cutToWord`, "…" after), then
 * moved back until the cut leaves every construct whole, as the chat surfaces' own parser
 * (protocol/chat-markdown.ts) reads it. A link, link-like text or code span is kept whole or left out;
 * a bold or italic run may be cut inside, and is then closed. So the parser decides what a construct
 * is, and the cut can never disagree with what the widget and console render.
 */
import { isDeepStrictEqual } from 'node:util';
import { cutToWord } from '../nlp/summarize';
import { parseInline, plainText, type Inline } from '../protocol/chat-markdown';

/** Any origin: root-relative links ("/help/…", how answers cite articles) then parse as links too. */
const LINKS = { base: 'https://parley.invalid' };
/** What may close a bold or italic run the cut fell inside, tried when the answer has its marker. */
const CLOSERS = ['**', '*', '__', '_'];
/** Where a construct the cut may fall inside can open (a bare URL holds no space: no word cut is in one). */
const OPENERS = new Set(['[', '`', '*', '_']);
/** The longest link the chat parser reads: "[" + 500 label characters + "](" + 2,000 URL characters + ")". */
const LONGEST_LINK = 2504;

/**
 * `text` (one line) at most `maxChars` characters long. When a cut that keeps the Markdown whole would
 * leave half of that or less (a long link or code span right at the cut), the answer is cut as its
 * plain text instead (links become their labels), as the knowledge base's condensed answers are.
 */
export function clipAnswer(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  if (maxChars < 2) return cutToWord(text, maxChars);
  // What follows the longest construct that can reach back over the cut does not change how it reads.
  const whole = parse(text.slice(0, maxChars + LONGEST_LINK));
  let room = maxChars;
  while (room > maxChars / 2) {
    const head = cutToWord(text, room).slice(0, -1);
    if (head.trim() === '') break;
    for (const closer of ['', ...CLOSERS.filter((marker) => head.includes(marker))]) {
      const clipped = head + closer;
      if (clipped.length < maxChars && isPrefix(parse(clipped), whole)) return `${clipped}…`;
    }
    // Inside a construct that cannot be closed: cut again before the last place one opens (every
    // word cut after it is inside the same construct).
    room = lastOpening(head) + 1;
  }
  return cutToWord(plainText([{ t: 'p', c: whole }]), maxChars);
}

/** The index of the last character in `text` that can open a construct; -1 when none does. */
function lastOpening(text: string): number {
  let k = text.length - 1;
  while (k >= 0 && !OPENERS.has(text[k])) k--;
  return k;
}

/** Inline nodes with neighbouring text nodes joined (the parser may leave a run of text in pieces). */
function parse(text: string): Inline[] {
  return joinText(parseInline(text, 0, LINKS));
}

function joinText(nodes: readonly Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    const last = out[out.length - 1];
    if (node.t === 'text' && last?.t === 'text') out[out.length - 1] = { t: 'text', v: last.v + node.v };
    else out.push(node);
  }
  return out;
}

/**
 * True when `head` reads as the start of `whole`: the same nodes, except that the last may be a shorter
 * text, or a bold or italic run holding the start of the whole one's content.
 */
function isPrefix(head: readonly Inline[], whole: readonly Inline[]): boolean {
  if (head.length === 0 || head.length > whole.length) return false;
  const last = head.length - 1;
  for (let k = 0; k < last; k++) if (!isDeepStrictEqual(head[k], whole[k])) return false;
  const cut = head[last];
  const full = whole[last];
  if (isDeepStrictEqual(cut, full)) return true;
  if (cut.t === 'text' && full.t === 'text') return full.v.startsWith(cut.v);
  if ((cut.t === 'strong' || cut.t === 'em') && cut.t === full.t)
    return isPrefix(joinText(cut.c), joinText(full.c));
  return false;
}
