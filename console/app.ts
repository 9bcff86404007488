/**
 * The agent console: sign-in, then a three-column workspace (inbox · conversation · packet and
 * customer) kept live over the `/agents` socket. Keyboard first; every text is set as text.
 * Admins also get the admin side (#/admin/…), a separate bundle loaded on first use.
 */
import type { AdminModule } from './admin/types';
import { loadAdmin } from './admin-loader';
import { ApiError, currentSession, signOut, type Session } from './api';
import { $, h, replace } from './dom';
import { notifyDesktop } from './notify';
import {
  AgentEvents,
  type AgentMessageView,
  type ConversationDetailView,
  type EscalationCardView,
  type InboxScopeView,
} from './protocol';
import { connectAgents, request, RequestError, type AgentsSocket } from './socket';
import { cardsFor, initialState, isOpen, type ConsoleState } from './state';
import { Composer } from './views/composer';
import { conversationView, messageView, permissionFor } from './views/conversation';
import { helpDialog, transferDialog } from './views/dialogs';
import { inboxView } from './views/inbox';
import { packetView } from './views/packet';
import { signInView } from './views/sign-in';

const TITLE = 'Parley · Agent console';

export async function boot(root: HTMLElement): Promise<void> {
  try {
    start(root, await currentSession());
  } catch (error) {
    showSignIn(root, error instanceof ApiError && error.status !== 401 ? error.message : undefined);
  }
}

function showSignIn(root: HTMLElement, notice?: string): void {
  document.title = TITLE;
  replace(
    root,
    signInView((session) => start(root, session), notice),
  );
  root.querySelector<HTMLInputElement>('#email')?.focus();
}

function start(root: HTMLElement, session: Session): void {
  new ConsoleApp(root, session).start();
}

class ConsoleApp {
  private readonly state: ConsoleState;
  private readonly socket: AgentsSocket;
  private readonly composer: Composer;
  private readonly slots: {
    top: HTMLElement;
    inbox: HTMLElement;
    conversation: HTMLElement;
    side: HTMLElement;
    admin: HTMLElement;
    toast: HTMLElement;
  };
  private readonly workspace: HTMLElement;
  private mode: 'inbox' | 'admin' = 'inbox';
  private admin: ReturnType<AdminModule['mount']> | null = null;
  private lastHash = '';
  private timers: number[] = [];
  private stopped = false;

  constructor(
    private readonly root: HTMLElement,
    session: Session,
  ) {
    this.state = initialState(session);
    this.socket = connectAgents();
    this.composer = new Composer({
      canned: () => this.state.canned,
      send: (text) => this.send(text),
      typing: (active) => {
        const id = this.state.detail?.conversation.id;
        if (id) this.socket.emit(AgentEvents.typing, { conversationId: id, active });
      },
    });
    this.slots = {
      top: h('header', { class: 'topbar' }),
      inbox: h('div', { class: 'slot-inbox' }),
      conversation: h('div', { class: 'slot-conversation' }),
      side: h('div', { class: 'slot-side' }),
      admin: h('main', { class: 'slot-admin', id: 'admin', attrs: { hidden: true } }),
      toast: h('div', { class: 'toast', attrs: { role: 'status', 'aria-live': 'polite' } }),
    };
    this.workspace = h(
      'div',
      { class: 'workspace' },
      this.slots.top,
      this.slots.inbox,
      this.slots.conversation,
      this.slots.side,
      this.slots.admin,
    );
    replace(root, this.workspace, this.slots.toast);
  }

