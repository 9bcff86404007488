/**
 * The reply box: Enter sends, Shift+Enter is a new line, "/shortcut" + Tab expands a canned response
 * (↑/↓ choose among matches), Esc leaves the box. Drafts are kept per conversation.
 */
import { h, replace } from '../dom';
import type { CannedResponseView } from '../protocol';

export interface ComposerOptions {
  canned: () => readonly CannedResponseView[];
  send(text: string): Promise<void>;
  typing(active: boolean): void;
}

export class Composer {
  readonly element: HTMLElement;
  readonly input: HTMLTextAreaElement;
  private readonly menu: HTMLElement;
  private readonly hint: HTMLElement;
  private readonly button: HTMLButtonElement;
  private matches: CannedResponseView[] = [];
  private active = 0;
  private drafts = new Map<string, string>();
  private conversationId: string | null = null;
  private typingSince = 0;
  private typingTimer: number | undefined;

  constructor(private readonly options: ComposerOptions) {
    this.input = h('textarea', {
      id: 'reply',
      class: 'reply-input',
      attrs: {
        rows: 3,
        placeholder: 'Write a reply… ("/" for canned responses)',
        'aria-label': 'Reply to the customer',
        'aria-autocomplete': 'list',
        'aria-controls': 'canned-menu',
        maxlength: 2000,
      },
      on: { keydown: (e) => this.onKey(e), input: () => this.onInput() },
    });
    this.menu = h('ul', {
      id: 'canned-menu',
      class: 'canned-menu',
      attrs: { role: 'listbox', 'aria-label': 'Canned responses', hidden: true },
    });
    this.hint = h('p', { class: 'composer-hint', attrs: { 'aria-live': 'polite' } });
    this.button = h(
      'button',
      { class: 'btn btn-primary', attrs: { type: 'submit', 'aria-keyshortcuts': 'Enter' } },
      'Send',
    );
    this.element = h(
      'form',
      {
        class: 'composer',
        on: {
          submit: (e) => {
            e.preventDefault();
            void this.submit();
          },
        },
      },
      this.menu,
      this.input,
      h('div', { class: 'composer-row' }, this.hint, this.button),
    );
  }

  /** Switches to a conversation (keeping the previous draft) and enables or disables writing. */
  attach(conversationId: string, enabled: boolean, reason: string): void {
    if (this.conversationId) this.drafts.set(this.conversationId, this.input.value);
    if (this.conversationId !== conversationId) this.input.value = this.drafts.get(conversationId) ?? '';
    this.conversationId = conversationId;
    this.input.disabled = !enabled;
    this.button.disabled = !enabled;
    this.hint.textContent = enabled ? 'Enter to send · Shift+Enter new line · /shortcut + Tab' : reason;
    this.closeMenu();
  }

  insert(text: string): void {
    if (this.input.disabled) return;
    this.input.value = this.input.value.trim() ? `${this.input.value.trimEnd()}\n${text}` : text;
    this.input.focus();
  }

  /**
   * Sends the box's text. The box is emptied as the message leaves, not when the server confirms it:
   * what the agent types meanwhile is the next message and must survive the confirmation. A failed
   * send puts its text back in front of anything typed since.
   */
  private async submit(): Promise<void> {
    const text = this.input.value.trim();
    if (!text || this.input.disabled) return;
    const conversationId = this.conversationId;
    this.input.value = '';
    if (conversationId) this.drafts.delete(conversationId);
    this.button.disabled = true;
    try {
      await this.options.send(text);
      this.stopTyping();
    } catch (error) {
      this.hint.textContent = error instanceof Error ? error.message : 'Sending failed.';
      if (this.conversationId === conversationId) {
        const typed = this.input.value.trim();
        this.input.value = typed ? `${text}\n${typed}` : text;
      } else if (conversationId) {
        const draft = this.drafts.get(conversationId)?.trim();
        this.drafts.set(conversationId, draft ? `${text}\n${draft}` : text);
      }
    } finally {
      this.button.disabled = this.input.disabled;
      this.input.focus();
    }
  }

  private onKey(event: KeyboardEvent): void {
    const open = !this.menu.hidden && this.matches.length > 0;
    if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      this.active =
        (this.active + (event.key === 'ArrowDown' ? 1 : this.matches.length - 1)) % this.matches.length;
      this.renderMenu();
      return;
    }
    if (open && (event.key === 'Tab' || (event.key === 'Enter' && !event.shiftKey))) {
      event.preventDefault();
      this.expand(this.matches[this.active]);
      return;
    }
    if (event.key === 'Escape') {
      if (open) this.closeMenu();
      else this.input.blur();
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void this.submit();
    }
  }

  private onInput(): void {
    const match = /^\/([\w-]*)$/.exec(this.input.value.trim());
    if (match) {
      const query = match[1].toLowerCase();
      this.matches = this.options
        .canned()
        .filter((c) => c.shortcut.startsWith(query) || c.title.toLowerCase().includes(query));
      this.active = 0;
      this.renderMenu();
    } else this.closeMenu();
    this.startTyping();
  }

  private expand(canned: CannedResponseView): void {
    this.input.value = canned.text;
    this.closeMenu();
    this.input.setSelectionRange(this.input.value.length, this.input.value.length);
  }

  private renderMenu(): void {
    this.menu.hidden = this.matches.length === 0;
    replace(
      this.menu,
      ...this.matches.map((c, i) =>
        h(
          'li',
          {
            id: `canned-${c.shortcut}`,
            class: i === this.active ? 'active' : '',
            attrs: { role: 'option', 'aria-selected': i === this.active ? 'true' : 'false' },
            on: {
              mousedown: (e) => {
                e.preventDefault();
                this.expand(c);
              },
            },
          },
          h('kbd', null, `/${c.shortcut}`),
          ` ${c.title} — `,
          h('span', { class: 'muted' }, c.text),
        ),
      ),
    );
    if (this.matches.length)
      this.input.setAttribute('aria-activedescendant', `canned-${this.matches[this.active].shortcut}`);
  }

  private closeMenu(): void {
    this.matches = [];
    this.menu.hidden = true;
    this.input.removeAttribute('aria-activedescendant');
  }

  private startTyping(): void {
    const now = Date.now();
    if (now - this.typingSince > 2500) {
      this.typingSince = now;
      this.options.typing(true);
    }
    window.clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(() => this.stopTyping(), 3000);
  }

  private stopTyping(): void {
    window.clearTimeout(this.typingTimer);
    if (this.typingSince) this.options.typing(false);
    this.typingSince = 0;
  }
}
