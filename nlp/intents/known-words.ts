/**
 * The words the intents were trained on. A message that shares none of them (gibberish, a wall of
 * one letter, a language the bot was never taught) gives the classifiers nothing to go on: their
 * softmaxes still name some intent, often confidently, so the recognizer answers 'none' instead.
 *
 * One typo is forgiven (an insertion, deletion, substitution or swap of neighbours, in words of
 * four letters or more), and digits match any digit, so "A1234" counts as an order number like the
 * trained "A1042".
 */
import { words } from './lexical-features';

// Shorter words are compared exactly: one edit turns most 2–3 letter strings into some known word.
const MIN_FUZZY_LENGTH = 4;

/** A word's form for the lookup: lower case, digits folded to 0. */
function shape(word: string): string {
  return word.toLowerCase().replace(/\p{N}/gu, '0');
}

/** The word with each one of its characters removed. */
function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** True when b is a or one insertion, deletion, substitution or swap of neighbours away from it. */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (i === a.length) return true;
    const rest = (from: number) => a.slice(from) === b.slice(from);
    return rest(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && rest(i + 2));
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  return long.slice(i + 1) === short.slice(i);
}

export class KnownWords {
  private readonly exact: Set<string>;
  /**
   * Every known word (of fuzzy length) under each of its one-character deletions: a typed word one
   * edit away shares a deletion with it, or is one ("symmetric delete" candidates, then checked).
   */
  private readonly deleted = new Map<string, string[]>();
  private readonly longest: number;

  private constructor(list: readonly string[]) {
    this.exact = new Set(list);
    let longest = 0;
    for (const w of list) {
      longest = Math.max(longest, w.length);
      if (w.length < MIN_FUZZY_LENGTH) continue;
      for (const d of deletions(w)) {
        const list = this.deleted.get(d);
        if (list) list.push(w);
        else this.deleted.set(d, [w]);
      }
    }
    this.longest = longest;
  }

  static build(texts: readonly string[]): KnownWords {
    const all = new Set<string>();
    for (const text of texts) for (const w of words(text)) all.add(shape(w));
    return new KnownWords([...all].sort());
  }

  get size(): number {
    return this.exact.size;
  }

  /** True when the word, or a word one edit away from it, was seen in training. */
  has(word: string): boolean {
    const w = shape(word);
    if (this.exact.has(w)) return true;
    // Beyond the longest known word plus one, no known word is one edit away.
    if (w.length < MIN_FUZZY_LENGTH || w.length > this.longest + 1) return false;
    const near = (candidates: string[] | undefined) => candidates?.some((k) => withinOneEdit(w, k)) ?? false;
    // A letter dropped from a known word, or one added to it.
    if (near(this.deleted.get(w))) return true;
    for (const d of deletions(w)) if (this.exact.has(d) || near(this.deleted.get(d))) return true;
    return false;
  }

  /** True when at least one word of the text is known. */
  covers(text: string): boolean {
    return words(text).some((w) => this.has(w));
  }

  toJSON(): string[] {
    return [...this.exact];
  }

  static fromJSON(list: readonly string[]): KnownWords {
    if (!Array.isArray(list) || list.some((w) => typeof w !== 'string'))
      throw new Error('known words must be a list of strings');
    return new KnownWords(list);
  }
}
