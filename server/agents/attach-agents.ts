/**
 * socket.io namespace `/agents`: the agent console's realtime channel. The handshake must carry a
 * live session cookie and come from this site (no cross-site WebSocket hijacking); every event is
 * validated and answered by an acknowledgement `{ data } | { error }`. Rooms: `agents` (everyone),
 * `agent:<id>` (one person's tabs), `watch:<conversationId>` (consoles showing a conversation; an
 * agent's tabs join the rooms of the conversations they own), `session:<id>` (for sign-out).
 */
import type { Logger } from 'pino';
import type { Namespace, Server, Socket } from 'socket.io';
import { ZodError, type ZodType } from 'zod';
import {
  AGENTS_NAMESPACE,
  AgentEvents,
  HEARTBEAT_INTERVAL_MS,
  type AckView,
  type AgentClientToServerEvents,
  type AgentServerToClientEvents,
  type CannedResponseView,
  type ConversationDetailView,
  type EscalationCardView,
} from '../../console/protocol';
import { HandoffError, type AgentChannel, type EscalationView, type HandoffService } from '../../handoff';
import type { Message, Store } from '../../store';
import { SESSION_COOKIE, readCookie } from '../auth/cookies';
import { isSameOrigin } from '../auth/guards';
import type { SessionManager } from '../auth/sessions';
import { AppError, toAppError } from '../errors';
import { DEFAULT_CANNED_RESPONSES } from './canned';
import {
  ConversationRefSchema,
  EmptySchema,
  EscalationRefSchema,
  HandBackSchema,
  InboxSchema,
  SendSchema,
  StatusSchema,
  TransferSchema,
  TypingSchema,
} from './schemas';
import type { SuggestionSource } from './suggestions';
import { toAgentMessage, toAgentView, toConversationView, toLiveView } from './views';

interface SocketData {
  userId: string;
  sessionId: string;
}

export type AgentsNamespace = Namespace<
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  object,
  SocketData
>;
type AgentSocket = Socket<AgentClientToServerEvents, AgentServerToClientEvents, object, SocketData>;

export interface AgentsNamespaceOptions {
  store: Pick<Store, 'users' | 'messages' | 'conversations' | 'escalations'>;
  handoff: HandoffService;
  sessions: SessionManager;
  logger: Logger;
  suggestions?: SuggestionSource;
  canned?: readonly CannedResponseView[];
  /** Teams a conversation can be transferred to (default: every skill of every user). */
  teams?: readonly string[];
  /** Behind a proxy that rewrites Host, the public host names the console is served from. */
  allowedHosts?: readonly string[];
}

export interface AgentsNamespaceHandle {
  namespace: AgentsNamespace;
  channel: AgentChannel;
  /** Disconnects the consoles of a session (call after sign-out). */
  endSession(sessionId: string): void;
}

export const agentRoom = (id: string) => `agent:${id}`;
export const watchRoom = (conversationId: string) => `watch:${conversationId}`;
const sessionRoom = (id: string) => `session:${id}`;
const ALL = 'agents';

// The wire types and the handoff module's views are the same shapes; the compiler checks it here.
const asCard = (view: EscalationView): EscalationCardView => view;

