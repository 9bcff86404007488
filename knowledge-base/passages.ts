/**
 * Articles and FAQs cut into passages: the units the indexes hold and answers quote.
 *
 * A FAQ gives its question, each alternative phrasing, and its answer. An article gives its title, then
 * one passage per paragraph-sized piece of each section: blocks (paragraphs, lists, tables, code,
 * quotes) under the same heading are merged while the passage is short, and a block longer than the
 * limit is cut at sentence (or line) boundaries. A passage whose last sentence is a lead-in ("Here's
 * what you need:", "The delivery times below start from dispatch.") carries on into the block it
 * points at, even past a heading, so an answer quoting it has what it promises. Every passage remembers
 * its heading path and the anchor of its nearest heading (the same anchors `renderMarkdown` gives), so
 * a source link can point at the section.
 */
import { createHash } from 'node:crypto';
import { splitSentences } from '../nlp/summarize';
import type { ArticleKind } from '../store';
import { endsInLeadIn } from './lead-in';
import {
  anchorGenerator,
  blocksText,
  headingText,
  listItems,
  parseBlocks,
  renderMarkdown,
  type RawBlock,
} from './markdown';

export type PassageRole = 'question' | 'alternative' | 'answer' | 'title' | 'section';

export interface Passage {
  /** Position within the article (0-based): the key its stored vector is filed under. */
  index: number;
  role: PassageRole;
  /** Heading path above the passage (article sections only). */
  headings: string[];
  /** Anchor of the nearest heading ('' when none). */
  anchor: string;
  /** Source markdown of the passage (what answers condense and render). */
  markdown: string;
  /** Plain text (markdown removed): what the keyword index reads. */
  text: string;
  /** What is embedded: the text with its title and headings in front, capped. */
  embedText: string;
  /** Fingerprint of embedText, stored beside the vector. */
  hash: string;
}

export interface PassageSource {
  kind: ArticleKind;
  title: string;
  body: string;
  alternatives: readonly string[];
}

export interface PassageOptions {
  /** A section passage grows by whole blocks while shorter than this many characters (default 300). */
  minChars?: number;
  /** Blocks are never merged beyond this; a longer block is cut at sentence boundaries (default 900). */
  maxChars?: number;
}

/** Characters of a passage that get embedded (MiniLM reads 256 tokens, roughly 1,000 characters). */
export const MAX_EMBED_CHARS = 1000;

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

export function passageHash(embedText: string): string {
  return createHash('sha256').update(embedText).digest('hex').slice(0, 16);
}

function passage(
  index: number,
  role: PassageRole,
  context: string[],
  fields: { headings?: string[]; anchor?: string; markdown: string; text: string },
): Passage {
  const text = squash(fields.text);
  const prefix = context.filter((c) => c !== '').join(' — ');
  const embedText = (
    prefix && role !== 'question' && role !== 'alternative' && role !== 'title' ? `${prefix}: ${text}` : text
  ).slice(0, MAX_EMBED_CHARS);
  return {
    index,
    role,
    headings: fields.headings ?? [],
    anchor: fields.anchor ?? '',
    markdown: fields.markdown,
    text,
    embedText,
    hash: passageHash(embedText),
  };
}

/** The passages of one article or FAQ, in order (indexes 0, 1, 2…). */
export function splitPassages(source: PassageSource, options: PassageOptions = {}): Passage[] {
  const title = squash(source.title);
  if (source.kind === 'faq') {
    const out: Passage[] = [passage(0, 'question', [], { markdown: title, text: title })];
    const seen = new Set([title.toLowerCase()]);
    for (const alternative of source.alternatives) {
      const text = squash(alternative);
      if (text === '' || seen.has(text.toLowerCase())) continue;
      seen.add(text.toLowerCase());
      out.push(passage(out.length, 'alternative', [], { markdown: text, text }));
    }
    const answer = blocksText(renderMarkdown(source.body));
    if (squash(answer) !== '')
      out.push(passage(out.length, 'answer', [title], { markdown: source.body, text: answer }));
    return out;
  }
  return splitArticle(title, source.body, options);
}

interface Unit {
  headings: string[];
  anchor: string;
  markdown: string;
  text: string;
}

