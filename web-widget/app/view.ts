/**
 * The widget's UI inside its iframe: launcher with unread badge, the chat panel (full screen on
 * phones), the conversation, and the composer. It reads the engine's state and re-renders the parts
 * that changed; every message becomes DOM nodes built from text, never HTML.
 */
import type { ChatMessageView } from '../../protocol';
import type { ChatEngine } from '../core/chat-engine';
import { MAX_CHARS, lengthHint } from '../core/chat-engine';
import { localized, supportedLocale, type Locale, type Strings } from '../core/i18n';
import { parseMarkdown, plainText, type LinkOptions } from '../../protocol/chat-markdown';
import { cardsOf, isEmail, isRatingPrompt, noticeOf, type Notice } from '../core/rich';
import { presenceOf } from '../core/presence';
import type { OutboxEntry } from '../core/state';
import type { WidgetConfig } from '../types';
import { h, icon, ICONS } from './dom';
import { actionButton, renderCard, renderMarkdown } from './render';

export interface ViewOptions {
  strings: Strings;
  locale: Locale;
  config: WidgetConfig;
  engine: ChatEngine;
  /**
   * The Parley server's origin, which root-relative links from the bot and agents (the knowledge
   * base's `/help/<id>#<anchor>` sources) resolve against, rather than the host page's.
   */
  linkBase?: string;
  /** The panel opened or closed (the host page resizes the iframe). */
  onOpenChange(open: boolean): void;
}

interface Item {
  key: string;
  sig: string;
  render(): HTMLElement;
}

const FOCUSABLE =
  'a[href],button:not([disabled]),textarea:not([disabled]),input:not([disabled]),[tabindex]:not([tabindex="-1"])';