  start(): void {
    const s = this.socket;
    s.on('connect', () => {
      this.state.connected = true;
      this.renderTop();
    });
    s.on('disconnect', () => {
      this.state.connected = false;
      this.renderTop();
    });
    s.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      if (error.data?.code === 'unauthorized' || error.data?.code === 'forbidden')
        this.stop('Please sign in.');
    });
    s.on(AgentEvents.hello, (hello) => {
      this.state.me = hello.me;
      this.state.canned = hello.canned;
      this.state.teams = hello.teams;
      this.timers.push(window.setInterval(() => s.emit(AgentEvents.heartbeat), hello.heartbeatMs));
      void this.sync();
    });
    s.on(AgentEvents.escalationNew, (card) => {
      this.upsert(card);
      const mine = card.status === 'assigned' && card.agentId === this.state.session.user.id;
      if (card.status === 'queued' || mine)
        notifyDesktop(
          mine ? 'A conversation was assigned to you' : 'New escalation',
          `${card.reasonLabel}: ${card.packet.problem}`,
          () => void this.open(card.conversationId),
        );
      if (mine && !this.state.detail) void this.open(card.conversationId);
    });
    s.on(AgentEvents.escalationUpdated, (card) => this.upsert(card));
    s.on(AgentEvents.message, (message) => this.onMessage(message));
    s.on(AgentEvents.customerTyping, ({ conversationId, active }) => {
      if (this.state.detail?.conversation.id !== conversationId) return;
      this.state.customerTyping = active;
      const header = this.slots.conversation.querySelector('.conversation-header > div');
      header?.querySelector('.typing')?.remove();
      if (active)
        header?.appendChild(h('p', { class: 'typing', attrs: { role: 'status' } }, 'Customer is typing…'));
    });
    s.on(AgentEvents.agentUpdated, (agent) => {
      this.state.roster = [...this.state.roster.filter((a) => a.id !== agent.id), agent];
      if (agent.id === this.state.session.user.id) {
        this.state.me = agent;
        this.renderTop();
      }
    });
    s.on(AgentEvents.sessionEnded, ({ message }) => this.stop(message));

    document.addEventListener('keydown', this.onKey);
    window.addEventListener('hashchange', this.onHash);
    this.timers.push(window.setInterval(() => this.renderInbox(), 5000));
    this.renderAll();
    void this.route();
  }

  // ─── Inbox or admin side (by the URL hash) ─────────────────────────────────────────────────────

  private readonly onHash = (): void => void this.route();

  private async route(): Promise<void> {
    const hash = location.hash;
    if (this.admin && hash !== this.lastHash && !(await this.admin.confirmLeave())) {
      history.replaceState(null, '', this.lastHash || location.pathname);
      return;
    }
    this.lastHash = hash;
    const match = /^#\/admin(?:\/([^/]*))?(?:\/(.+))?$/.exec(hash);
    // Agents get no admin side (the server answers 403 anyway).
    if (!match || this.state.session.user.role !== 'admin') return this.setMode('inbox');
    this.setMode('admin');
    try {
      const admin = await loadAdmin();
      if (this.stopped || location.hash !== hash) return;
      this.admin ??= admin.mount({
        root: this.slots.admin,
        session: this.state.session,
        say: (message) => this.say(message),
        fail: (error) => this.toast(error),
        onSignedOut: () => this.stop('Your session has ended. Please sign in again.'),
      });
      this.admin.show(match[1] || 'intents', match[2] ? decodeURIComponent(match[2]) : undefined);
    } catch (error) {
      this.toast(error);
    }
  }

  private setMode(mode: 'inbox' | 'admin'): void {
    const changed = this.mode !== mode;
    this.mode = mode;
    this.workspace.classList.toggle('workspace-admin', mode === 'admin');
    this.slots.admin.hidden = mode !== 'admin';
    for (const slot of [this.slots.inbox, this.slots.conversation, this.slots.side])
      slot.hidden = mode === 'admin';
    if (changed) this.renderTop();
    if (changed && mode === 'inbox') this.slots.inbox.querySelector<HTMLElement>('.tab-active')?.focus();
  }

  private stop(notice?: string): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) window.clearInterval(t);
    document.removeEventListener('keydown', this.onKey);
    window.removeEventListener('hashchange', this.onHash);
    this.admin?.destroy();
    this.admin = null;
    this.socket.close();
    showSignIn(this.root, notice);
  }

  // ─── Data ──────────────────────────────────────────────────────────────────────────────────────

  private async sync(): Promise<void> {
    try {
      const [all, live, roster] = await Promise.all([
        request(this.socket, AgentEvents.inbox, { scope: 'all' }),
        request(this.socket, AgentEvents.live, {}),
        request(this.socket, AgentEvents.roster, {}),
      ]);
      this.state.cards = new Map(all.map((c) => [c.id, c]));
      this.state.live = live;
      this.state.roster = roster;
      this.state.syncedAt = Date.now();
      if (this.state.detail) await this.open(this.state.detail.conversation.id, false);
      this.renderAll();
    } catch (error) {
      this.toast(error);
    }
  }

  private upsert(card: EscalationCardView): void {
    if (isOpen(card)) this.state.cards.set(card.id, card);
    else this.state.cards.delete(card.id);
    // Positions and waits of the others moved too; ask again quietly.
    this.state.syncedAt = Date.now();
    if (this.state.detail?.conversation.id === card.conversationId)
      void this.open(card.conversationId, false);
    this.renderInbox();
    this.renderTop();
    if (card.status === 'queued') void this.refreshPositions();
  }

  private refreshing = false;
  private async refreshPositions(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      const queued = await request(this.socket, AgentEvents.inbox, { scope: 'queued' });
      for (const card of queued) this.state.cards.set(card.id, card);
      this.state.syncedAt = Date.now();
      this.renderInbox();
    } catch {
      /* the next event refreshes */
    } finally {
      this.refreshing = false;
    }
  }

  private onMessage(message: AgentMessageView): void {
    const detail = this.state.detail;
    if (detail?.conversation.id === message.conversationId) {
      if (detail.messages.some((m) => m.id === message.id)) return;
      detail.messages.push(message);
      const transcript = this.slots.conversation.querySelector<HTMLElement>('#transcript');
      if (transcript) {
        transcript.appendChild(messageView(message));
        transcript.scrollTop = transcript.scrollHeight;
      }
      if (message.sender === 'customer') {
        this.state.customerTyping = false;
        this.slots.conversation.querySelector('.typing')?.remove();
        void this.loadSuggestions(message.conversationId);
      }
      return;
    }
    if (message.sender === 'customer') {
      this.state.unread.set(message.conversationId, (this.state.unread.get(message.conversationId) ?? 0) + 1);
      this.renderInbox();
    }
  }

  /**
   * The conversation being opened in place of the one on screen. Until it arrives, the actions (keys
   * and header buttons) do nothing: they would otherwise act on the chat the agent is leaving.
   */
  private opening: string | null = null;

  private async open(conversationId: string, focusComposer = true): Promise<void> {
    const previous = this.state.detail?.conversation.id;
    const switching = previous !== conversationId;
    if (switching) {
      this.opening = conversationId;
      this.slots.conversation.setAttribute('aria-busy', 'true');
    }
    try {
      const detail: ConversationDetailView = await request(this.socket, AgentEvents.open, { conversationId });
      if (previous && previous !== conversationId)
        void request(this.socket, AgentEvents.leave, { conversationId: previous }).catch(() => undefined);
      this.state.detail = detail;
      this.state.unread.delete(conversationId);
      if (previous !== conversationId) {
        this.state.customerTyping = false;
        this.state.suggestions = [];
        void this.loadSuggestions(conversationId);
      }
      this.renderConversation(focusComposer && previous !== conversationId);
      this.renderSide();
      this.renderInbox();
    } catch (error) {
      this.toast(error);
    } finally {
      if (switching && this.opening === conversationId) {
        this.opening = null;
        this.slots.conversation.removeAttribute('aria-busy');
      }
    }
  }

  /** The conversation the actions apply to: the one on screen, unless another is being opened. */
  private settledDetail(): ConversationDetailView | null {
    return this.opening ? null : this.state.detail;
  }

  private async loadSuggestions(conversationId: string): Promise<void> {
    try {
      const suggestions = await request(this.socket, AgentEvents.suggest, { conversationId });
      if (this.state.detail?.conversation.id !== conversationId) return;
      this.state.suggestions = suggestions;
      this.renderSide();
    } catch {
      /* suggestions are a nicety */
    }
  }

  private async send(text: string): Promise<void> {
    const detail = this.state.detail;
    if (!detail) return;
    const clientMessageId = `a-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const message = await request(this.socket, AgentEvents.send, {
      conversationId: detail.conversation.id,
      text,
      clientMessageId,
    });
    this.onMessage(message);
  }

  private async act<T>(label: string, action: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await action();
      this.say(label);
      return result;
    } catch (error) {
      this.toast(error);
      return undefined;
    }
  }

  private readonly actions = {
    claim: () => {
      const e = this.settledDetail()?.escalation;
      if (e?.status === 'queued')
        void this.act('Claimed. The customer has been told you joined.', async () => {
          this.upsert(await request(this.socket, AgentEvents.claim, { escalationId: e.id }));
          this.composer.input.focus();
        });
    },
    takeOver: () => {
      const d = this.settledDetail();
      if (d?.conversation.state === 'bot')
        void this.act('You have taken over this conversation.', async () => {
          this.upsert(
            await request(this.socket, AgentEvents.takeover, { conversationId: d.conversation.id }),
          );
          this.state.live = this.state.live.filter((c) => c.id !== d.conversation.id);
          this.composer.input.focus();
        });
    },
    resolve: () => {
      const e = this.owned();
      if (e)
        void this.act('Resolved. The customer is asked to rate the chat.', async () =>
          this.upsert(await request(this.socket, AgentEvents.resolve, { escalationId: e.id })),
        );
    },
    handBack: () => {
      const e = this.owned();
      if (e)
        void this.act('Handed back to the bot.', async () =>
          this.upsert(await request(this.socket, AgentEvents.handBack, { escalationId: e.id })),
        );
    },
    transfer: () => {
      const e = this.owned();
      if (!e) return;
      void request(this.socket, AgentEvents.roster, {})
        .then((roster) => {
          this.state.roster = roster;
          const dialog = transferDialog(roster, this.state.teams, this.state.session.user.id, (target) => {
            void this.act('Transferred.', async () =>
              this.upsert(
                await request(this.socket, AgentEvents.transfer, { escalationId: e.id, ...target }),
              ),
            );
          });
          document.body.appendChild(dialog);
          dialog.showModal();
        })
        .catch((error: unknown) => this.toast(error));
    },
  };

  private owned(): EscalationCardView | null {
    const d = this.settledDetail();
    return d && d.escalation && permissionFor(d, this.state) === 'own' ? d.escalation : null;
  }

  // ─── Keyboard ──────────────────────────────────────────────────────────────────────────────────

  private readonly onKey = (event: KeyboardEvent): void => {
    const target = event.target as HTMLElement | null;
    if (this.mode === 'admin') return; // the admin pages have their own keys
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && (target.closest('input, textarea, select, dialog') || target.isContentEditable)) return;
    const tabs: Record<string, InboxScopeView> = { '1': 'queued', '2': 'mine', '3': 'all' };
    const run = (fn: () => void) => {
      event.preventDefault();
      fn();
    };
    switch (event.key) {
      case 'j':
      case 'ArrowDown':
        return run(() => this.moveFocus(1));
      case 'k':
      case 'ArrowUp':
        return run(() => this.moveFocus(-1));
      case 'Enter':
      case 'o':
        if (target?.closest('button, a')) return; // let buttons do their own thing
        return run(() => this.openFocused());
      case '1':
      case '2':
      case '3':
        return run(() => this.selectTab(tabs[event.key]));
      case 'c':
        return run(this.actions.claim);
      case 't':
        return run(this.actions.takeOver);
      case 'e':
        return run(this.actions.resolve);
      case 'b':
        return run(this.actions.handBack);
      case 'm':
        return run(this.actions.transfer);
      case 'r':
      case '/':
        return run(() => this.composer.input.focus());
      case 'a':
        return run(() => this.togglePresence());
      case '?':
        return run(() => {
          const dialog = helpDialog();
          document.body.appendChild(dialog);
          dialog.showModal();
        });
    }
  };

  private listLength(): number {
    return (
      cardsFor(this.state, this.state.tab).length + (this.state.tab === 'all' ? this.state.live.length : 0)
    );
  }

  private moveFocus(delta: number): void {
    const n = this.listLength();
    if (!n) return;
    this.state.focus = (this.state.focus + delta + n) % n;
    this.renderInbox();
    this.slots.inbox.querySelector<HTMLElement>('.card-focused')?.focus();
  }

  private openFocused(): void {
    const cards = cardsFor(this.state, this.state.tab);
    const i = this.state.focus;
    const id = i < cards.length ? cards[i]?.conversationId : this.state.live[i - cards.length]?.id;
    if (id) void this.open(id);
  }

  private selectTab(tab: InboxScopeView): void {
    this.state.tab = tab;
    this.state.focus = 0;
    if (tab === 'all')
      void request(this.socket, AgentEvents.live, {}).then((live) => {
        this.state.live = live;
        this.renderInbox();
      });
    this.renderInbox();
    this.slots.inbox.querySelector<HTMLElement>(`#tab-${tab}`)?.focus();
  }

  private togglePresence(): void {
    const next = this.state.me?.presence === 'online' ? 'away' : 'online';
    void this.act(
      next === 'away' ? 'You are away: no new chats are assigned to you.' : 'You are online.',
      async () => {
        this.state.me = await request(this.socket, AgentEvents.status, { presence: next });
        this.renderTop();
      },
    );
  }

  // ─── Rendering ─────────────────────────────────────────────────────────────────────────────────

  private renderAll(): void {
    this.renderTop();
    this.renderInbox();
    this.renderConversation(false);
    this.renderSide();
  }

  private renderTop(): void {
    const { session, me, connected } = this.state;
    const queued = cardsFor(this.state, 'queued').length;
    if (this.mode === 'inbox') document.title = queued ? `(${queued}) ${TITLE}` : TITLE;
    const isAdmin = session.user.role === 'admin';
    const link = (href: string, label: string, current: boolean) =>
      h(
        'a',
        {
          class: `section-link${current ? ' section-current' : ''}`,
          attrs: { href, 'aria-current': current ? 'page' : null },
        },
        label,
      );
    const presence = me?.presence ?? 'offline';
    replace(
      this.slots.top,
      h(
        'div',
        { class: 'brand' },
        h('span', { class: 'brand-mark', attrs: { 'aria-hidden': 'true' } }, 'P'),
        'Parley',
        h('span', { class: 'muted' }, isAdmin ? ' console' : ' agent console'),
      ),
      isAdmin
        ? h(
            'nav',
            { class: 'section-nav', attrs: { 'aria-label': 'Console' } },
            link('#/inbox', queued ? `Inbox (${queued})` : 'Inbox', this.mode === 'inbox'),
            link('#/admin', 'Admin', this.mode === 'admin'),
          )
        : null,
      h(
        'div',
        { class: 'top-right' },
        connected ? null : h('span', { class: 'chip chip-warn', attrs: { role: 'status' } }, 'Reconnecting…'),
        h(
          'button',
          {
            class: `presence presence-${presence}`,
            attrs: { type: 'button', title: 'Toggle away (a)', 'aria-keyshortcuts': 'a' },
            on: { click: () => this.togglePresence() },
          },
          h('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } }),
          presence === 'online' ? 'Online' : presence === 'away' ? 'Away' : 'Offline',
        ),
        h(
          'span',
          { class: 'me' },
          session.user.name,
          me ? h('span', { class: 'muted' }, ` · ${me.activeChats}/${me.capacity} chats`) : null,
        ),
        // The shortcuts are the inbox's; the admin pages use the usual keys (Tab, Enter, Escape).
        this.mode === 'inbox'
          ? h(
              'button',
              {
                class: 'btn btn-quiet',
                attrs: { type: 'button', title: 'Keyboard shortcuts (?)' },
                on: { click: () => this.onKey(new KeyboardEvent('keydown', { key: '?' })) },
              },
              '?',
            )
          : null,
        h(
          'button',
          {
            class: 'btn btn-quiet',
            attrs: { type: 'button' },
            on: { click: () => void signOut(session.csrfToken).finally(() => this.stop('You signed out.')) },
          },
          'Sign out',
        ),
      ),
    );
  }

  private renderInbox(): void {
    const active = document.activeElement as HTMLElement | null;
    const hadFocus =
      active && this.slots.inbox.contains(active)
        ? active.id || active.getAttribute('data-conversation')
        : null;
    replace(
      this.slots.inbox,
      inboxView(this.state, {
        selectTab: (tab) => this.selectTab(tab),
        open: (id, index) => {
          this.state.focus = index;
          void this.open(id);
        },
      }),
    );
    if (hadFocus)
      (
        this.slots.inbox.querySelector<HTMLElement>(`#${CSS.escape(hadFocus)}`) ??
        this.slots.inbox.querySelector<HTMLElement>(`[data-conversation="${CSS.escape(hadFocus)}"]`)
      )?.focus();
  }

  private renderConversation(focusComposer: boolean): void {
    const composerFocused = document.activeElement === this.composer.input;
    replace(this.slots.conversation, conversationView(this.state, this.composer, this.actions));
    if ((focusComposer || composerFocused) && !this.composer.input.disabled) this.composer.input.focus();
  }

  private renderSide(): void {
    if (!this.state.detail) {
      replace(this.slots.side);
      return;
    }
    replace(
      this.slots.side,
      packetView(this.state.detail, this.state.suggestions, (text) => this.composer.insert(text)),
    );
  }

  private say(message: string): void {
    this.slots.toast.textContent = message;
    this.slots.toast.className = 'toast toast-show';
    window.setTimeout(() => (this.slots.toast.className = 'toast'), 3500);
  }

  private toast(error: unknown): void {
    this.say(
      error instanceof RequestError || error instanceof ApiError || error instanceof Error
        ? error.message
        : 'Something went wrong.',
    );
    this.slots.toast.className = 'toast toast-show toast-error';
  }
}

export const consoleRoot = (): HTMLElement => $('#app');
