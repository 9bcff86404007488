/**
 * Condenses an answer's block tree to a character budget with TextRank, keeping its structure: the
 * best whole sentences stay where they were (a paragraph's sentences in their paragraph, a list
 * item's in its item), with their bold, italics, code and links. The budget counts what a reader
 * sees, the plain text of the result (`blocksText`: a link's label, not its URL; a list item's
 * bullet), so a long URL costs nothing and the reply never runs past the budget.
 *
 * Sentences are split inside text only: a link, code span or emphasised run is never cut, so a
 * sentence boundary inside one is not a boundary. Headings, tables, code blocks and rules are
 * structure rather than prose and are left out of a condensed answer, as the TextRank summariser
 * leaves them out, except a table a lead-in points at (see below).
 *
 * A lead-in (lead-in.ts: "You can return an item in three ways:", "The delivery times below start
 * from dispatch.", "Here is how they behave.") promises what comes after it, so it is kept only with
 * what it introduces: the whole list, table (or paragraph) after it when that fits, else at least its
 * first item, row or sentence; a heading between them is skipped, as a condensed answer drops it. A
 * lead-in with nothing kept after it (a code block, or the end) is left out, so an answer never ends
 * on a promise; that holds for a tree within its budget too, which otherwise is kept whole.
 */
import {
  contentStems,
  overlapSimilarity,
  pageRank,
  rankOrder,
  splitSentences,
  StemIndex,
} from '../nlp/summarize';
import { isLeadIn } from './lead-in';
import { blocksText, type Block, type Inline } from './markdown';

/** At most this many sentences (the first ones) take part in ranking, as in the summariser. */
export const MAX_CONDENSE_SENTENCES = 400;

export interface Condensed {
  blocks: Block[];
  /**
   * True when something was left out: the tree was longer than the budget (and so was condensed), or
   * it ended on a lead-in with nothing after it.
   */
  condensed: boolean;
  /** True when even the best sentence was longer than the budget and was cut at a word, with "…". */
  truncated: boolean;
}

interface Sentence {
  id: number;
  nodes: Inline[];
  plain: string;
  /**
   * For a lead-in (a sentence ending in ":"): the ids of what it introduces, the following list item,
   * paragraph or whole list, first sentence first. Empty when nothing that a condensed answer keeps
   * follows it.
   */
  introduces?: number[];
  /** A table row: kept only as what a lead-in introduces. */
  row?: boolean;
  /**
   * For a row: the lead-in that introduces its table. Such rows take part in ranking, and one ranked
   * high brings its lead-in (with the table, or its first row), so a sentence pointing at a table of
   * delivery times is kept with the times; rows nothing introduces are never ranked.
   */
  via?: number;
}

/** Where sentences live: a paragraph block, one list item (its Inline[] array) or one table row. */
type Container = object;

const plainOf = (node: Inline): string =>
  node.type === 'text' || node.type === 'code'
    ? node.text
    : node.type === 'break'
      ? '\n'
      : node.children.map(plainOf).join('');

const plainText = (nodes: readonly Inline[]): string => nodes.map(plainOf).join('');

/** Splits inline nodes into sentences; only text nodes are ever cut. */
export function splitInlineSentences(nodes: readonly Inline[]): Inline[][] {
  const ranges: { node: Inline; start: number; end: number }[] = [];
  let flat = '';
  for (const node of nodes) {
    const text = plainOf(node);
    ranges.push({ node, start: flat.length, end: flat.length + text.length });
    flat += text;
  }
  const atomic = ranges.filter((r) => r.node.type !== 'text' && r.node.type !== 'break');
  const cuts = splitSentences(flat, true)
    .slice(1)
    .map((span) => span.start)
    .filter((cut) => !atomic.some((r) => r.start < cut && cut < r.end));

  const out: Inline[][] = [];
  let current: Inline[] = [];
  let next = 0;
  const cutHere = () => {
    out.push(current);
    current = [];
    next++;
  };
  for (const { node, start, end } of ranges) {
    if (node.type !== 'text') {
      while (next < cuts.length && cuts[next] <= start) cutHere();
      current.push(node);
      continue;
    }
    let from = start;
    while (next < cuts.length && cuts[next] < end) {
      const cut = Math.max(from, cuts[next]);
      if (cut > from) current.push({ type: 'text', text: flat.slice(from, cut) });
      from = cut;
      cutHere();
    }
    if (from < end) current.push({ type: 'text', text: flat.slice(from, end) });
  }
  out.push(current);
  return out.map(trim).filter((sentence) => plainText(sentence).trim() !== '');
}

