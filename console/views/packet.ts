/** The side panel: the escalation packet (summary, problem, facts, mood, intents, what the bot tried) and the customer. */
import { h, sparkline } from '../dom';
import { ENTITY_LABELS, clock, day, duration, entityValue, money, mood, titleCase } from '../format';
import type {
  AgentMessageView,
  ConversationDetailView,
  CustomerView,
  PacketView,
  SuggestionView,
} from '../protocol';

export function packetView(
  detail: ConversationDetailView,
  suggestions: readonly SuggestionView[],
  onSuggestion: (text: string) => void,
): HTMLElement {
  const packet = detail.escalation?.packet;
  const customer = detail.customer ?? packet?.customer ?? null;
  return h(
    'aside',
    { class: 'side', attrs: { 'aria-label': 'Escalation details and customer' } },
    packet ? packetSections(packet, detail) : withTheBot(detail),
    suggestionsView(suggestions, onSuggestion),
    customerView(customer),
  );
}

/**
 * The panel for a conversation no person has open: never escalated, or its last escalation finished
 * (the transcript's latest handoff.status "completed" event says how: resolved or handed back).
 */
function withTheBot(detail: ConversationDetailView): HTMLElement {
  const ended = lastCompletion(detail.messages);
  const at = ended ? ` on ${day(ended.createdAt)} at ${clock(ended.createdAt)}` : '';
  const [title, text] =
    ended?.resolution === 'resolved'
      ? ['Resolved', `An agent resolved this chat${at}. The bot answers if the customer writes again.`]
      : ended?.resolution === 'handed_back'
        ? ['Handed back to the bot', `An agent handed this chat back to the bot${at}.`]
        : ended?.resolution === 'ticket_created'
          ? ['Passed on as a ticket', `No agent was free, so this chat became a ticket${at}.`]
          : ended
            ? ['With the bot again', `The last escalation ended${at}.`]
            : ['With the bot', 'No escalation yet.'];
  return h(
    'section',
    { class: 'panel', id: 'bot-state' },
    h('h2', null, title),
    h('p', { class: 'muted' }, text, ' You can take this conversation over.'),
  );
}

function lastCompletion(
  messages: readonly AgentMessageView[],
): { resolution: string | null; createdAt: string } | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const { event, createdAt } = messages[i];
    if (event?.name !== 'handoff.status') continue;
    const value = (event.value ?? {}) as { state?: unknown; resolution?: unknown; reason?: unknown };
    if (value.state !== 'completed') continue;
    // An agent's finish names its resolution; the offline desk's names the ticket as its reason.
    const how = typeof value.resolution === 'string' ? value.resolution : value.reason;
    return { resolution: typeof how === 'string' ? how : null, createdAt };
  }
  return null;
}

