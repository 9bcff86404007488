/**
 * A small markdown reader of our own, for knowledge-base content written by admins (and imported from
 * files): blocks (headings, paragraphs, lists, fenced/indented code, quotes, tables, rules) and inlines
 * (emphasis, code, links, autolinks, bare URLs, hard breaks).
 *
 * Safety is structural: content is parsed into a tree of known node types, and HTML is produced only by
 * `toSafeHtml`, which writes a fixed set of tags and escapes every piece of text. Raw HTML in the source
 * never becomes markup: script, style and other active elements are removed with their content, other
 * tags are dropped (their text kept), and a link survives only with an http(s)/mailto URL or a
 * site-relative path. Images become their alt text.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'break' };

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; anchor: string; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'list'; ordered: boolean; start: number; items: Inline[][] }
  | { type: 'code'; lang: string; text: string }
  | { type: 'quote'; children: Block[] }
  | { type: 'table'; header: Inline[][]; rows: Inline[][][] }
  | { type: 'rule' };

/** Longest markdown read (characters); the rest is ignored. Keeps every pass linear and bounded. */
export const MAX_MARKDOWN_CHARS = 200_000;

/** One block of source markdown, before inline parsing: what passages are cut from. */
export interface RawBlock {
  kind: 'heading' | 'paragraph' | 'list' | 'code' | 'quote' | 'table' | 'rule';
  /** Heading level (1–6), 0 otherwise. */
  level: number;
  /** Source lines (code: the code itself; heading: the heading text only; quote: without "> "). */
  lines: string[];
  /** Fenced code language, '' otherwise. */
  lang: string;
}

// Elements whose content is code or embedded documents: dropped with everything inside them.
const ACTIVE_ELEMENTS =
  'script|style|iframe|object|embed|template|noscript|svg|math|textarea|select|frame|frameset|applet';
const ACTIVE_BLOCK = new RegExp(`<(${ACTIVE_ELEMENTS})\\b[^>]*>[\\s\\S]*?(?:<\\/\\1\\s*>|$)`, 'gi');
const ACTIVE_SELF_CLOSING = new RegExp(`<(${ACTIVE_ELEMENTS})\\b[^>]*\\/?>`, 'gi');
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const CDATA = /<!\[CDATA\[[\s\S]*?(?:\]\]>|$)/g;
/** An HTML tag: `<name …>`, `</name>`, `<!DOCTYPE …>`, `<?…?>`. Never matches `<https://…>` or `a < b`. */
const TAG = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>|<![A-Za-z][^<>]*>|<\?[^<>]*\?>/g;

/**
 * Removes raw HTML from markdown outside code: active elements (script, style, iframe…) with their
 * content, comments, and every other tag (keeping the text between tags). Code fences and inline code
 * are left alone, since they are always rendered as text. Fences are found line by line with the
 * same rules as parseBlocks, and an inline code span never crosses a blank line or a line that starts
 * another block (parseInline never sees such a span whole). Text nodes are stripped once more when
 * inline markdown is parsed, so whatever this pass mistakes for code cannot reach a page as text.
 */
export function stripHtml(markdown: string): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  let textStart = 0;
  const flushText = (end: number) => {
    if (end > textStart) out.push(stripHtmlText(lines.slice(textStart, end).join('\n')));
  };
  let i = 0;
  while (i < lines.length) {
    const fence = FENCE.exec(lines[i]);
    if (!fence) {
      i++;
      continue;
    }
    // Fenced code (closed, or running to the end of the input) is kept verbatim.
    flushText(i);
    const closer = fenceCloser(fence[1]);
    let j = i + 1;
    while (j < lines.length && !closer.test(lines[j])) j++;
    const end = Math.min(j + 1, lines.length);
    out.push(lines.slice(i, end).join('\n'));
    i = textStart = end;
  }
  flushText(lines.length);
  return out.join('\n');
}

/** Removes comments, CDATA, active elements with their content, and every other tag (text kept). */
const removeTags = (text: string): string =>
  text.includes('<')
    ? text
        .replace(COMMENT, '')
        .replace(CDATA, '')
        .replace(ACTIVE_BLOCK, '')
        .replace(ACTIVE_SELF_CLOSING, '')
        .replace(TAG, '')
    : text;

function stripHtmlText(text: string): string {
  if (!text.includes('<')) return text;
  // Inline code spans are protected by splitting them out first.
  return splitInlineCode(text)
    .map((piece, i) => (i % 2 === 1 ? piece : removeTags(piece)))
    .join('');
}