/** Without leading or trailing line breaks and white space. */
function trim(nodes: Inline[]): Inline[] {
  const out = [...nodes];
  const blank = (n: Inline | undefined) =>
    n !== undefined && (n.type === 'break' || (n.type === 'text' && n.text.trim() === ''));
  while (blank(out[0])) out.shift();
  while (blank(out[out.length - 1])) out.pop();
  const first = out[0];
  if (first?.type === 'text') out[0] = { type: 'text', text: first.text.trimStart() };
  const last = out[out.length - 1];
  if (last?.type === 'text') out[out.length - 1] = { type: 'text', text: last.text.trimEnd() };
  return out;
}

/** Sentences of every paragraph and list item, in document order (quotes included). */
function collect(
  blocks: readonly Block[],
  into: Map<Container, Sentence[]>,
  all: Sentence[],
  // Lead-ins still waiting for what follows them (shared across quotes).
  waiting: Sentence[] = [],
): void {
  const split = (nodes: readonly Inline[], from: number): Sentence[] =>
    // Ids are positions in `all`.
    splitInlineSentences(nodes).map((sentence, k) => ({
      id: from + k,
      nodes: sentence,
      plain: plainText(sentence).replace(/\s+/g, ' ').trim(),
    }));
  /** Adds one container's sentences; `whole` is what a lead-in before it introduces (default: them). */
  const add = (container: Container, sentences: Sentence[], whole = sentences) => {
    if (sentences.length === 0) return;
    for (const leadIn of waiting.splice(0)) {
      leadIn.introduces = whole.map((s) => s.id);
      for (const s of whole) if (s.row) s.via ??= leadIn.id;
    }
    sentences.forEach((s, k) => {
      if (s.row || !isLeadIn(s.plain)) return;
      // A lead-in before a line break introduces the rest of its paragraph or item.
      if (k < sentences.length - 1) s.introduces = sentences.slice(k + 1).map((t) => t.id);
      else {
        s.introduces = [];
        waiting.push(s);
      }
    });
    all.push(...sentences);
    into.set(container, sentences);
  };
  for (const block of blocks) {
    if (block.type === 'paragraph') add(block, split(block.children, all.length));
    else if (block.type === 'table') {
      // Each row is one unit, its cells joined as plain text shows them.
      const rows: { container: Container; sentence: Sentence }[] = [];
      for (const row of block.rows) {
        const plain = row.map(plainText).join(' | ').replace(/\s+/g, ' ').trim();
        if (plain.replace(/\|/g, '').trim() === '') continue;
        rows.push({
          container: row,
          sentence: { id: all.length + rows.length, nodes: [], plain, row: true },
        });
      }
      const whole = rows.map((r) => r.sentence);
      rows.forEach((r, k) => add(r.container, [r.sentence], k === 0 ? whole : [r.sentence]));
    } else if (block.type === 'list') {
      let next = all.length;
      const items = block.items.map((item) => {
        const sentences = split(item, next);
        next += sentences.length;
        return sentences;
      });
      // A lead-in before the list introduces all of it; one ending an item, the next item.
      const list = items.flat();
      block.items.forEach((item, k) =>
        add(item, items[k], list[0]?.id === items[k][0]?.id ? list : items[k]),
      );
    } else if (block.type === 'quote') collect(block.children, into, all, waiting);
    // A heading is dropped from a condensed answer: a lead-in before it introduces what follows it.
    else if (block.type === 'heading') continue;
    // Left out of a condensed answer: a lead-in before it introduces nothing kept.
    else for (const leadIn of waiting.splice(0)) leadIn.introduces = [];
  }
}

/**
 * The tree with only the chosen sentences and table rows (and `override`'s replacement nodes); empty
 * blocks dropped. Headings, code and rules are dropped too, unless `keepStructure`.
 */