export function attachAgentsNamespace(io: Server, options: AgentsNamespaceOptions): AgentsNamespaceHandle {
  const ns: AgentsNamespace = io.of(AGENTS_NAMESPACE);
  const { handoff, sessions, logger, store } = options;

  ns.use((socket, next) => {
    const headers = socket.handshake.headers;
    const hosts = [headers.host, ...(options.allowedHosts ?? [])];
    if (!hosts.some((host) => isSameOrigin(headers, host)))
      return next(withCode(new Error('Cross-site connections are not allowed.'), 'forbidden'));
    sessions
      .authenticate(readCookie(headers.cookie, SESSION_COOKIE))
      .then((auth) => {
        if (!auth) return next(withCode(new Error('Sign in first.'), 'unauthorized'));
        socket.data.userId = auth.user.id;
        socket.data.sessionId = auth.session.id;
        next();
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'agents handshake failed');
        next(withCode(new Error('Something went wrong on our side.'), 'internal'));
      });
  });

  const channel: AgentChannel = {
    escalationNew(view, recipients) {
      const card = asCard(view);
      if (recipients === 'all') {
        ns.to(ALL).emit(AgentEvents.escalationNew, card);
        return;
      }
      const rooms = recipients.map(agentRoom);
      if (rooms.length) ns.to(rooms).emit(AgentEvents.escalationNew, card);
      ns.to(ALL).except(rooms).emit(AgentEvents.escalationUpdated, card);
      if (view.status === 'assigned' && view.agentId)
        ns.in(agentRoom(view.agentId)).socketsJoin(watchRoom(view.conversationId));
    },
    escalationUpdated(view) {
      ns.to(ALL).emit(AgentEvents.escalationUpdated, asCard(view));
      if (view.status === 'assigned' && view.agentId)
        ns.in(agentRoom(view.agentId)).socketsJoin(watchRoom(view.conversationId));
    },
    message(message: Message) {
      ns.to(watchRoom(message.conversationId)).emit(AgentEvents.message, toAgentMessage(message));
    },
    customerTyping(conversationId, active) {
      ns.to(watchRoom(conversationId)).emit(AgentEvents.customerTyping, { conversationId, active });
    },
    agentUpdated(agent) {
      ns.to(ALL).emit(AgentEvents.agentUpdated, toAgentView(agent));
    },
  };
  handoff.setAgentChannel(channel);

  const teams = async (): Promise<string[]> =>
    options.teams
      ? [...options.teams]
      : [...new Set((await store.users.list()).flatMap((u) => u.skills))].sort();

  ns.on('connection', (socket: AgentSocket) => {
    void welcome(socket).catch((error: unknown) => {
      logger.error({ err: error }, 'agents connection setup failed');
      socket.disconnect(true);
    });
  });

  async function welcome(socket: AgentSocket): Promise<void> {
    const user = await store.users.get(socket.data.userId);
    if (!user) {
      socket.disconnect(true);
      return;
    }
    await socket.join([ALL, agentRoom(user.id), sessionRoom(socket.data.sessionId)]);
    const me = await handoff.agentConnected(user, socket.id);
    // Own conversations stream into every tab, whatever is on screen.
    const mine = await handoff.inbox(user.id, 'mine');
    if (mine.length) await socket.join(mine.map((e) => watchRoom(e.conversationId)));
    registerHandlers(socket, user.id);
    socket.emit(AgentEvents.hello, {
      me: toAgentView(me),
      canned: [...(options.canned ?? DEFAULT_CANNED_RESPONSES)],
      teams: await teams(),
      heartbeatMs: HEARTBEAT_INTERVAL_MS,
    });
    socket.on('disconnect', () => void handoff.agentDisconnected(user.id, socket.id));
  }

  function registerHandlers(socket: AgentSocket, agentId: string): void {
    const on = <S, T>(
      event: keyof AgentClientToServerEvents,
      schema: ZodType<S>,
      handler: (payload: S) => Promise<T>,
    ) => {
      (socket as Socket).on(event, (raw: unknown, ack: unknown) => {
        void respond(ack, logger, async () => handler(parse(schema, raw ?? {})));
      });
    };

    on(AgentEvents.inbox, InboxSchema, async ({ scope }) =>
      (await handoff.inbox(agentId, scope)).map(asCard),
    );

    on(AgentEvents.live, EmptySchema, async () => {
      const live = await handoff.liveBotConversations(50);
      return Promise.all(
        live.map(async (c) => {
          // The customer's latest words say more than the bot's latest reply.
          const recent = await store.messages.listAfter(c.id, Math.max(0, c.lastSeq - 6), 6);
          return toLiveView(
            c,
            [...recent].reverse().find((m) => m.sender === 'customer'),
          );
        }),
      );
    });

    on(
      AgentEvents.open,
      ConversationRefSchema,
      async ({ conversationId }): Promise<ConversationDetailView> => {
        const detail = await handoff.conversationDetail(conversationId);
        await socket.join(watchRoom(conversationId));
        return {
          conversation: toConversationView(detail.conversation),
          messages: detail.messages.map(toAgentMessage),
          escalation: detail.escalation ? asCard(detail.escalation) : null,
          customer: detail.customer,
        };
      },
    );

    on(AgentEvents.leave, ConversationRefSchema, async ({ conversationId }) => {
      const conversation = await store.conversations.get(conversationId);
      // Owners keep streaming their own conversations.
      if (conversation?.assignedAgentId !== agentId) await socket.leave(watchRoom(conversationId));
      return { left: true as const };
    });

    on(AgentEvents.claim, EscalationRefSchema, async ({ escalationId }) =>
      asCard(await handoff.claim(escalationId, agentId)),
    );
    on(AgentEvents.takeover, ConversationRefSchema, async ({ conversationId }) =>
      asCard(await handoff.takeOver(conversationId, agentId)),
    );
    on(AgentEvents.send, SendSchema, async (p) => toAgentMessage(await handoff.postAgentMessage(agentId, p)));
    on(AgentEvents.transfer, TransferSchema, async (p) =>
      asCard(
        await handoff.transfer(
          p.escalationId,
          agentId,
          p.agentId ? { agentId: p.agentId } : { team: p.team! },
        ),
      ),
    );
    on(AgentEvents.resolve, EscalationRefSchema, async ({ escalationId }) =>
      asCard(await handoff.resolve(escalationId, agentId)),
    );
    on(AgentEvents.handBack, HandBackSchema, async ({ escalationId, note }) =>
      asCard(await handoff.handBack(escalationId, agentId, note)),
    );
    on(AgentEvents.status, StatusSchema, async ({ presence }) => {
      const state = await handoff.setPresence(agentId, presence);
      if (!state) throw new AppError(404, 'not_found', 'Unknown agent.');
      return toAgentView(state);
    });
    on(AgentEvents.roster, EmptySchema, async () => handoff.agentsSnapshot().map(toAgentView));
    on(AgentEvents.suggest, ConversationRefSchema, async ({ conversationId }) => {
      if (!options.suggestions) return [];
      const detail = await handoff.conversationDetail(conversationId);
      // The customer's latest message once a person is on it; before that, the problem the packet names
      // (the latest message is usually just "can I talk to someone").
      const since = detail.escalation?.assignedAt ?? detail.escalation?.packet.requestedAt;
      const last = [...detail.messages]
        .reverse()
        .find((m) => m.sender === 'customer' && m.text.trim() && (!since || m.createdAt > since));
      const query =
        last?.text ??
        detail.escalation?.packet.problem ??
        [...detail.messages].reverse().find((m) => m.sender === 'customer')?.text;
      return query ? options.suggestions.suggest(query, 3) : [];
    });

    socket.on(AgentEvents.typing, (raw: unknown) => {
      const parsed = TypingSchema.safeParse(raw);
      if (!parsed.success) return;
      void handoff
        .agentTyping(agentId, parsed.data.conversationId, parsed.data.active)
        .catch(() => undefined);
    });

    // Heartbeats keep the agent online and re-check the session (sign-out elsewhere, expiry).
    socket.on(AgentEvents.heartbeat, () => {
      void (async () => {
        const auth = await sessions.authenticate(readCookie(socket.handshake.headers.cookie, SESSION_COOKIE));
        if (!auth || auth.session.id !== socket.data.sessionId) {
          socket.emit(AgentEvents.sessionEnded, { message: 'Your session has ended. Please sign in again.' });
          socket.disconnect(true);
          return;
        }
        await handoff.heartbeat(agentId);
      })().catch((error: unknown) => logger.error({ err: error }, 'heartbeat failed'));
    });
  }

  return {
    namespace: ns,
    channel,
    endSession(sessionId) {
      ns.to(sessionRoom(sessionId)).emit(AgentEvents.sessionEnded, { message: 'You signed out.' });
      ns.in(sessionRoom(sessionId)).disconnectSockets(true);
    },
  };
}

