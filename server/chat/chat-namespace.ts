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
    const auth = ChatAuthSchema.safeParse(socket.handshake.auth ?? {});
    const visitorId = auth.success ? deps.tokens.verify(auth.data.visitorToken) : null;
    if (visitorId) {
      socket.data.visitorId = visitorId;
    } else {
      // A missing or forged token gets a fresh identity, never someone else's.
      const issued = deps.tokens.issue();
      socket.data.visitorId = issued.visitorId;
      socket.emit(ChatEvents.session, issued);
    }
    const customer = auth.success ? auth.data : undefined;
    if (!customer?.customerId) return next();
    // A signed-in customer: a wrong signature is not fatal, the socket simply stays anonymous.
    void (
      deps.identity?.verify(customer.customerId, customer.customerSignature ?? '') ?? Promise.resolve(null)
    )
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

/**
 * The client's network address (for rate limits): behind a trusted proxy, the first address of
 * X-Forwarded-For; otherwise the socket's peer.
 */
export function clientAddressOf(socket: Pick<ChatSocket, 'handshake'>, trustProxy = false): string {
  const forwarded = socket.handshake.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return trustProxy && first ? first : socket.handshake.address;
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
        const data = await service.resume(socket.data.visitorId, payload);
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