/**
 * Splits text into [text, code, text, code, …, text]. A code span is found as parseInline finds it (a
 * run of backticks closed by the next equal run) but must end before the next blank line or line that
 * starts another block. Linear: the next match of each run is remembered.
 */
function splitInlineCode(text: string): string[] {
  const stops: number[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    if (offset > 0 && (isBlank(line) || startsBlock(line))) stops.push(offset);
    offset += line.length + 1;
  }
  stops.push(Number.POSITIVE_INFINITY);
  const pieces: string[] = [];
  const nextRun = new Map<string, number>();
  let last = 0;
  let stop = 0;
  let i = text.indexOf('`');
  while (i !== -1) {
    let end = i;
    while (text[end] === '`') end++;
    const run = text.slice(i, end);
    while (stops[stop] <= i) stop++;
    let close = nextRun.get(run);
    if (close === undefined || (close !== -1 && close < end)) {
      close = text.indexOf(run, end);
      nextRun.set(run, close);
    }
    if (close !== -1 && close + run.length <= stops[stop]) {
      pieces.push(text.slice(last, i), text.slice(i, close + run.length));
      last = close + run.length;
      i = text.indexOf('`', last);
    } else {
      i = text.indexOf('`', end);
    }
  }
  pieces.push(text.slice(last));
  return pieces;
}

/** The line that closes a fence opened by `marker`: the same character, at least as many, nothing else. */
const fenceCloser = (marker: string) => new RegExp(`^ {0,3}${marker[0]}{${marker.length},}[ \\t]*$`);

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^`\s]*)[^`]*$/;
const RULE = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const BULLET = /^ {0,3}([-*+])[ \t]+/;
const ORDERED = /^ {0,3}(\d{1,9})[.)][ \t]+/;
const QUOTE = /^ {0,3}>[ ]?/;
const TABLE_DIVIDER = /^ {0,3}\|?[ \t]*:?-{1,}:?[ \t]*(?:\|[ \t]*:?-{1,}:?[ \t]*)*\|?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;

const isBlank = (line: string) => line.trim() === '';
const startsBlock = (line: string) =>
  HEADING.test(line) ||
  FENCE.test(line) ||
  RULE.test(line) ||
  QUOTE.test(line) ||
  BULLET.test(line) ||
  ORDERED.test(line);

/** Splits (HTML-stripped, capped) markdown into source blocks. Linear in the input. */
export function parseBlocks(markdown: string): RawBlock[] {
  const text = stripHtml(prepare(markdown));
  const lines = text.split('\n');
  const blocks: RawBlock[] = [];
  const push = (kind: RawBlock['kind'], blockLines: string[], level = 0, lang = '') =>
    blocks.push({ kind, level, lines: blockLines, lang });

  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const closer = fenceCloser(fence[1]);
      const body: string[] = [];
      i++;
      while (i < lines.length && !closer.test(lines[i])) {
        body.push(lines[i]);
        i++;
      }
      i++; // closing fence (or end of input)
      push('code', body, 0, fence[2] ?? '');
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      push('heading', [heading[2] ?? ''], heading[1].length);
      i++;
      continue;
    }
    if (RULE.test(line)) {
      push('rule', []);
      i++;
      continue;
    }
    if (/^( {4}|\t)/.test(line)) {
      const body: string[] = [];
      while (
        i < lines.length &&
        (/^( {4}|\t)/.test(lines[i]) || (isBlank(lines[i]) && /^( {4}|\t)/.test(lines[i + 1] ?? '')))
      ) {
        body.push(lines[i].replace(/^( {4}|\t)/, ''));
        i++;
      }
      push('code', body);
      continue;
    }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      while (i < lines.length && !isBlank(lines[i]) && (QUOTE.test(lines[i]) || !startsBlock(lines[i]))) {
        body.push(lines[i].replace(QUOTE, ''));
        i++;
      }
      push('quote', body);
      continue;
    }
    if (BULLET.test(line) || ORDERED.test(line)) {
      const ordered = ORDERED.test(line);
      const body: string[] = [];
      while (i < lines.length) {
        const current = lines[i];
        if (isBlank(current)) {
          // A blank line inside a list continues it when the next line is another item or indented.
          const next = lines[i + 1] ?? '';
          if ((ordered ? ORDERED : BULLET).test(next) || /^( {2,}|\t)\S/.test(next)) {
            i++;
            continue;
          }
          break;
        }
        if (
          body.length > 0 &&
          !/^\s/.test(current) &&
          !(ordered ? ORDERED : BULLET).test(current) &&
          startsBlock(current)
        )
          break;
        body.push(current);
        i++;
      }
      push('list', body);
      continue;
    }
    if (line.includes('|') && TABLE_DIVIDER.test(lines[i + 1] ?? '') && (lines[i + 1] ?? '').includes('-')) {
      const body = [line, lines[i + 1]];
      i += 2;
      while (i < lines.length && !isBlank(lines[i]) && lines[i].includes('|')) {
        body.push(lines[i]);
        i++;
      }
      push('table', body);
      continue;
    }
    // Paragraph: until a blank line or the start of another block.
    const body = [line];
    i++;
    while (i < lines.length && !isBlank(lines[i]) && !startsBlock(lines[i])) {
      const setext = SETEXT.exec(lines[i]);
      if (setext) {
        push('heading', [body.join(' ').trim()], setext[1][0] === '=' ? 1 : 2);
        body.length = 0;
        i++;
        break;
      }
      body.push(lines[i]);
      i++;
    }
    if (body.length > 0) push('paragraph', body);
  }
  return blocks;
}

