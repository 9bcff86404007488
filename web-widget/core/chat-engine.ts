/**
 * Delivery that never loses a message, independent of the DOM and of socket.io (tests drive it with
 * a fake transport):
 *
 * - a message goes into the persisted outbox before it is sent, with a client id chosen once;
 * - the outbox is sent one message at a time, in order, until each is acknowledged; a timeout or a
 *   disconnect leaves it there, and it is re-sent with the same id (the server stores it once);
 * - on every (re)connect the engine first resumes after the last seq it has, then flushes the outbox;
 * - messages are kept by seq: duplicates are dropped, gaps trigger a resume, order is the seq order.
 */
import type {
  Ack,
  ChatAuth,
  ChatEvents,
  ChatMessageAckData,
  ChatMessageView,
  ChatResumeAckData,
} from '../../protocol';
import { handoffStateOf, noticeOf } from './rich';
import type { OutboxEntry, SavedState, StateStore } from './state';

/** Event names, checked against the protocol's constants without bundling its zod schemas. */
export const EVENTS = {
  message: 'chat:message',
  resume: 'chat:resume',
  reply: 'chat:reply',
  session: 'chat:session',
  identify: 'chat:identify',
} as const satisfies Partial<typeof ChatEvents>;
/** Not in the protocol yet (the handoff work adds them); the widget is ready for them. */
export const PENDING_EVENTS = { typing: 'chat:typing', queue: 'chat:queue' } as const;

export const MAX_CHARS = 2000;

export interface ChatTransport {
  readonly connected: boolean;
  /** Emits with an acknowledgement; rejects on timeout or when not connected. */
  request<T>(event: string, payload: unknown): Promise<Ack<T>>;
  /** Drops and re-opens the connection (new handshake `auth`). */
  reconnect(): void;
}

export type ConnectionStatus = 'idle' | 'connecting' | 'online' | 'offline';

export interface Identity {
  customerId: string;
  signature: string;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface EngineOptions {
  store: StateStore;
  transport: ChatTransport;
  siteId: string;
  /** Called after every change the view may show. */
  onChange: () => void;
  /** New messages from the bot, agents or the system (for the live region and the unread badge). */
  onArrived?: (messages: ChatMessageView[]) => void;
  /** True while the customer sees the conversation (panel open, page visible). */
  attending?: () => boolean;
  /** Runs `fn` exclusively across tabs (Web Locks); defaults to running it directly. */
  lock?: <T>(fn: () => Promise<T>) => Promise<T>;
  now?: () => Date;
  newId?: () => string;
  timers?: Timers;
  maxChars?: number;
  /** How long to show "typing…" for the bot after a message was stored, at most. */
  thinkingMs?: number;
}

/** Refusals that will not change on a re-send: shown to the customer, not retried. */
const PERMANENT = new Set([
  'validation_failed',
  'message_too_long',
  'payload_too_large',
  'bad_request',
  'forbidden',
]);

export function randomId(): string {
  const bytes = new Uint8Array(9);
  globalThis.crypto.getRandomValues(bytes);
  return `c-${Date.now().toString(36)}-${[...bytes].map((b) => b.toString(36).padStart(2, '0')).join('')}`;
}

const defaultTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as number),
};

export class ChatEngine {
  status: ConnectionStatus = 'idle';
  /** Someone (an agent, or the bot while it works on an answer) is typing. */
  typing: { name: string | null; bot: boolean } | null = null;
  queue: { position: number | null; waitSeconds: number | null } | null = null;

  private snapshot: SavedState;
  private identity: Identity | null = null;
  /** The identity the current connection's handshake carried. */
  private sentIdentity: Identity | null = null;
  private flushing: Promise<void> | null = null;
  private flushAgain = false;
  private resuming: Promise<void> | null = null;
  private resumeAgain = false;
  private retryTimer: unknown = null;
  private retryDelay = 1000;
  private gapTimer: unknown = null;
  private forceResume = false;
  private typingTimer: unknown = null;
  private awaitingFirstAck = false;
  private early: ChatMessageView[] = [];
  private typingSupported = true;
  private everConnected = false;
  private lastTypingSent = 0;
  private readonly timers: Timers;
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(private readonly options: EngineOptions) {
    this.timers = options.timers ?? defaultTimers;
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomId;
    this.snapshot = options.store.load();
  }