function packetSections(packet: PacketView, detail: ConversationDetailView): HTMLElement {
  const escalation = detail.escalation!;
  const s = packet.sentiment;
  return h(
    'div',
    null,
    h(
      'section',
      { class: 'panel' },
      h('h2', null, 'Summary'),
      h('p', { class: 'problem' }, packet.problem || '—'),
      packet.summarySentences.length
        ? h(
            'ul',
            { class: 'summary' },
            ...packet.summarySentences.map((line) =>
              h(
                'li',
                null,
                h('span', { class: `who who-${line.speaker}` }, titleCase(line.speaker)),
                ' ',
                line.text,
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'Nothing to summarise yet.'),
      h(
        'dl',
        { class: 'facts' },
        h('dt', null, 'Reason'),
        h('dd', null, packet.reasonLabel, h('span', { class: 'muted' }, ` (${packet.reasonDetail})`)),
        h('dt', null, 'Waited'),
        h('dd', null, duration(escalation.waitedMs)),
        h('dt', null, 'Priority'),
        h('dd', null, `P${escalation.priority}${packet.team ? ` · ${titleCase(packet.team)} team` : ''}`),
      ),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', null, 'Mood'),
      h(
        'div',
        { class: 'mood' },
        sparkline(s.scores, `Customer mood over ${s.scores.length} messages, latest ${s.last.toFixed(2)}`),
        h('span', { class: `mood-label mood-${mood(s.last)}` }, titleCase(mood(s.last))),
        s.fallingFast ? h('span', { class: 'chip chip-warn' }, 'Falling fast') : null,
        s.frustration ? h('span', { class: 'chip chip-warn' }, 'Frustrated') : null,
      ),
    ),
    packet.entities.length
      ? h(
          'section',
          { class: 'panel' },
          h('h2', null, 'What they mentioned'),
          h(
            'ul',
            { class: 'chips' },
            ...packet.entities.map((e) =>
              h(
                'li',
                { class: 'chip chip-entity' },
                h('span', { class: 'muted' }, `${ENTITY_LABELS[e.type] ?? e.type} `),
                entityValue(e.value, e.text),
              ),
            ),
          ),
        )
      : null,
    packet.intents.length
      ? h(
          'section',
          { class: 'panel' },
          h('h2', null, 'Intents seen'),
          h(
            'ul',
            { class: 'intents' },
            ...packet.intents.map((i) =>
              h(
                'li',
                null,
                h('span', null, i.intent),
                h('meter', {
                  attrs: { min: 0, max: 1, value: i.confidence, title: `${Math.round(i.confidence * 100)}%` },
                }),
                h('span', { class: 'muted' }, `${Math.round(i.confidence * 100)}%`),
              ),
            ),
          ),
        )
      : null,
    packet.tried.answers.length || packet.tried.articles.length || packet.tried.notes.length
      ? h(
          'section',
          { class: 'panel' },
          h('h2', null, 'The bot already tried'),
          packet.tried.articles.length
            ? h('ul', { class: 'plain' }, ...packet.tried.articles.map((a) => h('li', null, '📄 ', a.title)))
            : null,
          packet.tried.notes.length
            ? h('ul', { class: 'plain' }, ...packet.tried.notes.map((n) => h('li', null, n)))
            : null,
          packet.tried.answers.length
            ? h(
                'details',
                null,
                h('summary', null, `${packet.tried.answers.length} bot replies`),
                h('ol', { class: 'plain' }, ...packet.tried.answers.map((a) => h('li', null, a))),
              )
            : null,
        )
      : null,
  );
}

/** Two texts that say the same (case, spacing and punctuation aside). */
const sameWords = (a: string, b: string): boolean => {
  const words = (t: string) =>
    t
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  return words(a) === words(b);
};

/**
 * What a suggestion puts in the reply box. A FAQ often matches on its question, so the passage the
 * server sends is the question again: the title alone helps nobody, so the reply gets the link to
 * the answer in the help centre (absolute: the console is served from Parley's own origin).
 */
function suggestionReply(s: SuggestionView): { text: string; repeatsTitle: boolean } {
  const repeatsTitle = !s.text.trim() || sameWords(s.text, s.title);
  if (!repeatsTitle) return { text: s.text, repeatsTitle };
  const link = s.link ? new URL(s.link, window.location.origin).href : '';
  return { text: link ? `${s.title} ${link}` : s.title, repeatsTitle };
}

function suggestionsView(
  suggestions: readonly SuggestionView[],
  onSuggestion: (text: string) => void,
): HTMLElement | null {
  if (!suggestions.length) return null;
  return h(
    'section',
    { class: 'panel' },
    h('h2', null, 'Suggested from the knowledge base'),
    h(
      'ul',
      { class: 'suggestions' },
      ...suggestions.map((s) => {
        const reply = suggestionReply(s);
        return h(
          'li',
          null,
          h(
            'button',
            {
              class: 'suggestion',
              attrs: {
                type: 'button',
                title: reply.repeatsTitle
                  ? 'Put a link to this answer in the reply box'
                  : 'Put this in the reply box',
              },
              on: { click: () => onSuggestion(reply.text) },
            },
            h('strong', null, s.title),
            reply.repeatsTitle
              ? s.link
                ? h('span', { class: 'muted' }, 'Sends a link to the full answer.')
                : null
              : h('span', null, s.text),
          ),
        );
      }),
    ),
  );
}

function customerView(customer: CustomerView | null): HTMLElement {
  if (!customer)
    return h(
      'section',
      { class: 'panel' },
      h('h2', null, 'Customer'),
      h('p', { class: 'muted' }, 'Anonymous visitor: not signed in on the shop, so no profile is shown.'),
    );
  return h(
    'section',
    { class: 'panel customer', attrs: { 'aria-label': 'Customer profile' } },
    h('h2', null, 'Customer'),
    h(
      'p',
      { class: 'customer-name' },
      customer.name,
      ' ',
      h('span', { class: `chip tier-${customer.tier}` }, titleCase(customer.tier)),
    ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'Email'),
      h('dd', null, customer.email),
      h('dt', null, 'Lifetime value'),
      h('dd', null, money(customer.lifetimeValue, customer.currency)),
      h('dt', null, 'Orders'),
      h('dd', null, String(customer.orderCount)),
    ),
    customer.recentOrders.length
      ? h(
          'table',
          { class: 'orders' },
          h('caption', null, 'Recent orders'),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { attrs: { scope: 'col' } }, 'Order'),
              h('th', { attrs: { scope: 'col' } }, 'Status'),
              h('th', { attrs: { scope: 'col' } }, 'Total'),
              h('th', { attrs: { scope: 'col' } }, 'Placed'),
            ),
          ),
          h(
            'tbody',
            null,
            ...customer.recentOrders.map((o) =>
              h(
                'tr',
                null,
                h('td', null, o.number),
                h('td', null, h('span', { class: `status status-${o.status}` }, o.status)),
                h('td', null, money(o.total, o.currency)),
                h('td', null, day(o.placedAt)),
              ),
            ),
          ),
        )
      : null,
    h('h3', null, 'Open tickets'),
    customer.openTickets.length
      ? h(
          'ul',
          { class: 'plain' },
          ...customer.openTickets.map((t) =>
            h('li', null, `${t.subject} `, h('span', { class: 'muted' }, `(${t.kind}, ${t.status})`)),
          ),
        )
      : h('p', { class: 'muted' }, 'None.'),
  );
}
