/**
 * What the widget keeps across reloads, page navigation and tabs, in the widget origin's
 * localStorage (one key per site): the visitor token, the conversation and the last seq seen, the
 * messages shown, and the outbox of messages not yet acknowledged. Read-modify-write on every
 * change, so two tabs of the same site never drop each other's outbox entries.
 */
import type { ChatMessageView, ChatResumeAckData } from '../../protocol';

export interface OutboxEntry {
  /** Chosen once; every re-send uses the same id, so the server stores the message once. */
  clientMessageId: string;
  text: string;
  createdAt: string;
  /** Set when the server refused the message for good (e.g. `message_too_long`): shown, not re-sent. */
  error?: string;
}

export type ConversationState = ChatResumeAckData['state'];

export interface SavedState {
  v: 1;
  visitorToken?: string;
  conversationId?: string;
  conversationState?: ConversationState;
  /** Every message of the conversation up to this seq is in `messages` (or was, before trimming). */
  lastSeq: number;
  /** The current conversation, sorted by seq, no duplicates. */
  messages: ChatMessageView[];
  /** Earlier conversations (closed, or from a lost identity), shown above a divider. */
  archived: ChatMessageView[];
  /** Unacknowledged messages, oldest first. */
  outbox: OutboxEntry[];
  unread: number;
  open: boolean;
  draft: string;
}

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

/** The storage when it works (it can throw: third-party storage blocked, private modes), else null. */
export function usableStorage(get: () => KeyValueStorage | null | undefined): KeyValueStorage | null {
  try {
    const storage = get();
    if (storage) {
      const probe = '__parley_probe__';
      storage.setItem(probe, '1');
      if (storage.getItem(probe) === '1') return storage;
    }
  } catch {
    // blocked
  }
  return null;
}

/**
 * Storage kept by the host page on the widget's behalf, for browsers that deny the widget's iframe
 * its own storage (third-party storage blocked): values travel over the origin-checked bridge.
 */
export class RelayedStorage implements KeyValueStorage {
  private readonly values = new Map<string, string>();
  constructor(private readonly write: (key: string, value: string) => void) {}
  getItem(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.values.set(key, value);
    this.write(key, value);
  }
  /** A value from the host (the initial load, or another tab's change). */
  receive(key: string, value: string | null): void {
    if (value === null) this.values.delete(key);
    else this.values.set(key, value);
  }
}

export const emptyState = (): SavedState => ({
  v: 1,
  lastSeq: 0,
  messages: [],
  archived: [],
  outbox: [],
  unread: 0,
  open: false,
  draft: '',
});

const isMessage = (m: unknown): m is ChatMessageView => {
  const v = m as Partial<ChatMessageView> | null;
  return (
    !!v &&
    typeof v.seq === 'number' &&
    typeof v.text === 'string' &&
    typeof v.sender === 'string' &&
    typeof v.conversationId === 'string'
  );
};
const isEntry = (e: unknown): e is OutboxEntry => {
  const v = e as Partial<OutboxEntry> | null;
  return !!v && typeof v.clientMessageId === 'string' && typeof v.text === 'string';
};

export interface StoreLimits {
  messages: number;
  archived: number;
}

export class StateStore {
  private fallback: KeyValueStorage | null = null;

  constructor(
    private storage: KeyValueStorage,
    readonly key: string,
    private readonly limits: StoreLimits = { messages: 200, archived: 50 },
  ) {}

  load(): SavedState {
    let raw: string | null = null;
    try {
      raw = (this.fallback ?? this.storage).getItem(this.key);
    } catch {
      raw = null;
    }
    if (!raw) return emptyState();
    try {
      const parsed = JSON.parse(raw) as Partial<SavedState>;
      const base = emptyState();
      return {
        ...base,
        visitorToken: typeof parsed.visitorToken === 'string' ? parsed.visitorToken : undefined,
        conversationId: typeof parsed.conversationId === 'string' ? parsed.conversationId : undefined,
        conversationState: parsed.conversationState,
        lastSeq: Number.isInteger(parsed.lastSeq) && parsed.lastSeq! >= 0 ? parsed.lastSeq! : 0,
        messages: Array.isArray(parsed.messages) ? parsed.messages.filter(isMessage) : [],
        archived: Array.isArray(parsed.archived) ? parsed.archived.filter(isMessage) : [],
        outbox: Array.isArray(parsed.outbox) ? parsed.outbox.filter(isEntry) : [],
        unread: Number.isInteger(parsed.unread) && parsed.unread! > 0 ? parsed.unread! : 0,
        open: parsed.open === true,
        draft: typeof parsed.draft === 'string' ? parsed.draft : '',
      };
    } catch {
      return emptyState();
    }
  }

  /** Saves; when the quota is exceeded it keeps fewer old messages, never fewer outbox entries. */
  save(state: SavedState): void {
    const trimmed: SavedState = {
      ...state,
      messages: state.messages.slice(-this.limits.messages),
      archived: state.archived.slice(-this.limits.archived),
    };
    for (const keep of [1, 0.5, 0.1, 0]) {
      const n = Math.floor(trimmed.messages.length * keep);
      const attempt =
        keep === 1
          ? trimmed
          : { ...trimmed, messages: trimmed.messages.slice(trimmed.messages.length - n), archived: [] };
      try {
        (this.fallback ?? this.storage).setItem(this.key, JSON.stringify(attempt));
        return;
      } catch {
        // quota: try with less history
      }
    }
    // Storage is unusable: carry on in memory so the chat keeps working for this page view.
    this.fallback = memoryStorage();
    this.fallback.setItem(this.key, JSON.stringify(trimmed));
  }
}
