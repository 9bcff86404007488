/**
 * A message's text as the customer saw it in the widget: the chat Markdown subset (bold, lists,
 * links to help articles…) built as DOM with text nodes only, never as HTML. Links open in a new tab
 * so the conversation stays open; root-relative ones ("/help/<id>") resolve against this server.
 */
import { parseMarkdown, type Block, type Inline } from '../../protocol/chat-markdown';
import { h } from '../dom';

function inline(nodes: Inline[]): Node[] {
  return nodes.map((node): Node => {
    switch (node.t) {
      case 'text':
        return document.createTextNode(node.v);
      case 'br':
        return h('br');
      case 'code':
        return h('code', null, node.v);
      case 'strong':
        return h('strong', null, ...inline(node.c));
      case 'em':
        return h('em', null, ...inline(node.c));
      case 'link':
        return node.href.toLowerCase().startsWith('mailto:')
          ? h('a', { attrs: { href: node.href } }, ...inline(node.c))
          : h(
              'a',
              { attrs: { href: node.href, target: '_blank', rel: 'noopener noreferrer' } },
              ...inline(node.c),
            );
    }
  });
}

function block(node: Block): HTMLElement {
  if (node.t === 'p') return h('p', null, ...inline(node.c));
  const items = node.items.map((item) => h('li', null, ...inline(item)));
  return node.t === 'ul'
    ? h('ul', null, ...items)
    : h('ol', { attrs: { start: node.start !== 1 ? node.start : null } }, ...items);
}

/** The formatted text in a `<div class="…">`; plain text comes out as one paragraph. */
export function chatText(text: string, className: string, id?: string): HTMLElement {
  return h(
    'div',
    { class: className, ...(id !== undefined && { id }) },
    ...parseMarkdown(text, { base: location.origin }).map(block),
  );
}