function prepare(markdown: unknown): string {
  if (typeof markdown !== 'string') return '';
  const capped = markdown.length > MAX_MARKDOWN_CHARS ? markdown.slice(0, MAX_MARKDOWN_CHARS) : markdown;
  return capped
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** The list items of a list block: one string per item (continuation lines and nested items joined). */
export function listItems(block: RawBlock): { ordered: boolean; start: number; items: string[] } {
  const ordered = ORDERED.test(block.lines[0] ?? '');
  const start = ordered ? Number(ORDERED.exec(block.lines[0])![1]) : 1;
  const marker = ordered ? ORDERED : BULLET;
  const items: string[] = [];
  for (const line of block.lines) {
    const topLevel = marker.test(line) && !/^ {2,}|\t/.test(line.replace(/^ {0,1}/, ''));
    if (topLevel || items.length === 0) items.push(line.replace(marker, ''));
    else items[items.length - 1] += '\n' + line.trim().replace(BULLET, '').replace(ORDERED, '');
  }
  return { ordered, start, items };
}

/** Cells of one table row, split on unescaped pipes. */
export function tableCells(line: string): string[] {
  const trimmed = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return trimmed.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** Slug for a heading anchor: lower case letters and digits joined by single hyphens. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/** Unique heading anchors in document order: slug, slug-2, slug-3… ('section' for an empty slug). */
export function anchorGenerator(): (headingText: string) => string {
  const anchors = new Map<string, number>();
  return (text: string) => {
    const base = slugify(text) || 'section';
    const n = (anchors.get(base) ?? 0) + 1;
    anchors.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  };
}

/** The plain text of a heading line (what its anchor is made from). */
export const headingText = (source: string): string => inlineText(parseInline(source)).trim();

/** Parses markdown into the safe block tree. Headings get unique anchors (slug, slug-2, …). */
export function renderMarkdown(markdown: string): Block[] {
  const uniqueAnchor = anchorGenerator();
  return parseBlocks(markdown).map((raw) => toBlock(raw, uniqueAnchor, 0));
}

/** Quotes nest at most this deep; deeper ones are kept as a paragraph of text. */
const MAX_QUOTE_DEPTH = 4;

function toBlock(raw: RawBlock, anchor: (text: string) => string, depth: number): Block {
  switch (raw.kind) {
    case 'heading': {
      const children = parseInline(raw.lines[0]);
      return {
        type: 'heading',
        level: Math.min(6, Math.max(1, raw.level)) as 1 | 2 | 3 | 4 | 5 | 6,
        anchor: anchor(inlineText(children)),
        children,
      };
    }
    case 'code':
      return { type: 'code', lang: raw.lang.replace(/[^\w+#.-]/g, ''), text: raw.lines.join('\n') };
    case 'rule':
      return { type: 'rule' };
    case 'quote':
      if (depth >= MAX_QUOTE_DEPTH) return { type: 'paragraph', children: parseInline(raw.lines.join('\n')) };
      return {
        type: 'quote',
        children: parseBlocks(raw.lines.join('\n')).map((b) => toBlock(b, anchor, depth + 1)),
      };
    case 'list': {
      const { ordered, start, items } = listItems(raw);
      return { type: 'list', ordered, start, items: items.map((item) => parseInline(item)) };
    }
    case 'table': {
      const [head, , ...rows] = raw.lines;
      const header = tableCells(head).map((cell) => parseInline(cell));
      return {
        type: 'table',
        header,
        rows: rows.map((row) => {
          const cells = tableCells(row).slice(0, header.length);
          while (cells.length < header.length) cells.push('');
          return cells.map((cell) => parseInline(cell));
        }),
      };
    }
    default:
      return {
        type: 'paragraph',
        children: parseInline(raw.lines.map((l) => l.replace(/^\s+/, '')).join('\n')),
      };
  }
}

const ENTITY: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  '#39': "'",
};
const decodeEntities = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_, name: string) => ENTITY[name]);

/** Only these reach a page as a link; anything else (javascript:, data:, vbscript:, //host) becomes text. */
export function safeHref(raw: string): string | null {
  const decoded = decodeEntities(raw.trim());
  const href = decoded.replace(/[\u0000-\u0020\u007f]/g, (c) => (c === ' ' ? '%20' : ''));
  if (href === '' || href.length > 2048) return null;
  if (/^https?:\/\/[^\s/?#]+/i.test(href)) return href;
  if (/^mailto:[^\s@]+@[^\s@]+$/i.test(href)) return href;
  if (/^#[\w-]*$/.test(href)) return href;
  // Site-relative paths, never protocol-relative "//host". Browsers read "\" as "/" ("/\host" opens
  // https://host/) and drop tabs and newlines, so a path with a backslash or a control character
  // anywhere in it is refused rather than guessed at.
  if (/^\/(?![/\\])/.test(href) && !/[\\\u0000-\u001f\u007f]/.test(decoded)) return href;
  return null;
}

/** Parses inline markdown. Total work is linear-ish in the text (every scan moves forward). */
export function parseInline(source: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  // Pending text as pieces (not one growing string: reading the end of a concatenated string would
  // flatten it on every look, which makes long inputs quadratic).
  let text: string[] = [];
  const tail = (n: number) => text.slice(-n).join('').slice(-n);
  const flush = () => {
    if (text.length > 0) {
      // Raw HTML left in text (where stripHtml took something for code that is not) goes here too.
      const joined = removeTags(text.join(''));
      if (joined) out.push({ type: 'text', text: decodeEntities(joined) });
    }
    text = [];
  };
  let i = 0;
  const s = source;
  // No "]" after a "[" means no link can start there: skips the scan for runs of "[".
  const lastClose = s.lastIndexOf(']');
  while (i < s.length) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      if (s[i + 1] === '\n') {
        flush();
        out.push({ type: 'break' });
        i += 2;
        continue;
      }
      if (/[!-/:-@[-`{-~]/.test(s[i + 1])) {
        // An escaped "<" is kept as its entity until the text is stripped, so it never starts a tag.
        text.push(s[i + 1] === '<' ? '&lt;' : s[i + 1]);
        i += 2;
        continue;
      }
    }
    if (c === '\n') {
      const hard = tail(2) === '  ';
      while (text.length > 0 && text[text.length - 1] === ' ') text.pop();
      if (hard) {
        flush();
        out.push({ type: 'break' });
      } else text.push(' ');
      i++;
      while (s[i] === ' ' || s[i] === '\t') i++;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(s.slice(i))![0];
      const close = s.indexOf(run, i + run.length);
      if (close !== -1) {
        flush();
        out.push({
          type: 'code',
          text: s
            .slice(i + run.length, close)
            .replace(/\n/g, ' ')
            .trim(),
        });
        i = close + run.length;
        continue;
      }
      text.push(run);
      i += run.length;
      continue;
    }
    if (c === '!' && s[i + 1] === '[' && i < lastClose) {
      const link = readLink(s, i + 1);
      if (link) {
        // Images are not shown: their alt text stands in.
        text.push(link.label);
        i = link.end;
        continue;
      }
    }
    if (c === '[' && i < lastClose) {
      const link = readLink(s, i);
      if (link) {
        flush();
        const children =
          depth < 4
            ? parseInline(link.label, depth + 1)
            : [{ type: 'text' as const, text: removeTags(link.label) }];
        const href = safeHref(link.href);
        if (href) out.push({ type: 'link', href, children });
        else out.push(...children);
        i = link.end;
        continue;
      }
    }
    if (c === '<') {
      const auto = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/i.exec(s.slice(i, i + 2100));
      if (auto) {
        const href = safeHref(auto[1]);
        if (href) {
          flush();
          out.push({
            type: 'link',
            href,
            children: [{ type: 'text', text: auto[1].replace(/^mailto:/i, '') }],
          });
          i += auto[0].length;
          continue;
        }
      }
    }
    if ((c === 'h' || c === 'H') && /^https?:\/\//i.test(s.slice(i, i + 8)) && !/[\w/]$/.test(tail(1))) {
      const url = /^https?:\/\/[^\s<>"'`]+/i.exec(s.slice(i, i + 2100))![0].replace(/[.,;:!?)\]}'"]+$/, '');
      const href = safeHref(url);
      if (href) {
        flush();
        out.push({ type: 'link', href, children: [{ type: 'text', text: url }] });
        i += url.length;
        continue;
      }
    }
    if ((c === '*' || c === '_') && depth < 4) {
      const emphasis = readEmphasis(s, i, tail(2));
      if (emphasis) {
        flush();
        const children = parseInline(emphasis.inner, depth + 1);
        out.push({ type: emphasis.strong ? 'strong' : 'em', children });
        i = emphasis.end;
        continue;
      }
    }
    text.push(c);
    i++;
  }
  flush();
  return out;
}

/** `[label](href "title")` starting at `start` (the "["); null when it is not a link. */
function readLink(s: string, start: number): { label: string; href: string; end: number } | null {
  let depth = 0;
  let j = start;
  for (; j < s.length && j - start < 500; j++) {
    if (s[j] === '\\') {
      j++;
      continue;
    }
    if (s[j] === '[') depth++;
    else if (s[j] === ']' && --depth === 0) break;
  }
  if (s[j] !== ']' || s[j + 1] !== '(') return null;
  const m = /^\(\s*(<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/.exec(
    s.slice(j + 1, j + 2200),
  );
  if (!m) return null;
  return { label: s.slice(start + 1, j), href: m[1].replace(/^<|>$/g, ''), end: j + 1 + m[0].length };
}

/** `**x**`, `__x__`, `*x*`, `_x_` at `start`; underscores only at word boundaries. */
function readEmphasis(
  s: string,
  start: number,
  before: string,
): { strong: boolean; inner: string; end: number } | null {
  const c = s[start];
  const strong = s[start + 1] === c;
  const marker = strong ? c + c : c;
  const open = start + marker.length;
  if (open >= s.length || /\s/.test(s[open])) return null;
  if (c === '_' && /[\p{L}\p{N}]$/u.test(before)) return null;
  let j = open;
  // Bounded: at most 16 candidate closers within 1,000 characters.
  for (let tries = 0; tries < 16 && j < s.length; tries++) {
    const close = s.indexOf(marker, j + 1);
    if (close === -1 || close - open > 1000) return null;
    const valid =
      !/\s/.test(s[close - 1]) &&
      (strong || s[close + 1] !== c) &&
      (c !== '_' || !/[\p{L}\p{N}]/u.test(s[close + marker.length] ?? ''));
    if (valid && close > open) return { strong, inner: s.slice(open, close), end: close + marker.length };
    j = close;
  }
  return null;
}

/** Text of inline nodes, markup removed; a line break becomes `lineBreak` (a space for one-line uses). */
export function inlineText(nodes: readonly Inline[], lineBreak = '\n'): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
        case 'code':
          return node.text;
        case 'break':
          return lineBreak;
        default:
          return inlineText(node.children, lineBreak);
      }
    })
    .join('');
}

/** Plain text of blocks: one line per paragraph, list item, row or heading; code kept as is. */
export function blocksText(blocks: readonly Block[]): string {
  const lines: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'heading':
      case 'paragraph':
        lines.push(inlineText(block.children));
        break;
      case 'list':
        block.items.forEach((item, k) =>
          lines.push(`${block.ordered ? `${block.start + k}.` : '•'} ${inlineText(item)}`),
        );
        break;
      case 'code':
        lines.push(block.text);
        break;
      case 'quote':
        lines.push(blocksText(block.children));
        break;
      case 'table':
        lines.push(block.header.map((cell) => inlineText(cell)).join(' | '));
        for (const row of block.rows) lines.push(row.map((cell) => inlineText(cell)).join(' | '));
        break;
      case 'rule':
        break;
    }
  }
  return lines.join('\n');
}

