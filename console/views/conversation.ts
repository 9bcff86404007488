/** The conversation: header with the actions that apply, the full transcript, typing, and the composer. */
import { h } from '../dom';
import { chatText } from './chat-text';
import { clock, titleCase } from '../format';
import type { AgentMessageView, ConversationDetailView } from '../protocol';
import type { ConsoleState } from '../state';
import type { Composer } from './composer';

export interface ConversationActions {
  claim(): void;
  takeOver(): void;
  resolve(): void;
  handBack(): void;
  transfer(): void;
}

export type Permission = 'claim' | 'takeover' | 'own' | 'watch';

export function permissionFor(detail: ConversationDetailView, state: ConsoleState): Permission {
  const me = state.session.user;
  const escalation = detail.escalation;
  if (detail.conversation.state === 'bot') return 'takeover';
  if (escalation?.status === 'queued') return 'claim';
  if (escalation?.status === 'assigned' && (escalation.agentId === me.id || me.role === 'admin'))
    return 'own';
  return 'watch';
}

export function conversationView(
  state: ConsoleState,
  composer: Composer,
  actions: ConversationActions,
): HTMLElement {
  const detail = state.detail;
  if (!detail)
    return h(
      'main',
      { class: 'conversation conversation-empty', id: 'conversation', attrs: { tabindex: -1 } },
      h(
        'div',
        { class: 'placeholder' },
        h('h2', null, 'Pick a conversation'),
        h(
          'p',
          null,
          'Use ',
          h('kbd', null, 'j'),
          ' / ',
          h('kbd', null, 'k'),
          ' to move and ',
          h('kbd', null, 'Enter'),
          ' to open. Press ',
          h('kbd', null, '?'),
          ' for all shortcuts.',
        ),
      ),
    );
  const permission = permissionFor(detail, state);
  const ownsChat =
    detail.conversation.state === 'agent' && detail.conversation.assignedAgentId === state.session.user.id;
  composer.attach(detail.conversation.id, ownsChat, composerReason(permission, detail));
  const customer = detail.customer ?? detail.escalation?.packet.customer ?? null;
  const transcript = h(
    'ol',
    {
      class: 'transcript',
      id: 'transcript',
      attrs: { 'aria-label': 'Transcript', 'aria-live': 'polite', tabindex: 0 },
    },
    ...detail.messages.map(messageView),
  );
  queueMicrotask(() => (transcript.scrollTop = transcript.scrollHeight));
  return h(
    'main',
    { class: 'conversation', id: 'conversation', attrs: { tabindex: -1, 'aria-label': 'Conversation' } },
    h(
      'header',
      { class: 'conversation-header' },
      h(
        'div',
        null,
        h('h2', null, customer?.name ?? 'Visitor'),
        h('p', { class: 'muted' }, stateLine(detail, state)),
        state.customerTyping
          ? h('p', { class: 'typing', attrs: { role: 'status' } }, 'Customer is typing…')
          : null,
      ),
      h('div', { class: 'actions' }, ...actionButtons(permission, actions)),
    ),
    transcript,
    composer.element,
  );
}

function actionButtons(permission: Permission, actions: ConversationActions): HTMLElement[] {
  const button = (label: string, key: string, onClick: () => void, primary = false) =>
    h(
      'button',
      {
        class: `btn${primary ? ' btn-primary' : ''}`,
        attrs: { type: 'button', 'aria-keyshortcuts': key, title: `${label} (${key})` },
        on: { click: onClick },
      },
      label,
      h('kbd', null, key),
    );
  if (permission === 'claim') return [button('Claim', 'c', actions.claim, true)];
  if (permission === 'takeover') return [button('Take over', 't', actions.takeOver, true)];
  if (permission === 'own')
    return [
      button('Transfer', 'm', actions.transfer),
      button('Hand back to bot', 'b', actions.handBack),
      button('Resolve', 'e', actions.resolve, true),
    ];
  return [];
}

function composerReason(permission: Permission, detail: ConversationDetailView): string {
  if (permission === 'claim') return 'Claim this conversation to reply.';
  if (permission === 'takeover') return 'The bot is handling this conversation. Take it over to reply.';
  if (permission === 'watch')
    return `Read only: ${detail.escalation?.agentName ?? 'another agent'} has this conversation.`;
  return 'Only the agent who has this conversation can reply.';
}

function stateLine(detail: ConversationDetailView, state: ConsoleState): string {
  const e = detail.escalation;
  if (detail.conversation.state === 'bot') return 'With the bot';
  if (!e) return titleCase(detail.conversation.state);
  if (e.status === 'queued') return `Waiting in the queue${e.position ? ` (#${e.position})` : ''}`;
  if (e.agentId === state.session.user.id) return 'With you';
  return `With ${e.agentName ?? 'an agent'}`;
}

export function messageView(message: AgentMessageView): HTMLElement {
  if (message.sender === 'system')
    return h(
      'li',
      { class: 'msg msg-system', attrs: { 'data-seq': message.seq } },
      h('span', null, message.text || message.event?.name || 'Event'),
      h('time', { attrs: { datetime: message.createdAt } }, clock(message.createdAt)),
    );
  return h(
    'li',
    { class: `msg msg-${message.sender}`, attrs: { 'data-seq': message.seq } },
    h(
      'span',
      { class: 'msg-who' },
      message.sender === 'customer' ? 'Customer' : message.sender === 'bot' ? 'Bot' : 'Agent',
    ),
    // As in the widget: the customer's words exactly as typed, the bot's and agents' formatted.
    message.sender === 'customer'
      ? h('p', { class: 'msg-text' }, message.text)
      : chatText(message.text, 'msg-text msg-rich'),
    message.cards.length
      ? h(
          'ul',
          { class: 'msg-cards' },
          ...message.cards.map((c) =>
            h('li', null, c.title, c.subtitle ? h('span', { class: 'muted' }, ` ${c.subtitle}`) : null),
          ),
        )
      : null,
    message.quickReplies.length
      ? h('p', { class: 'msg-quick muted' }, `Offered: ${message.quickReplies.join(' · ')}`)
      : null,
    h('time', { attrs: { datetime: message.createdAt } }, clock(message.createdAt)),
  );
}
