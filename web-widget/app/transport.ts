/**
 * The socket.io connection to `/chat`, shaped as the engine's ChatTransport. It never buffers an
 * emit while disconnected (the engine's outbox does that, with ids), re-reads the handshake `auth`
 * on every connect, and reconnects after the server went away on purpose (a restart).
 */
import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  ChatAuth,
  ChatClientToServerEvents,
  ChatMessageView,
  ChatServerToClientEvents,
} from '../../protocol';
import { EVENTS, PENDING_EVENTS, type ChatTransport } from '../core/chat-engine';

export interface SocketTransportOptions {
  /** The widget server's origin. */
  url: string;
  auth: () => ChatAuth;
  timeoutMs?: number;
  onConnect(): void;
  onDisconnect(): void;
  onReply(message: ChatMessageView): void;
  onSession(visitorToken: string): void;
  onTyping(payload: unknown): void;
  onQueue(payload: unknown): void;
}

export class SocketTransport implements ChatTransport {
  private readonly socket: Socket<ChatServerToClientEvents, ChatClientToServerEvents>;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: SocketTransportOptions) {
    this.socket = io(`${options.url}/chat`, {
      autoConnect: false,
      auth: (cb) => cb(options.auth()),
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      timeout: 10_000,
    });
    const s = this.socket;
    s.on('connect', () => options.onConnect());
    s.on('disconnect', (reason) => {
      options.onDisconnect();
      // The server closed us on purpose (e.g. restarting): socket.io will not retry by itself.
      if (reason === 'io server disconnect') this.restartSoon();
    });
    s.on('connect_error', () => options.onDisconnect());
    s.on(EVENTS.reply, (message) => options.onReply(message));
    s.on(EVENTS.session, (session) => options.onSession(session.visitorToken));
    // Events the protocol is about to gain (handoff): listened to untyped until then.
    const loose = s as unknown as Socket;
    loose.on(PENDING_EVENTS.typing, (payload: unknown) => options.onTyping(payload));
    loose.on(PENDING_EVENTS.queue, (payload: unknown) => options.onQueue(payload));
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Connects unless connected or already trying. */
  start(): void {
    if (!this.socket.connected && !this.socket.active) this.socket.connect();
  }

  /** Stops trying (the browser says it is offline). */
  pause(): void {
    this.socket.disconnect();
  }

  /** Reconnects now instead of waiting for the back-off (tab visible again, network back). */
  kick(): void {
    if (this.socket.connected) return;
    this.socket.disconnect();
    this.socket.connect();
  }

  reconnect(): void {
    this.socket.disconnect();
    this.socket.connect();
  }

  async request<T>(event: string, payload: unknown): Promise<Ack<T>> {
    if (!this.socket.connected) throw new Error('not connected');
    const loose = this.socket as unknown as Socket;
    return (await loose.timeout(this.options.timeoutMs ?? 10_000).emitWithAck(event, payload)) as Ack<T>;
  }

  private restartSoon(): void {
    if (this.restartTimer) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.socket.connected) this.socket.connect();
    }, 1000);
  }
}
