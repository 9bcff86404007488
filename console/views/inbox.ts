/** The inbox: tabs (queued, mine, all), escalation cards with their summaries, and live bot chats. */
import { h } from '../dom';
import { duration, titleCase } from '../format';
import type { EscalationCardView, InboxScopeView, LiveConversationView } from '../protocol';
import { cardsFor, type ConsoleState } from '../state';

export interface InboxActions {
  selectTab(tab: InboxScopeView): void;
  open(conversationId: string, index: number): void;
}

const TABS: { id: InboxScopeView; label: string; key: string }[] = [
  { id: 'queued', label: 'Queued', key: '1' },
  { id: 'mine', label: 'Mine', key: '2' },
  { id: 'all', label: 'All', key: '3' },
];

export function inboxView(state: ConsoleState, actions: InboxActions): HTMLElement {
  const tabs = h(
    'div',
    { class: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Inbox' } },
    ...TABS.map((tab) => {
      const count = cardsFor(state, tab.id).length;
      return h(
        'button',
        {
          class: `tab${state.tab === tab.id ? ' tab-active' : ''}`,
          id: `tab-${tab.id}`,
          attrs: {
            role: 'tab',
            type: 'button',
            'aria-selected': state.tab === tab.id ? 'true' : 'false',
            'aria-controls': 'inbox-list',
            title: `${tab.label} (${tab.key})`,
            'aria-keyshortcuts': tab.key,
          },
          on: { click: () => actions.selectTab(tab.id) },
        },
        tab.label,
        h('span', { class: 'count', attrs: { 'aria-label': `${count} conversations` } }, String(count)),
      );
    }),
  );
  const cards = cardsFor(state, state.tab);
  const now = Date.now();
  const items = cards.map((card, index) => cardView(card, index, state, now, actions));
  const list = h(
    'ol',
    {
      class: 'inbox-list',
      id: 'inbox-list',
      attrs: { role: 'tabpanel', 'aria-labelledby': `tab-${state.tab}` },
    },
    ...items,
  );
  if (items.length === 0) list.appendChild(h('li', { class: 'empty' }, emptyText(state.tab)));
  const live = state.tab === 'all' ? liveView(state.live, state, cards.length, actions) : null;
  return h('nav', { class: 'inbox', attrs: { 'aria-label': 'Conversations' } }, tabs, list, live);
}

function cardView(
  card: EscalationCardView,
  index: number,
  state: ConsoleState,
  now: number,
  actions: InboxActions,
): HTMLElement {
  const selected = state.detail?.conversation.id === card.conversationId;
  const focused = state.focus === index;
  const customer = card.packet.customer;
  const waited = card.status === 'queued' ? card.waitedMs + (now - state.syncedAt) : card.waitedMs;
  const unread = state.unread.get(card.conversationId) ?? 0;
  return h(
    'li',
    null,
    h(
      'button',
      {
        class: `card${selected ? ' card-selected' : ''}${focused ? ' card-focused' : ''} reason-${card.reason}`,
        attrs: {
          type: 'button',
          'data-conversation': card.conversationId,
          'aria-current': selected ? 'true' : null,
        },
        on: { click: () => actions.open(card.conversationId, index) },
      },
      h(
        'span',
        { class: 'card-top' },
        h('span', { class: 'chip chip-reason' }, card.reasonLabel),
        card.team ? h('span', { class: 'chip' }, titleCase(card.team)) : null,
        customer && customer.tier !== 'standard'
          ? h('span', { class: `chip tier-${customer.tier}` }, titleCase(customer.tier))
          : null,
        unread
          ? h(
              'span',
              { class: 'chip chip-unread', attrs: { 'aria-label': `${unread} new messages` } },
              String(unread),
            )
          : null,
      ),
      h('span', { class: 'card-title' }, customer?.name ?? 'Visitor'),
      h('span', { class: 'card-problem' }, card.packet.problem || 'No message yet'),
      h(
        'span',
        { class: 'card-meta' },
        card.status === 'queued'
          ? h('span', null, `#${card.position ?? '–'} · waiting ${duration(waited)}`)
          : h(
              'span',
              null,
              card.agentId === state.session.user.id ? 'With you' : `With ${card.agentName ?? 'an agent'}`,
            ),
        h('span', { class: 'priority', attrs: { title: 'Priority' } }, `P${card.priority}`),
      ),
    ),
  );
}

function liveView(
  live: readonly LiveConversationView[],
  state: ConsoleState,
  offset: number,
  actions: InboxActions,
): HTMLElement {
  return h(
    'section',
    { class: 'live', attrs: { 'aria-label': 'With the bot' } },
    h('h2', null, 'With the bot'),
    live.length
      ? h(
          'ol',
          { class: 'inbox-list' },
          ...live.map((c, i) =>
            h(
              'li',
              null,
              h(
                'button',
                {
                  class: `card card-live${state.focus === offset + i ? ' card-focused' : ''}${state.detail?.conversation.id === c.id ? ' card-selected' : ''}`,
                  attrs: { type: 'button', 'data-conversation': c.id },
                  on: { click: () => actions.open(c.id, offset + i) },
                },
                h('span', { class: 'card-title' }, c.customerId ? 'Signed-in customer' : 'Visitor'),
                h('span', { class: 'card-problem' }, c.lastMessage ?? ''),
              ),
            ),
          ),
        )
      : h('p', { class: 'empty' }, 'No live conversations.'),
  );
}

function emptyText(tab: InboxScopeView): string {
  if (tab === 'queued') return 'Nobody is waiting. New escalations appear here with a sound.';
  if (tab === 'mine') return 'You have no conversations. Claim one from the queue.';
  return 'No open escalations.';
}