function rebuild(
  blocks: readonly Block[],
  sentencesOf: Map<Container, Sentence[]>,
  chosen: ReadonlySet<number>,
  override?: { id: number; nodes: Inline[] },
  keepStructure = false,
): Block[] {
  const kept = (container: Container): Inline[] => {
    const out: Inline[] = [];
    for (const s of sentencesOf.get(container) ?? []) {
      if (!chosen.has(s.id)) continue;
      if (out.length > 0) out.push({ type: 'text', text: ' ' });
      out.push(...(override?.id === s.id ? override.nodes : s.nodes));
    }
    return out;
  };
  const out: Block[] = [];
  for (const block of blocks) {
    if (block.type === 'paragraph') {
      const children = kept(block);
      if (children.length > 0) out.push({ type: 'paragraph', children });
    } else if (block.type === 'list') {
      // Numbered items keep their numbers: a gap (a dropped step) starts a new list at the next one.
      let run: Extract<Block, { type: 'list' }> | null = null;
      block.items.map(kept).forEach((item, k) => {
        if (item.length === 0) {
          if (block.ordered) run = null;
          return;
        }
        if (run) run.items.push(item);
        else
          out.push((run = { type: 'list', ordered: block.ordered, start: block.start + k, items: [item] }));
      });
    } else if (block.type === 'table') {
      // A kept row keeps the header that names its cells.
      const rows = block.rows.filter((row) => sentencesOf.get(row)?.some((s) => chosen.has(s.id)));
      if (rows.length > 0) out.push({ type: 'table', header: block.header, rows });
    } else if (block.type === 'quote') {
      const children = rebuild(block.children, sentencesOf, chosen, override, keepStructure);
      if (children.length > 0) out.push({ type: 'quote', children });
    } else if (keepStructure) out.push(block);
  }
  return out;
}

const visibleLength = (blocks: readonly Block[]) => blocksText(blocks).length;

/**
 * A lead-in's id with what it needs kept beside it: the first sentence it introduces (`whole`: all of
 * them), and so on for a lead-in brought in that way. Null when a lead-in in it introduces nothing kept.
 */
function withIntroduced(leadIn: Sentence, all: readonly Sentence[], whole: boolean): number[] | null {
  const ids = new Set([leadIn.id]);
  const todo = [leadIn];
  for (let s = todo.pop(); s !== undefined; s = todo.pop()) {
    if (!s.introduces) continue;
    if (s.introduces.length === 0) return null;
    for (const id of whole ? s.introduces : s.introduces.slice(0, 1)) {
      if (ids.has(id)) continue;
      ids.add(id);
      todo.push(all[id]);
    }
  }
  return [...ids];
}

/**
 * Inline nodes cut to at most `room` visible characters at a word: text is cut, bold and italics are
 * cut inside (keeping their markup), a link, code span or line break is kept whole or not at all.
 */
function cutNodes(nodes: readonly Inline[], room: number): Inline[] {
  const out: Inline[] = [];
  let left = room;
  for (const node of nodes) {
    const length = plainOf(node).length;
    if (length <= left) {
      out.push(node);
      left -= length;
      continue;
    }
    if (node.type === 'text') {
      const head = node.text.slice(0, left);
      const atWord = /\s/.test(node.text[left] ?? ' ');
      const space = head.lastIndexOf(' ');
      const piece = atWord ? head : space > 0 ? head.slice(0, space) : out.length === 0 ? head : '';
      if (piece.trim() !== '') out.push({ type: 'text', text: piece });
    } else if (node.type === 'strong' || node.type === 'em') {
      const children = cutNodes(node.children, left);
      if (plainText(children).trim() !== '') out.push({ type: node.type, children });
    }
    break;
  }
  // No dangling punctuation before the ellipsis.
  const last = out[out.length - 1];
  if (last?.type === 'text') {
    const text = last.text.replace(/[\s,;:.!?-]+$/, '');
    if (text === '') out.pop();
    else out[out.length - 1] = { type: 'text', text };
  }
  return out;
}

/**
 * `nodes` cut to `room` characters with "…" after. When a link that does not fit would leave less than
 * half of that, the sentence is cut as plain text instead: its links become their text, never a link
 * with part of its label.
 */
function truncate(nodes: readonly Inline[], room: number): Inline[] {
  let cut = cutNodes(nodes, room - 1);
  if (plainText(cut).length < (room - 1) / 2)
    cut = cutNodes([{ type: 'text', text: plainText(nodes) }], room - 1);
  return [...cut, { type: 'text', text: '…' }];
}

