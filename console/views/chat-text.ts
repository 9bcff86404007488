/**
 * A message's text as the customer saw it in the widget: the chat Markdown subset (bold, lists,
 * links to help articles…) built by the builder the widget uses too, text nodes only, never HTML.
 * Links open in a new tab so the conversation stays open; root-relative ones ("/help/<id>") resolve
 * against this server.
 */
import { parseMarkdown } from '../../protocol/chat-markdown';
import { renderChatMarkdown } from '../../protocol/chat-markdown-dom';
import { h } from '../dom';

/** The formatted text in a `<div class="…">`; plain text comes out as one paragraph. */
export function chatText(text: string, className: string, id?: string): HTMLElement {
  return h(
    'div',
    { class: className, ...(id !== undefined && { id }) },
    renderChatMarkdown(parseMarkdown(text, { base: location.origin })),
  );
}