/** Markdown → plain text (for keyword indexing, embedding and text-only channels). */
export function markdownToText(markdown: string): string {
  return blocksText(renderMarkdown(markdown));
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

export interface SafeHtmlOptions {
  /** Heading levels are shifted so the highest is at least this (default 3: answers sit inside a page). */
  minHeadingLevel?: number;
  /**
   * Links that stay on the page's own site, so they open in the same tab and are followed (no target,
   * no rel): `'#'` for same-page anchors, a root-relative path such as `'/help'` for that path and
   * everything below it (`/help`, `/help/kb-returns#refunds`, not `/helpdesk`). Default none: every
   * link opens a new tab with rel="noopener noreferrer nofollow", which suits HTML shown inside another
   * page (the console's preview), where following a link in place would leave it.
   */
  sameTabLinks?: readonly string[];
}

/** Whether `href` (already passed through safeHref) is one of the `sameTabLinks` targets. */
function opensInSameTab(href: string, targets: readonly string[]): boolean {
  return targets.some((target) => {
    if (target === '#') return href.startsWith('#');
    // Only root-relative paths qualify: never a protocol-relative "//host" or an absolute URL.
    if (!/^\/(?![/\\])/.test(target) || !/^\/(?![/\\])/.test(href)) return false;
    const base = target.replace(/\/+$/, '');
    if (base === '') return true;
    return href === base || (href.startsWith(base) && /^[/?#]/.test(href.slice(base.length)));
  });
}

/**
 * HTML for a block tree. Only these tags are produced: p, h1–h6, strong, em, code, pre, a, ul, ol, li,
 * blockquote, table, thead, tbody, tr, th, td, br, hr. Every text is escaped; links carry
 * rel="noopener noreferrer nofollow" and open in a new tab, except those `sameTabLinks` names.
 */
export function toSafeHtml(blocks: readonly Block[], options: SafeHtmlOptions = {}): string {
  const minLevel = Math.min(6, Math.max(1, options.minHeadingLevel ?? 3));
  const sameTab = options.sameTabLinks ?? [];
  const inline = (nodes: readonly Inline[]): string =>
    nodes
      .map((node) => {
        switch (node.type) {
          case 'text':
            return escapeHtml(node.text);
          case 'code':
            return `<code>${escapeHtml(node.text)}</code>`;
          case 'break':
            return '<br>';
          case 'strong':
            return `<strong>${inline(node.children)}</strong>`;
          case 'em':
            return `<em>${inline(node.children)}</em>`;
          case 'link': {
            const href = safeHref(node.href);
            if (!href) return inline(node.children);
            return opensInSameTab(href, sameTab)
              ? `<a href="${escapeHtml(href)}">${inline(node.children)}</a>`
              : `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow" target="_blank">${inline(node.children)}</a>`;
          }
        }
      })
      .join('');
  const block = (b: Block): string => {
    switch (b.type) {
      case 'heading': {
        const level = Math.min(6, b.level + minLevel - 1);
        return `<h${level} id="${escapeHtml(b.anchor)}">${inline(b.children)}</h${level}>`;
      }
      case 'paragraph':
        return `<p>${inline(b.children)}</p>`;
      case 'list': {
        const tag = b.ordered ? 'ol' : 'ul';
        const start = b.ordered && b.start !== 1 ? ` start="${Math.max(0, Math.floor(b.start))}"` : '';
        return `<${tag}${start}>${b.items.map((item) => `<li>${inline(item)}</li>`).join('')}</${tag}>`;
      }
      case 'code':
        return `<pre><code>${escapeHtml(b.text)}</code></pre>`;
      case 'quote':
        return `<blockquote>${b.children.map(block).join('')}</blockquote>`;
      case 'table':
        return (
          `<table><thead><tr>${b.header.map((cell) => `<th>${inline(cell)}</th>`).join('')}</tr></thead>` +
          `<tbody>${b.rows.map((row) => `<tr>${row.map((cell) => `<td>${inline(cell)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
        );
      case 'rule':
        return '<hr>';
    }
  };
  return blocks.map(block).join('\n');
}

/** Markdown → safe HTML in one call. */
export function markdownToSafeHtml(markdown: string, options?: SafeHtmlOptions): string {
  return toSafeHtml(renderMarkdown(markdown), options);
}