function splitArticle(title: string, body: string, options: PassageOptions): Passage[] {
  const minChars = options.minChars ?? 300;
  const maxChars = Math.max(minChars, options.maxChars ?? 900);
  const out: Passage[] = [passage(0, 'title', [], { markdown: title, text: title })];
  const anchor = anchorGenerator();
  const stack: { level: number; text: string; anchor: string }[] = [];
  let current: Unit | null = null;
  const flush = () => {
    if (current && squash(current.text) !== '') {
      out.push(passage(out.length, 'section', [title, ...current.headings], current));
    }
    current = null;
  };

  const blocks = parseBlocks(body);
  blocks.forEach((block, i) => {
    if (block.kind === 'heading') {
      // A passage ending in a lead-in stays open: what it points at is under this heading.
      if (!(current && endsInLeadIn((current as Unit).text))) flush();
      const text = headingText(block.lines[0]);
      const slug = anchor(text);
      // A leading H1 that repeats the title is the title, not a section.
      if (i === 0 && block.level === 1 && text.toLowerCase() === title.toLowerCase()) return;
      while (stack.length > 0 && stack[stack.length - 1].level >= block.level) stack.pop();
      stack.push({ level: block.level, text, anchor: slug });
      return;
    }
    const headings = stack.map((h) => h.text);
    const sectionAnchor = stack.length > 0 ? stack[stack.length - 1].anchor : '';
    for (const piece of pieces(block, maxChars)) {
      const unit: Unit = { headings, anchor: sectionAnchor, markdown: piece.markdown, text: piece.text };
      const open = current as Unit | null;
      // A passage ending in a lead-in ("…in three ways:") takes what it introduces, even past minChars
      // or a heading; otherwise a short one grows by blocks of its own section only.
      const takes =
        open !== null &&
        (endsInLeadIn(open.text) || (open.text.length < minChars && sameSection(open, unit)));
      if (open && takes && open.text.length + unit.text.length + 1 <= maxChars) {
        open.markdown += '\n\n' + unit.markdown;
        open.text += '\n' + unit.text;
      } else {
        flush();
        current = unit;
      }
    }
  });
  flush();
  return out;
}

const sameSection = (a: Unit, b: Unit): boolean =>
  a.anchor === b.anchor && a.headings.join('\n') === b.headings.join('\n');

/** One block as markdown + plain text, cut into pieces of at most maxChars of text where possible. */
function pieces(block: RawBlock, maxChars: number): { markdown: string; text: string }[] {
  const markdown = blockMarkdown(block);
  const text = blocksText(renderMarkdown(markdown));
  if (text.length <= maxChars) return squash(text) === '' ? [] : [{ markdown, text }];
  // Too long: paragraphs and quotes are cut between sentences, lists between items, the rest by lines.
  let parts: string[];
  if (block.kind === 'paragraph') {
    parts = splitSentences(block.lines.join(' '), false).map((span) => span.text);
  } else if (block.kind === 'list') {
    const { ordered, start, items } = listItems(block);
    parts = items.map((item, k) => `${ordered ? `${start + k}.` : '-'} ${item}`);
  } else if (block.kind === 'code') {
    return chunk(block.lines, maxChars).map((lines) => {
      const md = '```\n' + lines.join('\n') + '\n```';
      return { markdown: md, text: lines.join('\n') };
    });
  } else {
    parts = block.lines;
  }
  const separator = block.kind === 'paragraph' ? ' ' : '\n';
  return chunk(parts, maxChars)
    .map((group) => {
      const md =
        block.kind === 'table' && group[0] !== block.lines[0]
          ? [block.lines[0], block.lines[1], ...group].join('\n')
          : group.join(separator);
      return { markdown: md, text: blocksText(renderMarkdown(md)) };
    })
    .filter((piece) => squash(piece.text) !== '');
}

/** Consecutive groups whose joined length stays within maxChars (a single longer item is cut hard). */
function chunk(items: string[], maxChars: number): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  let length = 0;
  for (const raw of items) {
    const item = raw.length > maxChars * 2 ? raw.slice(0, maxChars * 2) : raw;
    if (group.length > 0 && length + item.length + 1 > maxChars) {
      groups.push(group);
      group = [];
      length = 0;
    }
    group.push(item);
    length += item.length + 1;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

function blockMarkdown(block: RawBlock): string {
  switch (block.kind) {
    case 'code':
      return '```' + block.lang + '\n' + block.lines.join('\n') + '\n```';
    case 'quote':
      return block.lines.map((line) => `> ${line}`).join('\n');
    case 'rule':
      return '';
    default:
      return block.lines.join('\n');
  }
}
