/**
 * Look-ups that keep one chat-Markdown parse linear. The parser meets openers left to right; each
 * helper here remembers how far it has looked, so text full of markers that never close (`**x **x …`,
 * `http://a)))…`) is read once, not once per marker. Each answers exactly what the plain search it
 * replaces would answer.
 */

const SPACE = /\s/;
const WORD = /[\p{L}\p{N}]/u;

/**
 * For one emphasis marker (`*`, `**`, `_`, `__`): the first place at or after `from` where it can close
 * (not after a space, not the first half of a longer run, an underscore not inside a word), or -1.
 * Whether a place can close does not depend on the opener, so an answer found for one opener holds for
 * every later opener before it.
 */
export function closerFinder(source: string, marker: string): (from: number) => number {
  const closes = (at: number): boolean => {
    const after = source[at + marker.length] ?? ' ';
    if (SPACE.test(source[at - 1]) || after === marker[0]) return false;
    return marker[0] !== '_' || !WORD.test(after);
  };
  // The first closer at or after `searchedFrom` is `found` (-1: none); nothing searched yet.
  let searchedFrom = Infinity;
  let found = -1;
  return (from) => {
    if (from >= searchedFrom && (found === -1 || found >= from)) return found;
    let at = source.indexOf(marker, from);
    while (at >= 0 && !closes(at)) at = source.indexOf(marker, at + 1);
    searchedFrom = from;
    found = at;
    return at;
  };
}

const LINK_TARGET = /\(((?:[^()\s]|\([^()\s]*\)){1,2000})\)/y;

/**
 * `[label](target)` at `start` (a `[`), as `/^\[([^\]\n]{1,500})\]\(((?:[^()\s]|\([^()\s]*\)){1,2000})\)/`
 * reads it, or null. The label can only end at the first `]` or line break after `start`, and what
 * follows that place does not depend on `start`; so both are found once for every `[` before it, and a
 * run of `[` (or of `[` before one `](…` that fails) costs one scan.
 */
export function linkFinder(
  source: string,
): (start: number) => { label: string; target: string; end: number } | null {
  let labelEnd = -1;
  /** The target after `labelEnd`: its text and end, or null when there is none. */
  let target: { text: string; end: number } | null = null;
  return (start) => {
    if (labelEnd <= start) {
      labelEnd = start + 1;
      while (labelEnd < source.length && source[labelEnd] !== ']' && source[labelEnd] !== '\n') labelEnd++;
      target = null;
      if (source[labelEnd] === ']' && source[labelEnd + 1] === '(') {
        LINK_TARGET.lastIndex = labelEnd + 1;
        const match = LINK_TARGET.exec(source);
        if (match) target = { text: match[1], end: labelEnd + 1 + match[0].length };
      }
    }
    const length = labelEnd - start - 1;
    if (!target || length < 1 || length > 500) return null;
    return { label: source.slice(start + 1, labelEnd), target: target.text, end: target.end };
  };
}

const STOP = /[\s<>"]/g;
/** What the sentence around a URL may leave at its end (a `)` only when it has no `(` to match). */
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', "'", '"']);

/**
 * Bare URLs: for a URL-like start (an `h` or `m`: not one of the trailing characters below), the end of
 * the run of characters a URL may hold (no space, `<`, `>` or `"`) and where the URL ends once the
 * sentence's punctuation is left off: `.,;:!?'"` always, and a `)` while the URL has more `)` than
 * `(`. Null when even the trimmed URL is longer than `longest` (no link then). The run's end and its
 * trailing block (only those characters and `)`) are found once per run, so many URL-like starts in
 * one long word cost one scan, plus at most `longest` characters each.
 */
export function bareUrlFinder(
  source: string,
  longest: number,
): (start: number) => { end: number; trimmedEnd: number } | null {
  let runFrom = -1;
  let runEnd = -1;
  let tailStart = -1;
  /** Positions of the `)` in the trailing block, in order. */
  let closeAt: number[] = [];
  return (start) => {
    if (start < runFrom || start > runEnd) {
      STOP.lastIndex = start;
      const stop = STOP.exec(source);
      runFrom = start;
      runEnd = stop ? stop.index : source.length;
      tailStart = runEnd;
      while (tailStart > start && (TRAILING.has(source[tailStart - 1]) || source[tailStart - 1] === ')'))
        tailStart--;
      closeAt = [];
      for (let k = tailStart; k < runEnd; k++) if (source[k] === ')') closeAt.push(k);
    }
    // Trimming never reaches before the trailing block, so the URL is at least this long.
    if (tailStart - start > longest) return null;
    // The block holds no `(`: trimming stops at its d-th `)`, d being how many more `(` than `)` come
    // before the block (the whole block goes when d <= 0).
    let d = 0;
    for (let k = start; k < tailStart; k++) d += source[k] === '(' ? 1 : source[k] === ')' ? -1 : 0;
    const keep = Math.min(Math.max(d, 0), closeAt.length);
    return { end: runEnd, trimmedEnd: keep > 0 ? closeAt[keep - 1] + 1 : tailStart };
  };
}
