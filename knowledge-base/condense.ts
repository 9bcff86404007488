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
 * leaves them out.
 */
import {
  contentStems,
  overlapSimilarity,
  pageRank,
  rankOrder,
  splitSentences,
  StemIndex,
} from '../nlp/summarize';
import { blocksText, type Block, type Inline } from './markdown';

/** At most this many sentences (the first ones) take part in ranking, as in the summariser. */
export const MAX_CONDENSE_SENTENCES = 400;

export interface Condensed {
  blocks: Block[];
  /** True when the tree was longer than the budget (and so was condensed). */
  condensed: boolean;
  /** True when even the best sentence was longer than the budget and was cut at a word, with "…". */
  truncated: boolean;
}

interface Sentence {
  id: number;
  nodes: Inline[];
  plain: string;
}

/** Where sentences live: a paragraph block, or one list item (its Inline[] array). */
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
function collect(blocks: readonly Block[], into: Map<Container, Sentence[]>, all: Sentence[]): void {
  const add = (container: Container, nodes: readonly Inline[]) => {
    // Ids are positions in `all`.
    const sentences = splitInlineSentences(nodes).map((sentence, k) => ({
      id: all.length + k,
      nodes: sentence,
      plain: plainText(sentence).replace(/\s+/g, ' ').trim(),
    }));
    all.push(...sentences);
    into.set(container, sentences);
  };
  for (const block of blocks) {
    if (block.type === 'paragraph') add(block, block.children);
    else if (block.type === 'list') for (const item of block.items) add(item, item);
    else if (block.type === 'quote') collect(block.children, into, all);
  }
}

/** The tree with only the chosen sentences (and `override`'s replacement nodes); empty blocks dropped. */
function rebuild(
  blocks: readonly Block[],
  sentencesOf: Map<Container, Sentence[]>,
  chosen: ReadonlySet<number>,
  override?: { id: number; nodes: Inline[] },
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
    } else if (block.type === 'quote') {
      const children = rebuild(block.children, sentencesOf, chosen, override);
      if (children.length > 0) out.push({ type: 'quote', children });
    }
  }
  return out;
}

const visibleLength = (blocks: readonly Block[]) => blocksText(blocks).length;

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
 * The tree condensed to at most `maxChars` visible characters: the top-ranked whole sentences that fit,
 * best first (one that does not fit is skipped; later, shorter ones may still fit), shown in document
 * order. When not even the best sentence fits, it is cut at a word and ends in "…".
 */
export function condenseBlocks(blocks: readonly Block[], maxChars: number): Condensed {
  const budget = Math.max(1, Math.floor(maxChars));
  if (visibleLength(blocks) <= budget) return { blocks: [...blocks], condensed: false, truncated: false };

  const sentencesOf = new Map<Container, Sentence[]>();
  const all: Sentence[] = [];
  collect(blocks, sentencesOf, all);
  const considered = all.slice(0, MAX_CONDENSE_SENTENCES);
  const stems = considered.map((s) => contentStems(s.plain));
  let candidates = considered.filter((_, k) => stems[k].length > 0);
  if (candidates.length === 0) candidates = considered;
  if (candidates.length === 0) return { blocks: [], condensed: true, truncated: false };

  const index = new StemIndex();
  const weights = overlapSimilarity(candidates.map((s) => index.encode(contentStems(s.plain))));
  const order = rankOrder(pageRank(weights, candidates.length).scores).map((k) => candidates[k]);

  let chosen = new Set<number>();
  let used = 0;
  for (const sentence of order) {
    // Cheap test first: the sentence alone (plus a space) must fit in what is left.
    if (used + sentence.plain.length + (chosen.size > 0 ? 1 : 0) > budget) continue;
    const trial = new Set(chosen).add(sentence.id);
    const length = visibleLength(rebuild(blocks, sentencesOf, trial));
    if (length > budget) continue;
    chosen = trial;
    used = length;
  }
  if (chosen.size > 0) {
    return { blocks: rebuild(blocks, sentencesOf, chosen), condensed: true, truncated: false };
  }

  // Not even the best sentence fits: cut it, then shorten it by what its place (a bullet) adds.
  const best = order[0];
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