  get state(): Readonly<SavedState> {
    return this.snapshot;
  }

  /** Whether a connection is worth having: a conversation, unsent messages, or an open panel. */
  needsConnection(): boolean {
    const s = this.snapshot;
    return !!s.conversationId || s.outbox.length > 0 || s.open;
  }

  /** The socket.io handshake `auth` for the next (re)connect. */
  auth(): ChatAuth {
    this.sentIdentity = this.identity;
    return {
      visitorToken: this.snapshot.visitorToken,
      siteId: this.options.siteId,
      ...(this.identity
        ? { customerId: this.identity.customerId, customerSignature: this.identity.signature }
        : {}),
    };
  }

  // ---- customer actions -------------------------------------------------------------------

  send(text: string): 'ok' | 'empty' | 'too_long' {
    const clean = cleanMessage(text);
    if (!clean) return 'empty';
    if (clean.length > (this.options.maxChars ?? MAX_CHARS)) return 'too_long';
    const entry: OutboxEntry = {
      clientMessageId: this.newId(),
      text: clean,
      createdAt: this.now().toISOString(),
    };
    // Persisted before anything is sent: a reload or a crash from here on cannot lose it.
    this.mutate((s) => {
      s.outbox.push(entry);
      s.draft = '';
    });
    this.notifyTyping(false);
    void this.flush();
    return 'ok';
  }

  retry(clientMessageId: string): void {
    this.mutate((s) => {
      const entry = s.outbox.find((e) => e.clientMessageId === clientMessageId);
      if (entry) delete entry.error;
    });
    void this.flush();
  }

  discard(clientMessageId: string): void {
    this.mutate((s) => {
      s.outbox = s.outbox.filter((e) => e.clientMessageId !== clientMessageId);
    });
  }

  setOpen(open: boolean): void {
    this.mutate((s) => {
      s.open = open;
      if (open) s.unread = 0;
    });
  }

  markRead(): void {
    if (this.snapshot.unread) this.mutate((s) => void (s.unread = 0));
  }

  saveDraft(draft: string): void {
    this.mutate((s) => void (s.draft = draft.slice(0, MAX_CHARS * 2)), false);
  }

  /** A signed-in customer (from the host page); the server checks the signature. */
  identify(identity: Identity): void {
    this.identity = identity;
    if (this.options.transport.connected) this.syncIdentity(); // else the next handshake carries it
  }

  /** Tells the server an identity it did not get in this connection's handshake. */
  private syncIdentity(): void {
    const identity = this.identity;
    const sent = this.sentIdentity;
    if (!identity || (sent?.customerId === identity.customerId && sent.signature === identity.signature))
      return;
    this.sentIdentity = identity;
    this.options.transport
      .request(EVENTS.identify, { customerId: identity.customerId, signature: identity.signature })
      .then((ack) => {
        // A server without `chat:identify` learns it from the handshake instead.
        if (ack.error?.code === 'unknown_event') this.options.transport.reconnect();
      })
      .catch(() => undefined);
  }

  /** The customer is typing (or stopped): sent when the server knows `chat:typing`, throttled. */
  notifyTyping(active: boolean): void {
    const id = this.snapshot.conversationId;
    if (!this.typingSupported || !id || !this.options.transport.connected) return;
    const now = this.now().getTime();
    if (active && now - this.lastTypingSent < 3000) return;
    if (!active && this.lastTypingSent === 0) return;
    this.lastTypingSent = active ? now : 0;
    this.options.transport
      .request(PENDING_EVENTS.typing, { conversationId: id, active })
      .then((ack) => {
        const code = ack.error?.code;
        if (code === 'unknown_event' || code === 'validation_failed') this.typingSupported = false;
      })
      .catch(() => undefined);
  }

  // ---- connection events ------------------------------------------------------------------

  async connected(): Promise<void> {
    this.everConnected = true;
    this.setStatus('online');
    this.syncIdentity();
    this.retryDelay = 1000;
    await this.resume();
    await this.flush();
  }

  /** Lost the connection (or failed to get one). Before the first connect that is "connecting", after it "offline". */
  disconnected(offline: boolean): void {
    this.setStatus(offline || this.everConnected ? 'offline' : 'connecting');
    if (this.typing) this.setTyping(null);
  }

  setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.options.onChange();
  }

  session(visitorToken: string): void {
    this.mutate((s) => void (s.visitorToken = visitorToken), false);
  }

  /** Another tab changed the saved state. */
  syncFromStorage(): void {
    const before = this.snapshot.conversationId;
    this.snapshot = this.options.store.load();
    if (this.snapshot.conversationId !== before && this.options.transport.connected) void this.resume();
    this.options.onChange();
  }

  /** `chat:reply`: a stored message of the conversation. */
  reply(message: ChatMessageView): void {
    const s = this.snapshot;
    if (!s.conversationId || message.conversationId !== s.conversationId) {
      // The reply to a first message can overtake its acknowledgement: keep it until we know the id.
      if (this.awaitingFirstAck && this.early.length < 50) this.early.push(message);
      return;
    }
    this.merge([message], false);
    if (this.snapshot.messages.some((m) => m.seq > this.snapshot.lastSeq)) this.scheduleGapResume();
  }

  /** `chat:typing` from the server: `{ conversationId, active, name? }`. */
  remoteTyping(payload: unknown): void {
    const p = payload as {
      conversationId?: string;
      active?: boolean;
      typing?: boolean;
      name?: string;
    } | null;
    if (!p || p.conversationId !== this.snapshot.conversationId) return;
    const active = p.active ?? p.typing ?? false;
    this.setTyping(active ? { name: typeof p.name === 'string' ? p.name : null, bot: false } : null, 10_000);
  }

  /** `chat:queue` from the server: `{ conversationId, position, estimatedWaitSeconds }`. */
  queueStatus(payload: unknown): void {
    const p = payload as {
      conversationId?: string;
      position?: unknown;
      estimatedWaitSeconds?: unknown;
    } | null;
    if (!p || p.conversationId !== this.snapshot.conversationId) return;
    const n = (v: unknown): number | null =>
      typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;
    this.queue = { position: n(p.position), waitSeconds: n(p.estimatedWaitSeconds) };
    this.mutate((s) => void (s.conversationState = 'queued'));
  }

  // ---- resume and flush -------------------------------------------------------------------

  /** Fetches every message after the last seq we have (paging while `more`), then renders them. */
  resume(): Promise<void> {
    if (this.resuming) {
      this.resumeAgain = true;
      return this.resuming;
    }
    this.resuming = (async () => {
      do {
        this.resumeAgain = false;
        await this.resumeOnce();
      } while (this.resumeAgain && this.options.transport.connected);
    })().finally(() => {
      this.resuming = null;
    });
    return this.resuming;
  }

  private async resumeOnce(): Promise<void> {
    for (let page = 0; page < 100; page++) {
      this.snapshot = this.options.store.load();
      const { conversationId, lastSeq } = this.snapshot;
      if (!conversationId || !this.options.transport.connected) return;
      let ack: Ack<ChatResumeAckData>;
      try {
        ack = await this.options.transport.request<ChatResumeAckData>(EVENTS.resume, {
          conversationId,
          afterSeq: lastSeq,
        });
      } catch {
        return; // the next connect resumes again
      }
      if (ack.error) {
        // Not ours any more (a new visitor identity): start afresh, keeping what was shown.
        if (ack.error.code === 'not_found') this.startNewConversation(conversationId);
        return;
      }
      const data = ack.data!;
      if (data.conversationId !== this.snapshot.conversationId) return;
      this.merge(data.messages, !data.more, data.state);
      if (!data.more) return;
    }
  }

  flush(): Promise<void> {
    if (this.flushing) {
      this.flushAgain = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      let result: 'done' | 'stalled';
      do {
        this.flushAgain = false;
        result = await (this.options.lock ?? ((fn) => fn()))(() => this.flushOnce());
      } while (this.flushAgain && result === 'done');
      if (result === 'stalled') this.scheduleRetry();
      else this.retryDelay = 1000;
    })().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async flushOnce(): Promise<'done' | 'stalled'> {
    for (;;) {
      if (!this.options.transport.connected) return 'stalled';
      // Fresh from storage: another tab may have sent (or added) messages meanwhile.
      this.snapshot = this.options.store.load();
      const entry = this.snapshot.outbox.find((e) => !e.error);
      if (!entry) return 'done';
      const conversationId = this.snapshot.conversationId;
      this.awaitingFirstAck = !conversationId;
      let ack: Ack<ChatMessageAckData>;
      try {
        ack = await this.options.transport.request<ChatMessageAckData>(EVENTS.message, {
          clientMessageId: entry.clientMessageId,
          ...(conversationId ? { conversationId } : {}),
          text: entry.text,
        });
      } catch {
        this.awaitingFirstAck = false;
        return 'stalled';
      }
      if (ack.data) {
        this.acknowledge(entry, ack.data);
        continue;
      }
      this.awaitingFirstAck = false;
      const code = ack.error?.code ?? 'internal';
      if (code === 'conflict' || code === 'not_found') {
        // The conversation was closed, or belongs to an identity we no longer have: start a new one.
        this.startNewConversation(conversationId);
      } else if (PERMANENT.has(code)) {
        this.mutate((s) => {
          const stored = s.outbox.find((e) => e.clientMessageId === entry.clientMessageId);
          if (stored) stored.error = code;
        });
      } else {
        return 'stalled'; // shutting_down, rate_limited, internal…: try again later
      }
    }
  }

  private acknowledge(entry: OutboxEntry, data: ChatMessageAckData): void {
    const early = this.early;
    this.early = [];
    this.awaitingFirstAck = false;
    this.mutate((s) => {
      if (!s.conversationId) {
        s.conversationId = data.conversationId;
        s.conversationState = s.conversationState ?? 'bot';
      }
      s.outbox = s.outbox.filter((e) => e.clientMessageId !== entry.clientMessageId);
      if (s.conversationId === data.conversationId)
        insert(s, {
          conversationId: data.conversationId,
          seq: data.seq,
          sender: 'customer',
          text: entry.text,
          attachments: [],
          clientMessageId: entry.clientMessageId,
          createdAt: entry.createdAt,
        });
    });
    const s = this.snapshot;
    const answered = s.messages.some((m) => m.seq > data.seq && m.sender !== 'customer');
    if ((s.conversationState ?? 'bot') === 'bot' && !answered)
      this.setTyping({ name: null, bot: true }, this.options.thinkingMs ?? 20_000);
    const mine = early.filter((m) => m.conversationId === data.conversationId);
    if (mine.length) this.merge(mine, false);
    // A repeat (`created: false`) means an earlier try got through: whatever followed it was missed too.
    if (!data.created || this.snapshot.messages.some((m) => m.seq > this.snapshot.lastSeq))
      this.scheduleGapResume(!data.created);
  }

  private merge(
    messages: ChatMessageView[],
    authoritative: boolean,
    conversationState?: SavedState['conversationState'],
  ): void {
    const arrived: ChatMessageView[] = [];
    const attending = this.options.attending?.() ?? false;
    let resumeForState = false;
    this.mutate((s) => {
      const newest = s.messages.length ? s.messages[s.messages.length - 1].seq : 0;
      for (const message of messages) {
        if (message.conversationId !== s.conversationId) continue;
        if (insert(s, message) && message.sender !== 'customer' && message.seq > newest)
          arrived.push(message);
      }
      if (authoritative && messages.length) s.lastSeq = Math.max(s.lastSeq, ...messages.map((m) => m.seq));
      if (!attending) s.unread += arrived.filter((m) => m.sender !== 'system').length;
      let transferred = false;
      for (const message of arrived) {
        const next = handoffStateOf(message);
        if (next) s.conversationState = next;
        const notice = message.sender === 'system' ? noticeOf(message) : null;
        if (notice?.kind === 'queued')
          this.queue = { position: notice.position, waitSeconds: notice.waitSeconds };
        // Nobody can come for now: the offer to reply by email replaces the queue banner.
        if (notice?.kind === 'email-request') this.queue = null;
        transferred ||= notice?.kind === 'transferred';
      }
      // The server's word on the conversation (from a resume) is newer than any message it sent with it.
      if (conversationState) {
        s.conversationState = conversationState;
        if (conversationState === 'queued' && !arrived.some(isEmailOffer))
          this.queue ??= { position: null, waitSeconds: null };
      }
      if (s.conversationState !== 'queued') this.queue = null;
      // A transfer goes to another person or back to a team's queue: the server says which.
      if (transferred && !conversationState) resumeForState = true;
    });
    if (this.typing && typingEndedBy(arrived, this.typing.bot)) this.setTyping(null);
    if (resumeForState) this.scheduleGapResume(true);
    if (arrived.length) this.options.onArrived?.(arrived);
  }

  private startNewConversation(previous: string | undefined): void {
    this.mutate((s) => {
      if (s.conversationId !== previous) return; // another tab already did
      s.archived = [...s.archived, ...s.messages];
      s.messages = [];
      s.conversationId = undefined;
      s.conversationState = undefined;
      s.lastSeq = 0;
    });
    this.queue = null;
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== null || !this.options.transport.connected) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, 30_000);
    this.retryTimer = this.timers.set(() => {
      this.retryTimer = null;
      void this.flush();
    }, delay);
  }

  private scheduleGapResume(force = false): void {
    this.forceResume ||= force;
    if (this.gapTimer !== null) return;
    this.gapTimer = this.timers.set(() => {
      this.gapTimer = null;
      const gap = this.snapshot.messages.some((m) => m.seq > this.snapshot.lastSeq);
      if (gap || this.forceResume) void this.resume();
      this.forceResume = false;
    }, 400);
  }

  private setTyping(typing: ChatEngine['typing'], ms = 0): void {
    if (this.typingTimer !== null) this.timers.clear(this.typingTimer);
    this.typingTimer = null;
    this.typing = typing;
    if (typing && ms > 0)
      this.typingTimer = this.timers.set(() => {
        this.typingTimer = null;
        this.typing = null;
        this.options.onChange();
      }, ms);
    this.options.onChange();
  }

  private mutate(change: (s: SavedState) => void, notify = true): void {
    const s = this.options.store.load();
    change(s);
    this.options.store.save(s);
    this.snapshot = s;
    if (notify) this.options.onChange();
  }
}

