/**
 * socket.io namespace `/chat`: authenticates the visitor from the handshake, validates every event,
 * answers through acknowledgements shaped `{ data } | { error }`, and keeps each socket in the
 * rooms of the conversations it owns.
 */
import type { Namespace, Server, Socket } from 'socket.io';
import type { Logger } from 'pino';
import {
  CHAT_NAMESPACE,
  ChatAuthSchema,
  ChatEvents,
  type Ack,
  type ChatAuth,
  type ChatClientToServerEvents,
  type ChatMessageView,
  type ChatQueueNotice,
  type ChatServerToClientEvents,
  type ChatTypingNotice,
} from '../../protocol';
import { toAppError } from '../errors';
import type { ChatService } from './chat-service';
import type { VisitorTokens } from './visitor-token';
import type { CustomerIdentity } from '../../crm';

interface SocketData {
  visitorId: string;
  /** Store id of the customer the site vouched for (signed customer id), if any. */
  customerId?: string;
}

export type ChatNamespace = Namespace<ChatClientToServerEvents, ChatServerToClientEvents, object, SocketData>;
type ChatSocket = Socket<ChatClientToServerEvents, ChatServerToClientEvents, object, SocketData>;

export const conversationRoom = (conversationId: string): string => `conversation:${conversationId}`;

const KNOWN_EVENTS = new Set<string>([
  ChatEvents.message,
  ChatEvents.resume,
  ChatEvents.identify,
  ChatEvents.typing,
]);

export function attachChatNamespace(
  io: Server,
  deps: { tokens: VisitorTokens; logger: Logger; identity?: CustomerIdentity },
): ChatNamespace {
  const chat: ChatNamespace = io.of(CHAT_NAMESPACE);

  chat.use((socket, next) => {
    const auth = readHandshakeAuth(socket.handshake.auth);
    const visitorId = deps.tokens.verify(auth.visitorToken);
    if (visitorId) {
      socket.data.visitorId = visitorId;
    } else {
      // A missing or forged token gets a fresh identity, never someone else's.
      const issued = deps.tokens.issue();
      socket.data.visitorId = issued.visitorId;
      socket.emit(ChatEvents.session, issued);
    }
    // A bad identity field costs neither the visitor token nor the connection: it is ignored and named.
    if (auth.problems.length > 0)
      socket.emit(ChatEvents.error, {
        code: 'validation_failed',
        message: `Ignored invalid handshake fields: ${auth.problems.join('; ')}`,
        event: 'handshake',
      });
    const { customerId, customerSignature } = auth.identity;
    if (!customerId || auth.invalid.has('customerSignature')) return next();
    // A signed-in customer: a wrong signature is not fatal, the socket simply stays anonymous.
    void (deps.identity?.verify(customerId, customerSignature ?? '') ?? Promise.resolve(null))
      .then((verified) => {
        if (verified) socket.data.customerId = verified.customerId;
        else
          socket.emit(ChatEvents.error, {
            code: 'unauthorized',
            message: 'The customer signature is not valid; chatting as a guest.',
            event: 'handshake',
          });
      })
      .catch((error) => deps.logger.error({ err: error }, 'verifying a customer failed'))
      .finally(() => next());
  });
  return chat;
}

type IdentityField = Exclude<keyof ChatAuth, 'visitorToken'>;
const IDENTITY_FIELDS: readonly IdentityField[] = ['siteId', 'customerId', 'customerSignature'];

/**
 * The handshake's `auth`, field by field: the visitor token on its own (anything but a string is no
 * token), and each identity field checked separately, so one bad field never discards the others.
 * `null` and `""` identity fields count as absent (`customerId: user?.id ?? null`).
 */
export function readHandshakeAuth(raw: unknown): {
  visitorToken?: string;
  identity: Partial<Pick<ChatAuth, IdentityField>>;
  invalid: Set<IdentityField>;
  problems: string[];
} {
  const auth = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const token = ChatAuthSchema.shape.visitorToken.safeParse(auth.visitorToken);
  const identity: Partial<Pick<ChatAuth, IdentityField>> = {};
  const invalid = new Set<IdentityField>();
  const problems: string[] = [];
  for (const field of IDENTITY_FIELDS) {
    const value = auth[field];
    if (value === undefined || value === null || value === '') continue;
    const parsed = ChatAuthSchema.shape[field].safeParse(value);
    if (parsed.success) {
      if (parsed.data !== undefined) identity[field] = parsed.data;
    } else {
      invalid.add(field);
      problems.push(`${field}: ${parsed.error.issues.map((issue) => issue.message).join(', ')}`);
    }
  }
  return { visitorToken: token.success ? token.data : undefined, identity, invalid, problems };
}

