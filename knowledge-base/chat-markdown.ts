/**
 * A safe block tree written back as the small Markdown subset chat surfaces render: what a bot reply
 * carries. The web widget and the console (protocol/chat-markdown.ts) read paragraphs, line breaks, `-` and `1.`
 * lists, **strong**, *em*, `code` and [label](url) links, and resolves root-relative links against the
 * Parley origin; Bot Framework channels read the same syntax. Everything else is mapped onto that:
 * headings become a bold line, tables a list of "Header: value" rows, code blocks lines of code,
 * quotes their paragraphs. Text is escaped so it never turns into markup, and a link is written only
 * when `safeHref` allows it, so the tree's safety carries over.
 */
import { blocksText, inlineText, safeHref, type Block, type Inline } from './markdown';

export interface ChatMarkdownOptions {
  /**
   * Where a same-page anchor ("#refunds") points outside its page, e.g. the article's help-centre
   * page with that anchor. Without it such links become their text: a chat has no sections to jump to.
   */
  anchorLink?: (anchor: string) => string | null;
}

/** The widget's link label is one line of at most 500 characters, without "]". */
const MAX_LABEL_CHARS = 500;

/** Characters the widget reads as inline markup (all of them it also reads escaped). */
const escapeText = (text: string): string => text.replace(/[\\`*_[\]]/g, (c) => `\\${c}`);

/** A line that would start a list item is kept a line of text. */
const escapeLineStart = (line: string): string =>
  line.replace(/^(\s{0,3})([-+*])(?=\s)/, '$1\\$2').replace(/^(\s{0,3}\d{1,9})([.)])(?=\s)/, '$1\\$2');

/** Characters the widget's link syntax or URL check refuses, percent-encoded (the URL means the same). */
const encodeHref = (href: string): string =>
  href.replace(/[()<>"`\\\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

const visibleText = (nodes: readonly Inline[]): string => inlineText(nodes, ' ');

function inline(nodes: readonly Inline[], options: ChatMarkdownOptions, inLink = false): string {
  let out = '';
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        out += escapeText(node.text);
        break;
      case 'code':
        // The widget's code span ends at the next backtick and has no escapes; a link label holds no "]".
        out +=
          node.text.trim() !== '' && !/[`\n]/.test(node.text) && !(inLink && /[[\]]/.test(node.text))
            ? `\`${node.text}\``
            : escapeText(node.text);
        break;
      case 'break':
        out += inLink ? ' ' : '\n';
        break;
      case 'strong':
      case 'em': {
        const inner = inline(node.children, options, inLink);
        const marker = node.type === 'strong' ? '**' : '*';
        // Markers around leading or trailing space (or nothing) are not read as emphasis.
        out += inner.trim() !== '' && inner === inner.trim() ? `${marker}${inner}${marker}` : inner;
        break;
      }
      case 'link':
        out += link(node, options, inLink);
        break;
    }
  }
  return out;
}

function link(
  node: Extract<Inline, { type: 'link' }>,
  options: ChatMarkdownOptions,
  inLink: boolean,
): string {
  let href = safeHref(node.href);
  if (href?.startsWith('#')) href = options.anchorLink?.(href.slice(1)) ?? null;
  if (href !== null) href = safeHref(href);
  // A link inside a link's label is only its text.
  if (inLink || href === null) return inline(node.children, options, true);
  const visible = visibleText(node.children).trim();
  if (visible.length > MAX_LABEL_CHARS) return inline(node.children, options, true);
  // A bare URL is written bare: as a label the widget would read it as a second link inside the first.
  if (visible === href && /^https?:\/\//i.test(href) && !/[.,;:!?'")]$/.test(href)) return encodeHref(href);
  const label =
    visible === ''
      ? escapeText(href.replace(/^mailto:/i, ''))
      : inline(node.children, options, true).replace(/\\\]/g, ')').replace(/\\\[/g, '(');
  return `[${label}](${encodeHref(href)})`;
}

function paragraph(nodes: readonly Inline[], options: ChatMarkdownOptions): string {
  return inline(nodes, options)
    .replace(/\n{2,}/g, '\n')
    .split('\n')
    .map((line) => escapeLineStart(line.trim()))
    .filter((line) => line !== '')
    .join('\n');
}

/** One line: list items and table rows cannot hold a line break. */
const oneLine = (nodes: readonly Inline[], options: ChatMarkdownOptions): string =>
  inline(nodes, options)
    .replace(/\s*\n\s*/g, ' ')
    .trim();

function block(b: Block, options: ChatMarkdownOptions): string {
  switch (b.type) {
    case 'heading': {
      const text = oneLine(b.children, options);
      // Bold already inside the heading would close the heading's own bold early.
      return text === '' || text.includes('**') ? text : `**${text}**`;
    }
    case 'paragraph':
      return paragraph(b.children, options);
    case 'list':
      return b.items
        .map((item) => oneLine(item, options))
        .filter((item) => item !== '')
        .map((item, k) => `${b.ordered ? `${b.start + k}.` : '-'} ${item}`)
        .join('\n');
    case 'code':
      return b.text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => escapeLineStart(inline([{ type: 'code', text: line }], options)))
        .join('\n');
    case 'quote':
      return toChatMarkdown(b.children, options);
    case 'table':
      return b.rows
        .map((row) =>
          row
            .map((cell, k) => {
              const value = oneLine(cell, options);
              const header = oneLine(b.header[k] ?? [], options);
              return value === '' ? '' : header === '' ? value : `${header}: ${value}`;
            })
            .filter(Boolean)
            .join('; '),
        )
        .filter(Boolean)
        .map((row) => `- ${row}`)
        .join('\n');
    case 'rule':
      return '';
  }
}

/** Chat Markdown for a block tree: blocks separated by a blank line. */
export function toChatMarkdown(blocks: readonly Block[], options: ChatMarkdownOptions = {}): string {
  return blocks
    .map((b) => block(b, options))
    .filter((text) => text !== '')
    .join('\n\n');
}

/**
 * Plain text of a reply as a person would type it (an agent's suggested reply): `blocksText`, but a
 * table's rows read as the chat shows them, one "• Header: value; Header: value" line each, rather
 * than cells between pipes under a header line.
 */
export function replyText(blocks: readonly Block[]): string {
  const readable = (b: Block): Block => {
    if (b.type === 'quote') return { type: 'quote', children: b.children.map(readable) };
    if (b.type !== 'table') return b;
    const items = b.rows
      .map((row) =>
        row
          .map((cell, k) => {
            const value = inlineText(cell).replace(/\s+/g, ' ').trim();
            const header = inlineText(b.header[k] ?? [])
              .replace(/\s+/g, ' ')
              .trim();
            return value === '' ? '' : header === '' ? value : `${header}: ${value}`;
          })
          .filter(Boolean)
          .join('; '),
      )
      .filter(Boolean)
      .map((text): Inline[] => [{ type: 'text', text }]);
    return { type: 'list', ordered: false, start: 1, items };
  };
  return blocksText(blocks.map(readable));
}