/**
 * A tree within its budget, whole but for the lead-ins it ends on (`dangling`: those with nothing at
 * all after them), and any lead-in that introduced only those.
 */
function withoutTrailingLeadIns(
  blocks: readonly Block[],
  sentencesOf: Map<Container, Sentence[]>,
  all: readonly Sentence[],
  dangling: readonly Sentence[],
): Condensed {
  if (dangling.length === 0) return { blocks: [...blocks], condensed: false, truncated: false };
  const dropped = new Set(dangling.map((s) => s.id));
  for (let more = true; more;) {
    more = false;
    for (const s of all) {
      if (dropped.has(s.id) || !s.introduces?.length) continue;
      if (s.introduces.every((id) => dropped.has(id))) {
        dropped.add(s.id);
        more = true;
      }
    }
  }
  const kept = new Set(all.filter((s) => !dropped.has(s.id)).map((s) => s.id));
  return { blocks: rebuild(blocks, sentencesOf, kept, undefined, true), condensed: true, truncated: false };
}

/**
 * The tree condensed to at most `maxChars` visible characters: the top-ranked whole sentences that fit,
 * best first (one that does not fit is skipped; later, shorter ones may still fit), shown in document
 * order. When not even the best sentence fits, it is cut at a word and ends in "…".
 */
export function condenseBlocks(blocks: readonly Block[], maxChars: number): Condensed {
  const budget = Math.max(1, Math.floor(maxChars));
  const sentencesOf = new Map<Container, Sentence[]>();
  const all: Sentence[] = [];
  const waiting: Sentence[] = [];
  collect(blocks, sentencesOf, all, waiting);
  if (visibleLength(blocks) <= budget) return withoutTrailingLeadIns(blocks, sentencesOf, all, waiting);

  const considered = all.slice(0, MAX_CONDENSE_SENTENCES).filter((s) => !s.row || s.via !== undefined);
  const stems = considered.map((s) => contentStems(s.plain));
  let candidates = considered.filter((_, k) => stems[k].length > 0);
  if (candidates.length === 0) candidates = considered;
  if (candidates.length === 0) return { blocks: [], condensed: true, truncated: false };

  const index = new StemIndex();
  const weights = overlapSimilarity(candidates.map((s) => index.encode(contentStems(s.plain))));
  const order = rankOrder(pageRank(weights, candidates.length).scores).map((k) => candidates[k]);

  let chosen = new Set<number>();
  let used = 0;
  for (const ranked of order) {
    if (chosen.has(ranked.id)) continue;
    // A row comes in through its lead-in; once that is kept, on its own.
    const sentence = ranked.via !== undefined && !chosen.has(ranked.via) ? all[ranked.via] : ranked;
    // A lead-in comes with all it introduces when that fits, else with the start of it.
    const options = sentence.introduces
      ? [withIntroduced(sentence, all, true), withIntroduced(sentence, all, false)]
      : [[sentence.id]];
    for (const option of options) {
      const added = option?.filter((id) => !chosen.has(id)) ?? [];
      if (added.length === 0) continue;
      // Cheap test first: the new sentences alone (each plus a space) must fit in what is left.
      const least = added.reduce((n, id) => n + all[id].plain.length + 1, chosen.size > 0 ? 0 : -1);
      if (used + least > budget) continue;
      const trial = new Set([...chosen, ...added]);
      const length = visibleLength(rebuild(blocks, sentencesOf, trial));
      if (length > budget) continue;
      chosen = trial;
      used = length;
      break;
    }
  }
  if (chosen.size > 0) {
    return { blocks: rebuild(blocks, sentencesOf, chosen), condensed: true, truncated: false };
  }

  // Not even the best sentence fits: cut it, then shorten it by what its place (a bullet) adds. A
  // lead-in cut short would still promise what is not there, so the best other sentence is cut.
  const best =
    order.find((s) => !s.introduces && !s.row) ??
    order.find((s) => !s.row) ??
    all.find((s) => !s.row) ??
    order[0];
  const only = new Set([best.id]);
  let room = budget;
  for (;;) {
    const nodes = truncate(best.nodes, Math.max(1, room));
    const result = rebuild(blocks, sentencesOf, only, { id: best.id, nodes });
    const over = visibleLength(result) - budget;
    if (over <= 0 || room <= 1) return { blocks: result, condensed: true, truncated: true };
    room -= over;
  }
}