export class WidgetView {
  readonly root: HTMLElement;
  private readonly launcher: HTMLButtonElement;
  private readonly badge: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly scroll: HTMLElement;
  private readonly log: HTMLOListElement;
  private readonly statusEl: HTMLElement;
  private readonly queueEl: HTMLElement;
  private readonly typingEl: HTMLElement;
  private readonly typingText: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly errorEl: HTMLElement;
  private readonly countEl: HTMLElement;
  private readonly presence: HTMLElement;
  private readonly announcer: HTMLElement;
  private readonly nodes = new Map<string, { el: HTMLElement; sig: string }>();
  private readonly title: string;
  private readonly links: LinkOptions;
  private readonly time: Intl.DateTimeFormat;
  private phone = false;
  private email = '';
  private connectingSince = 0;
  private draftTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: ViewOptions) {
    const { strings, config, engine } = options;
    this.title = localized(config.theme.title, options.locale) || strings.defaultTitle;
    this.links = { base: options.linkBase };
    // The browser's regional format when it speaks the widget's language (en-GB: 14:05, en-US: 2:05 PM).
    const region =
      supportedLocale(navigator.language) === options.locale ? navigator.language : options.locale;
    this.time = new Intl.DateTimeFormat(region, { hour: 'numeric', minute: '2-digit' });

    this.badge = h('span', { class: 'pw-badge', 'aria-hidden': 'true' });
    this.launcher = h(
      'button',
      {
        type: 'button',
        class: 'pw-launcher',
        'aria-controls': 'pw-panel',
        'aria-expanded': 'false',
        onClick: () => this.toggle(),
      },
      icon(ICONS.chat, 'pw-icon pw-icon-chat'),
      icon(ICONS.close, 'pw-icon pw-icon-close'),
      this.badge,
    );

    const avatar = config.theme.avatar
      ? h('img', { class: 'pw-avatar', src: config.theme.avatar, alt: '' })
      : h('span', {
          class: 'pw-avatar',
          'aria-hidden': 'true',
          text: [...this.title][0]?.toUpperCase() ?? '?',
        });
    this.presence = h('p', { class: 'pw-presence' });
    const header = h(
      'header',
      { class: 'pw-head' },
      avatar,
      h('div', { class: 'pw-head-text' }, h('h2', { id: 'pw-title', text: this.title }), this.presence),
      h(
        'button',
        {
          type: 'button',
          class: 'pw-close',
          'aria-label': strings.closeChat,
          onClick: () => this.close(true),
        },
        icon(ICONS.close),
      ),
    );
    this.statusEl = h('div', { class: 'pw-status', role: 'status' });
    this.queueEl = h('div', { class: 'pw-queue', role: 'status' });
    this.log = h('ol', { class: 'pw-log' });
    this.typingText = h('span');
    this.typingEl = h(
      'div',
      { class: 'pw-typing', hidden: true },
      h('span', { class: 'pw-dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')),
      this.typingText,
    );
    this.scroll = h(
      'div',
      { class: 'pw-scroll', tabindex: '0', role: 'region', 'aria-label': strings.conversation },
      this.log,
      this.typingEl,
    );
    // No maxlength: it cuts a long paste without a word. The count and the error say what is too much.
    this.input = h('textarea', {
      id: 'pw-input',
      rows: 1,
      placeholder: strings.placeholder,
      autocomplete: 'off',
      'aria-describedby': 'pw-error pw-count',
      onKeydown: (e: Event) => this.onInputKey(e as KeyboardEvent),
      onInput: () => this.onInput(),
    });
    this.input.value = engine.state.draft;
    this.errorEl = h('p', { id: 'pw-error', class: 'pw-error', role: 'alert' });
    this.countEl = h('p', { id: 'pw-count', class: 'pw-count', hidden: true });
    const form = h(
      'form',
      { class: 'pw-compose', onSubmit: (e: Event) => (e.preventDefault(), this.submit()) },
      h('label', { class: 'pw-sr', for: 'pw-input', text: strings.inputLabel }),
      this.input,
      h('button', { type: 'submit', class: 'pw-send', 'aria-label': strings.send }, icon(ICONS.send)),
    );
    this.panel = h(
      'section',
      { id: 'pw-panel', class: 'pw-panel', role: 'dialog', 'aria-labelledby': 'pw-title', hidden: true },
      header,
      this.statusEl,
      this.queueEl,
      this.scroll,
      form,
      this.countEl,
      this.errorEl,
    );
    this.announcer = h('div', { class: 'pw-sr', 'aria-live': 'polite' });
    this.root = h(
      'div',
      {
        class: 'pw',
        'data-position': config.theme.position,
        onKeydown: (e: Event) => this.onKey(e as KeyboardEvent),
      },
      this.panel,
      this.launcher,
      this.announcer,
    );
    this.showLength(); // a saved draft may be near or over the limit
  }

  get isOpen(): boolean {
    return this.options.engine.state.open;
  }

  setLayout(phone: boolean): void {
    this.phone = phone;
    this.root.dataset.layout = phone ? 'phone' : 'desktop';
    this.panel.setAttribute('aria-modal', String(phone));
  }

  setEmail(email: string | undefined): void {
    this.email = email ?? '';
  }

  toggle(): void {
    if (this.isOpen) this.close(true);
    else this.open(true);
  }

  open(focus: boolean): void {
    this.options.engine.setOpen(true);
    this.options.onOpenChange(true);
    this.update();
    this.scrollToEnd();
    // After the host page has resized the iframe: focusing a hidden field would not scroll right.
    if (focus) requestAnimationFrame(() => this.input.focus());
  }

  close(focusLauncher: boolean): void {
    const hadFocus = this.panel.contains(document.activeElement);
    this.options.engine.setOpen(false);
    this.options.onOpenChange(false);
    this.update();
    if (focusLauncher || hadFocus) this.launcher.focus();
  }

  /** New messages from the other side, read out by screen readers. */
  announce(messages: ChatMessageView[]): void {
    for (const m of messages) {
      const text = this.describe(m);
      if (!text) continue;
      this.announcer.appendChild(h('p', { text }));
    }
    while (this.announcer.childNodes.length > 5) this.announcer.firstChild!.remove();
  }

  update(): void {
    const { engine, strings } = this.options;
    const s = engine.state;
    const open = s.open;
    // Measured before banners appear or go: they change the height of the conversation.
    const atEnd = this.scroll.scrollHeight - this.scroll.scrollTop - this.scroll.clientHeight < 48;
    this.root.dataset.open = String(open);
    this.panel.hidden = !open;
    this.launcher.setAttribute('aria-expanded', String(open));
    const unread = open ? 0 : s.unread;
    this.launcher.setAttribute(
      'aria-label',
      open ? strings.closeChat : unread ? `${strings.openChat}, ${strings.unread(unread)}` : strings.openChat,
    );
    this.badge.textContent = unread ? (unread > 9 ? '9+' : String(unread)) : '';
    this.badge.hidden = !unread;

    const offline = engine.status === 'offline' || navigator.onLine === false;
    if (engine.status === 'connecting' && !this.connectingSince) {
      this.connectingSince = Date.now();
      setTimeout(() => this.update(), 1600);
    }
    if (engine.status !== 'connecting') this.connectingSince = 0;
    const slow = engine.status === 'connecting' && Date.now() - this.connectingSince > 1500;
    const statusText = offline ? strings.offlineBanner : slow ? strings.connecting : '';
    if (this.statusEl.textContent !== statusText) this.statusEl.textContent = statusText;
    this.statusEl.hidden = !statusText;
    this.root.dataset.connection = offline ? 'offline' : engine.status;
    const presence = offline ? strings.offline : this.presenceText();
    if (this.presence.textContent !== presence) this.presence.textContent = presence;

    const queue = engine.queue;
    const queueText = queue ? `${strings.queued(queue.position)} ${strings.wait(queue.waitSeconds)}` : '';
    if (this.queueEl.textContent !== queueText) this.queueEl.textContent = queueText;
    this.queueEl.hidden = !queueText;

    const typing = engine.typing;
    this.typingEl.hidden = !typing || offline;
    this.typingText.textContent = typing ? strings.typing(typing.name ?? this.title) : '';

    if (open) {
      const focusInside = this.log.contains(document.activeElement);
      const ownAdded = this.reconcile(this.items());
      if (focusInside && !this.log.contains(document.activeElement)) this.input.focus();
      // Follow the conversation when at its end, or when the customer just wrote; never yank a reader up the history down.
      if (atEnd || ownAdded) this.scrollToEnd();
      if (document.visibilityState === 'visible') engine.markRead();
    }
  }

  /** Who answers now: the assistant, nobody yet (queued), or the person who joined. */
  private presenceText(): string {
    const { strings, engine } = this.options;
    const presence = presenceOf(engine.state);
    if (presence.kind === 'waiting') return strings.waitingForPerson;
    if (presence.kind === 'person') return strings.chattingWith(presence.name);
    return strings.online;
  }

  // ---- the conversation -------------------------------------------------------------------

  private items(): Item[] {
    const { engine, strings } = this.options;
    const s = engine.state;
    const items: Item[] = [];
    const greeting = localized(this.options.config.theme.greeting, this.options.locale);
    if (greeting)
      items.push({
        key: 'greeting',
        sig: greeting,
        render: () => this.message({ sender: 'bot', text: greeting }),
      });
    for (const m of s.archived)
      items.push({ key: `a:${m.conversationId}:${m.seq}`, sig: '', render: () => this.stored(m, false) });
    if (s.archived.length && (s.messages.length || s.outbox.length))
      items.push({
        key: 'divider',
        sig: '',
        render: () =>
          h('li', { class: 'pw-divider', role: 'separator' }, h('span', { text: strings.newConversation })),
      });
    for (const m of s.messages) {
      const key = m.sender === 'customer' && m.clientMessageId ? `c:${m.clientMessageId}` : `m:${m.seq}`;
      items.push({ key, sig: `s${m.seq}`, render: () => this.stored(m, true) });
    }
    const online = engine.status === 'online';
    for (const entry of s.outbox)
      items.push({
        key: `c:${entry.clientMessageId}`,
        sig: entry.error ? `e:${entry.error}` : `p:${online}`,
        render: () => this.pending(entry),
      });

    const last = s.messages[s.messages.length - 1];
    if (last && !s.outbox.length && last.sender !== 'customer') {
      const notice = last.sender === 'system' ? noticeOf(last) : null;
      if (notice?.kind === 'email-request')
        items.push({ key: `x:${last.seq}:email`, sig: '', render: () => this.emailForm() });
      else if (last.quickReplies?.length && isRatingPrompt(last))
        items.push({ key: `x:${last.seq}:rate`, sig: '', render: () => this.rating() });
      else if (last.quickReplies?.length)
        items.push({ key: `x:${last.seq}:quick`, sig: '', render: () => this.quickReplies(last) });
    }
    return items;
  }

  /** Puts the log in the order of `items`, rendering only new or changed ones; true when the customer's own message was added. */
  private reconcile(items: Item[]): boolean {
    const seen = new Set<string>();
    let added = false;
    let cursor: ChildNode | null = this.log.firstChild;
    for (const item of items) {
      seen.add(item.key);
      let entry = this.nodes.get(item.key);
      if (!entry || entry.sig !== item.sig) {
        const el = item.render();
        if (entry) {
          if (cursor === entry.el) cursor = el;
          entry.el.replaceWith(el);
        } else if (item.key.startsWith('c:')) added = true;
        entry = { el, sig: item.sig };
        this.nodes.set(item.key, entry);
      }
      if (entry.el === cursor) cursor = cursor.nextSibling;
      else this.log.insertBefore(entry.el, cursor);
    }
    for (const [key, entry] of this.nodes)
      if (!seen.has(key)) {
        entry.el.remove();
        this.nodes.delete(key);
      }
    return added;
  }

  private senderName(m: Pick<ChatMessageView, 'sender'> & { senderName?: unknown }): string {
    if (m.sender === 'customer') return this.options.strings.you;
    if (m.sender === 'agent')
      return typeof m.senderName === 'string' && m.senderName ? m.senderName : this.options.strings.agent;
    return this.title;
  }

  private describe(m: ChatMessageView): string {
    if (m.sender === 'system') {
      const notice = noticeOf(m);
      // The queue banner (a status region) reads out queue positions itself.
      return notice && notice.kind !== 'queued' ? this.noticeText(notice) : '';
    }
    const cards = cardsOf(m, this.links)
      .map((c) =>
        c.kind === 'file'
          ? c.name
          : [c.title, c.kind === 'hero' ? c.subtitle : undefined].filter(Boolean).join(', '),
      )
      .filter(Boolean);
    return `${this.senderName(m)}: ${[plainText(parseMarkdown(m.text)), ...cards].filter(Boolean).join('. ')}`;
  }

  private stored(m: ChatMessageView, current: boolean): HTMLElement {
    if (m.sender === 'system') {
      const notice = noticeOf(m);
      return h('li', { class: 'pw-notice' }, notice ? this.noticeText(notice) : '');
    }
    return this.message(m, current ? m.createdAt : undefined);
  }

  private message(
    m: Pick<ChatMessageView, 'sender' | 'text'> & Partial<ChatMessageView>,
    createdAt?: string,
    meta?: Node,
  ): HTMLElement {
    const { strings } = this.options;
    const customer = m.sender === 'customer';
    const li = h('li', { class: `pw-msg pw-${m.sender}` });
    if (m.sender === 'agent')
      li.appendChild(h('span', { class: 'pw-name', 'aria-hidden': 'true', text: this.senderName(m) }));
    li.appendChild(h('span', { class: 'pw-sr', text: `${this.senderName(m)}: ` }));
    if (m.text) {
      // The customer's own words are shown exactly as typed; the bot's and agents' get safe markdown.
      const bubble = h('div', { class: 'pw-bubble' });
      if (customer) bubble.appendChild(h('p', { text: m.text }));
      else bubble.appendChild(renderMarkdown(m.text, strings, this.links));
      li.appendChild(bubble);
    }
    if (!customer && m.attachments) {
      const models = cardsOf({ attachments: m.attachments }, this.links);
      const cards = models.map((card) => renderCard(card, strings, (t) => this.sendText(t), this.links));
      // Several hero cards (e.g. product recommendations) form a carousel: one row, scrolled sideways.
      if (cards.length > 1 && models.every((card) => card.kind === 'hero'))
        li.appendChild(
          h(
            'div',
            { class: 'pw-carousel', role: 'group', tabindex: '0', 'aria-label': strings.cards(cards.length) },
            ...cards,
          ),
        );
      else for (const card of cards) li.appendChild(card);
    }
    const when = createdAt ? new Date(createdAt) : null;
    if ((when && !Number.isNaN(when.getTime())) || meta)
      li.appendChild(
        h(
          'span',
          { class: 'pw-meta' },
          when && !Number.isNaN(when.getTime())
            ? h('time', { datetime: when.toISOString(), text: this.time.format(when) })
            : null,
          meta,
        ),
      );
    return li;
  }

  private pending(entry: OutboxEntry): HTMLElement {
    const { strings, engine } = this.options;
    const meta = entry.error
      ? h(
          'span',
          { class: 'pw-failed' },
          icon(ICONS.alert),
          ` ${entry.error === 'message_too_long' ? strings.tooLong(MAX_CHARS) : strings.notSent} `,
          h(
            'button',
            { type: 'button', class: 'pw-linkbtn', onClick: () => engine.retry(entry.clientMessageId) },
            strings.retry,
          ),
          ' ',
          h(
            'button',
            { type: 'button', class: 'pw-linkbtn', onClick: () => engine.discard(entry.clientMessageId) },
            strings.discard,
          ),
        )
      : h('span', { class: 'pw-sending' }, icon(ICONS.clock), ` ${strings.sending}`);
    const li = this.message({ sender: 'customer', text: entry.text }, entry.createdAt, meta);
    li.classList.add(entry.error ? 'pw-is-failed' : 'pw-is-pending');
    return li;
  }

  private noticeText(notice: Notice): string {
    const { strings } = this.options;
    switch (notice.kind) {
      case 'handoff':
        return strings.handoffStarted;
      case 'queued':
        return `${strings.queued(notice.position)} ${strings.wait(notice.waitSeconds)}`;
      case 'agent-joined':
        return strings.agentJoined(notice.name);
      case 'transferred':
        return strings.transferred;
      case 'handed-back':
        return strings.handedBack;
      case 'ended':
        return strings.agentLeft;
      case 'email-request':
        return strings.noOneAvailable;
      case 'rated':
        return strings.rated(notice.score);
      case 'text':
        return notice.text;
    }
  }

  private quickReplies(m: ChatMessageView): HTMLElement {
    const { strings } = this.options;
    const group = h('div', { class: 'pw-quick', role: 'group', 'aria-label': strings.suggestedReplies });
    for (const q of m.quickReplies ?? [])
      group.appendChild(
        actionButton(
          { kind: 'send', title: q.title, value: q.value },
          strings,
          (t) => this.sendText(t),
          'pw-chip',
        ),
      );
    return h('li', { class: 'pw-actions' }, group);
  }

  private rating(): HTMLElement {
    const { strings } = this.options;
    const group = h('div', { class: 'pw-rating', role: 'group', 'aria-label': strings.rateChat });
    for (let n = 1; n <= 5; n++)
      group.appendChild(
        h(
          'button',
          {
            type: 'button',
            class: 'pw-star',
            'aria-label': strings.stars(n),
            onClick: () => this.sendText(String(n)),
            // Hovering or focusing a star lights it and the ones before it.
            onMouseenter: () => (group.dataset.hover = String(n)),
            onFocus: () => (group.dataset.hover = String(n)),
          },
          icon(ICONS.star),
        ),
      );
    group.addEventListener('mouseleave', () => delete group.dataset.hover);
    group.addEventListener('focusout', () => delete group.dataset.hover);
    return h(
      'li',
      { class: 'pw-actions' },
      h('p', { class: 'pw-rating-label', 'aria-hidden': 'true', text: strings.rateChat }),
      group,
    );
  }

  private emailForm(): HTMLElement {
    const { strings } = this.options;
    const input = h('input', {
      id: 'pw-email',
      type: 'email',
      autocomplete: 'email',
      required: true,
      value: this.email,
      'aria-describedby': 'pw-email-error',
    });
    const error = h('p', { id: 'pw-email-error', class: 'pw-error', role: 'alert' });
    const form = h(
      'form',
      {
        class: 'pw-email',
        novalidate: true,
        onSubmit: (e: Event) => {
          e.preventDefault();
          if (!isEmail(input.value)) {
            error.textContent = strings.emailInvalid;
            input.setAttribute('aria-invalid', 'true');
            input.focus();
            return;
          }
          this.sendText(input.value.trim());
        },
      },
      h('label', { for: 'pw-email', text: strings.emailLabel }),
      h(
        'div',
        { class: 'pw-email-row' },
        input,
        h('button', {
          type: 'submit',
          class: 'pw-chip',
          text: strings.send,
          'aria-label': strings.emailSend,
        }),
      ),
      error,
    );
    return h('li', { class: 'pw-actions' }, form);
  }

  // ---- composing --------------------------------------------------------------------------

  private sendText(text: string): void {
    const result = this.options.engine.send(text);
    this.errorEl.textContent = result === 'too_long' ? this.options.strings.tooLong(MAX_CHARS) : '';
    this.scrollToEnd();
    this.input.focus();
  }

  private submit(): void {
    const text = this.input.value;
    const result = this.options.engine.send(text);
    if (result === 'too_long') {
      this.showLength();
      return;
    }
    this.errorEl.textContent = '';
    if (result === 'ok') {
      this.input.value = '';
      this.showLength();
      this.autosize();
      this.scrollToEnd();
    }
    this.input.focus();
  }

  private onInputKey(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.submit();
    }
  }

  private onInput(): void {
    this.autosize();
    this.showLength();
    this.options.engine.notifyTyping(this.input.value.trim() !== '');
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => this.options.engine.saveDraft(this.input.value), 300);
  }

  /** The count near the limit; over it, by how much (said at once, not only when sending). */
  private showLength(): void {
    const { strings } = this.options;
    const hint = lengthHint(this.input.value, MAX_CHARS);
    const count = hint.kind === 'count' ? strings.charCount(hint.used, hint.max) : '';
    if (this.countEl.textContent !== count) this.countEl.textContent = count;
    this.countEl.hidden = !count;
    const over = hint.kind === 'over' ? strings.overLimit(hint.over, hint.max) : '';
    if (over) {
      if (this.errorEl.textContent !== over) this.errorEl.textContent = over;
    } else if (this.errorEl.dataset.length) this.errorEl.textContent = '';
    if (over) this.errorEl.dataset.length = 'over';
    else delete this.errorEl.dataset.length;
    if (over) this.input.setAttribute('aria-invalid', 'true');
    else this.input.removeAttribute('aria-invalid');
  }

  private autosize(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 120)}px`;
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.isOpen) {
      e.preventDefault();
      this.close(true);
      return;
    }
    // Full screen on a phone the panel is modal: Tab cycles inside it.
    if (e.key === 'Tab' && this.isOpen && this.phone) {
      const focusable = [...this.panel.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
        (el) => el.offsetParent !== null,
      );
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first?.focus();
      }
    }
  }

  private scrollToEnd(): void {
    this.scroll.scrollTop = this.scroll.scrollHeight;
  }
}
