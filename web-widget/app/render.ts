/** Builds DOM for message bodies and cards from the parsed models: createElement and text only. */
import type { Strings } from '../core/i18n';
import { parseMarkdown, type LinkOptions } from '../../protocol/chat-markdown';
import { newTabLink, renderChatMarkdown } from '../../protocol/chat-markdown-dom';
import type { Action, CardModel } from '../core/rich';
import { h } from './dom';

/**
 * Markdown to DOM (the builder the console shares); root-relative links resolve against `links.base`
 * (the Parley server). Links open in a new tab and say so to screen readers.
 */
export const renderMarkdown = (text: string, strings: Strings, links: LinkOptions = {}): DocumentFragment =>
  renderChatMarkdown(parseMarkdown(text, links), {
    link: (href, label, doc) => {
      const a = newTabLink(href, label, doc, 'noopener noreferrer nofollow');
      if (a.target) a.appendChild(h('span', { class: 'pw-sr', text: ` ${strings.newTab}` }));
      return a;
    },
  });

/**
 * A card's or quick reply's action. A link to a help-centre article (a knowledge-base source) reads
 * "Read the full article" in the widget's language, and names the card it belongs to (`context`) to
 * screen readers.
 */
export function actionButton(
  action: Action,
  strings: Strings,
  onSend: (text: string) => void,
  className = 'pw-card-action',
  context?: string,
): HTMLElement {
  if (action.kind === 'open') {
    const mail = action.value.toLowerCase().startsWith('mailto:');
    return h(
      'a',
      {
        class: action.help ? `${className} pw-source` : className,
        href: action.value,
        ...(mail ? {} : { target: '_blank', rel: 'noopener noreferrer nofollow' }),
      },
      action.help ? strings.readArticle : action.title,
      action.help && context ? h('span', { class: 'pw-sr', text: `: ${context}` }) : null,
      mail ? null : h('span', { class: 'pw-sr', text: ` ${strings.newTab}` }),
    );
  }
  return h('button', { type: 'button', class: className, onClick: () => onSend(action.value) }, action.title);
}

export function renderCard(
  card: CardModel,
  strings: Strings,
  onSend: (text: string) => void,
  links: LinkOptions = {},
): HTMLElement {
  if (card.kind === 'file') {
    if (card.image)
      return h(
        'figure',
        { class: 'pw-card pw-file' },
        h('img', { src: card.url, alt: card.name, loading: 'lazy' }),
      );
    return h(
      'div',
      { class: 'pw-card pw-file' },
      actionButton(
        { kind: 'open', title: card.name || card.url, value: card.url },
        strings,
        onSend,
        'pw-link',
      ),
    );
  }
  const body = h('div', { class: 'pw-card-body' });
  const el = h('article', { class: `pw-card pw-${card.kind}` });
  if (card.kind === 'hero' && card.image)
    el.appendChild(
      h('img', { class: 'pw-card-img', src: card.image.url, alt: card.image.alt, loading: 'lazy' }),
    );
  el.appendChild(body);
  const title = card.kind === 'receipt' ? (card.title ?? strings.order) : card.title;
  if (title) body.appendChild(h('h3', { class: 'pw-card-title', text: title }));
  if (card.kind === 'hero') {
    if (card.subtitle) body.appendChild(h('p', { class: 'pw-card-sub', text: card.subtitle }));
    if (card.text)
      body.appendChild(h('div', { class: 'pw-card-text' }, renderMarkdown(card.text, strings, links)));
  }
  if (card.facts.length) {
    const dl = h('dl', { class: 'pw-facts' });
    for (const fact of card.facts) dl.append(h('dt', { text: fact.key }), h('dd', { text: fact.value }));
    body.appendChild(dl);
  }
  if (card.kind === 'receipt') {
    if (card.items.length) {
      const ul = h('ul', { class: 'pw-items' });
      for (const item of card.items)
        ul.appendChild(
          h(
            'li',
            null,
            h(
              'span',
              { class: 'pw-item-title' },
              item.title,
              item.quantity ? h('span', { class: 'pw-muted', text: ` × ${item.quantity}` }) : null,
            ),
            item.price ? h('span', { class: 'pw-item-price', text: item.price }) : null,
            item.subtitle ? h('span', { class: 'pw-item-sub pw-muted', text: item.subtitle }) : null,
          ),
        );
      body.appendChild(ul);
    }
    const totals = h('dl', { class: 'pw-facts pw-totals' });
    for (const [label, value] of [
      [strings.tax, card.tax],
      [strings.vat, card.vat],
      [strings.total, card.total],
    ] as const)
      if (value) totals.append(h('dt', { text: label }), h('dd', { text: value }));
    if (totals.childNodes.length) body.appendChild(totals);
  }
  if (card.actions.length) {
    const row = h('div', { class: 'pw-card-actions' });
    for (const action of card.actions)
      row.appendChild(actionButton(action, strings, onSend, undefined, title));
    body.appendChild(row);
  }
  return el;
}