/**
 * Whether newly arrived messages end a typing indicator: any message ends the bot's "thinking" (a
 * handoff may answer with notices only); a person's typing ends with their message, or when a notice
 * says they left (handed back, ended, transferred).
 */
function typingEndedBy(arrived: readonly ChatMessageView[], bot: boolean): boolean {
  return arrived.some((m) => {
    if (m.sender !== 'system' || bot) return true;
    const kind = noticeOf(m)?.kind;
    return kind === 'handed-back' || kind === 'ended' || kind === 'transferred';
  });
}

const isEmailOffer = (m: ChatMessageView): boolean =>
  m.sender === 'system' && noticeOf(m)?.kind === 'email-request';

/** How long a message is as the server counts it (control characters dropped, trimmed). */
export function messageLength(text: string): number {
  return cleanMessage(text).length;
}

function cleanMessage(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').trim();
}

/**
 * The composer's length hint: nothing until the message nears the limit (90 %), then the count; over
 * the limit, by how much (the message is never cut: the customer decides what to drop).
 */
export function lengthHint(
  text: string,
  max = MAX_CHARS,
):
  | { kind: 'none' }
  | { kind: 'count'; used: number; max: number }
  | { kind: 'over'; over: number; max: number } {
  const used = messageLength(text);
  if (used > max) return { kind: 'over', over: used - max, max };
  if (used >= Math.floor(max * 0.9)) return { kind: 'count', used, max };
  return { kind: 'none' };
}

/** Inserts by seq; false when that seq is already there. Settles the outbox and the watermark. */
function insert(s: SavedState, message: ChatMessageView): boolean {
  const { messages } = s;
  let i = messages.length;
  while (i > 0 && messages[i - 1].seq > message.seq) i--;
  if (i > 0 && messages[i - 1].seq === message.seq) return false;
  // Older than the history we still keep (it was trimmed): already seen, not shown again.
  if (i === 0 && messages.length && message.seq <= s.lastSeq) return false;
  messages.splice(i, 0, message);
  if (message.sender === 'customer' && message.clientMessageId)
    s.outbox = s.outbox.filter((e) => e.clientMessageId !== message.clientMessageId);
  const seqs = new Set(messages.map((m) => m.seq));
  while (seqs.has(s.lastSeq + 1)) s.lastSeq++;
  return true;
}