/**
 * The client's network address (for rate limits): behind the one trusted proxy, the last address of
 * X-Forwarded-For (the one that proxy appended; everything before it is whatever the client sent),
 * as Express's `trust proxy 1` does; otherwise, or without the header, the socket's peer.
 */
export function clientAddressOf(socket: Pick<ChatSocket, 'handshake'>, trustProxy = false): string {
  if (!trustProxy) return socket.handshake.address;
  const header = socket.handshake.headers['x-forwarded-for'];
  const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  return entries.at(-1) ?? socket.handshake.address;
}

/** Wires the service's events onto each connecting socket. Split from attach so tests can swap the service. */
export function handleChatConnections(
  chat: ChatNamespace,
  service: ChatService,
  logger: Logger,
  options: { trustProxy?: boolean } = {},
): void {
  chat.on('connection', (socket: ChatSocket) => {
    socket.onAny((event: string, ...args: unknown[]) => {
      if (KNOWN_EVENTS.has(event)) return;
      const ack = args.at(-1);
      const error = { code: 'unknown_event', message: `Unknown event "${event}".` };
      if (typeof ack === 'function') ack({ error });
      else socket.emit(ChatEvents.error, { ...error, event });
    });

    socket.on(ChatEvents.message, (payload, ack) => {
      void respond(ack, logger, async () => {
        const data = await service.postCustomerMessage(
          {
            visitorId: socket.data.visitorId,
            customerId: socket.data.customerId,
            clientAddress: clientAddressOf(socket, options.trustProxy),
          },
          payload,
        );
        await socket.join(conversationRoom(data.conversationId));
        return data;
      });
    });

    socket.on(ChatEvents.identify, (payload, ack) => {
      void respond(ack, logger, async () => {
        const { customerId } = await service.identify(payload);
        socket.data.customerId = customerId;
        return { verified: true as const };
      });
    });

    socket.on(ChatEvents.typing, (payload, ack) => {
      void respond(ack, logger, () => service.customerTyping(socket.data.visitorId, payload));
    });

    socket.on(ChatEvents.resume, (payload, ack) => {
      void respond(ack, logger, async () => {
        const data = await service.resume(
          {
            visitorId: socket.data.visitorId,
            customerId: socket.data.customerId,
            clientAddress: clientAddressOf(socket, options.trustProxy),
          },
          payload,
        );
        await socket.join(conversationRoom(data.conversationId));
        return data;
      });
    });
  });
}

export function deliverToRoom(chat: ChatNamespace) {
  return (message: ChatMessageView): void => {
    chat.to(conversationRoom(message.conversationId)).emit(ChatEvents.reply, message);
  };
}

/** A person's typing indicator, to everyone watching the conversation. */
export function typingToRoom(chat: ChatNamespace) {
  return (notice: ChatTypingNotice): void => {
    chat.to(conversationRoom(notice.conversationId)).emit(ChatEvents.typing, notice);
  };
}

/** The customer's place in the queue, to everyone watching the conversation. */
export function queueToRoom(chat: ChatNamespace) {
  return (notice: ChatQueueNotice): void => {
    chat.to(conversationRoom(notice.conversationId)).emit(ChatEvents.queue, notice);
  };
}

/** Runs a handler and answers its acknowledgement; a client that sent no callback is tolerated. */
async function respond<T>(ack: unknown, logger: Logger, handler: () => Promise<T>): Promise<void> {
  let response: Ack<T>;
  try {
    response = { data: await handler() };
  } catch (error) {
    const appError = toAppError(error);
    if (appError.status >= 500 && appError.code === 'internal')
      logger.error({ err: error }, 'chat event failed');
    response = { error: appError.toBody() };
  }
  if (typeof ack === 'function') (ack as (r: Ack<T>) => void)(response);
}
