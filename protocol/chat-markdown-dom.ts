/**
 * Chat Markdown (parsed by ./chat-markdown) as DOM, for every chat surface: the widget, the console's
 * transcript and test console. Kept apart from the parser, which the server also uses.
 */
import type { Block, Inline } from './chat-markdown';

/** How a view builds a link from its safe, absolute `href` and the nodes of its label. */
export type LinkBuilder = (href: string, label: Node[], doc: Document) => Node;

export interface ChatDomOptions {
  /** Each view's own links (the widget adds a screen-reader note); default: `newTabLink`. */
  link?: LinkBuilder;
  /** Defaults to the page's document. */
  document?: Document;
}

/**
 * A link that opens in a new tab, so the chat stays open (mailto: links open the mail app in place).
 * `rel` keeps the opened page from reaching back into the chat.
 */
export function newTabLink(
  href: string,
  label: Node[],
  doc: Document,
  rel = 'noopener noreferrer',
): HTMLAnchorElement {
  const a = doc.createElement('a');
  a.setAttribute('href', href);
  if (!href.toLowerCase().startsWith('mailto:')) {
    a.setAttribute('target', '_blank');
    a.setAttribute('rel', rel);
  }
  a.append(...label);
  return a;
}

/**
 * The parsed blocks as DOM, for every chat surface (the widget, the console's transcript and test
 * console): elements and text nodes only, never HTML, so markup in a message stays text.
 */
export function renderChatMarkdown(blocks: Block[], options: ChatDomOptions = {}): DocumentFragment {
  const doc = options.document ?? document;
  const link = options.link ?? newTabLink;
  const el = (tag: string, children: Node[]): HTMLElement => {
    const node = doc.createElement(tag);
    node.append(...children);
    return node;
  };
  const inline = (nodes: Inline[]): Node[] =>
    nodes.map((node): Node => {
      switch (node.t) {
        case 'text':
          return doc.createTextNode(node.v);
        case 'br':
          return doc.createElement('br');
        case 'code':
          return el('code', [doc.createTextNode(node.v)]);
        case 'strong':
        case 'em':
          return el(node.t, inline(node.c));
        case 'link':
          return link(node.href, inline(node.c), doc);
      }
    });
  const fragment = doc.createDocumentFragment();
  for (const block of blocks) {
    if (block.t === 'p') {
      fragment.appendChild(el('p', inline(block.c)));
      continue;
    }
    const list = el(
      block.t,
      block.items.map((item) => el('li', inline(item))),
    );
    if (block.t === 'ol' && block.start !== 1) list.setAttribute('start', String(block.start));
    fragment.appendChild(list);
  }
  return fragment;
}