function withCode(error: Error, code: string): Error {
  return Object.assign(error, { data: { code, message: error.message } });
}

function parse<T>(schema: ZodType<T>, raw: unknown): T {
  try {
    return schema.parse(raw);
  } catch (error) {
    if (error instanceof ZodError) {
      const detail = error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ');
      throw new AppError(400, 'validation_failed', detail);
    }
    throw error;
  }
}

const HANDOFF_STATUS: Record<
  HandoffError['code'],
  [number, 'not_found' | 'conflict' | 'forbidden' | 'validation_failed']
> = {
  not_found: [404, 'not_found'],
  conflict: [409, 'conflict'],
  forbidden: [403, 'forbidden'],
  at_capacity: [409, 'conflict'],
  invalid: [400, 'validation_failed'],
  unavailable: [409, 'conflict'],
};

/** Runs a handler and answers its acknowledgement; clients that sent no callback are tolerated. */
async function respond<T>(ack: unknown, logger: Logger, handler: () => Promise<T>): Promise<void> {
  let response: AckView<T>;
  try {
    response = { data: await handler() };
  } catch (error) {
    const appError =
      error instanceof HandoffError
        ? new AppError(HANDOFF_STATUS[error.code][0], HANDOFF_STATUS[error.code][1], error.message)
        : toAppError(error);
    if (appError.code === 'internal') logger.error({ err: error }, 'agents event failed');
    response = { error: appError.toBody() };
  }
  if (typeof ack === 'function') (ack as (r: AckView<T>) => void)(response);
}
