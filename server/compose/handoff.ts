/**
 * The human handoff as the service runs it: the HandoffService over the store, the customer side
 * (stored messages, typing and queue notices to the conversation's room on /chat), the bot side (the
 * gate that keeps the dialogs out while a person owns a conversation, the policy middleware that
 * watches every turn for triggers) and the agents' side (/agents, bound once the server exists).
 * With several nodes (`clustered`), the service shares agents' presence and loads with the other
 * nodes (server/cluster/handoff.ts) once `joinCluster` hands it the bus.
 */
import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Server as SocketServer } from 'socket.io';
import type { HandoffGateOptions } from '../../bot';
import { CustomerProfiles } from '../../crm';
import { turnInfoOf, understandingOf, type ConversationData } from '../../dialogs';
import {
  CrmCustomerSource,
  HandoffEscalator,
  HandoffMiddleware,
  HandoffService,
  defaultPacketAnalyzers,
  tapMessages,
} from '../../handoff';
import { CHAT_NAMESPACE } from '../../protocol';
import type { Store } from '../../store/ports';
import { attachAgentsNamespace, type AgentsNamespaceHandle, type SuggestionSource } from '../agents';
import type { SessionManager } from '../auth';
import { deliverToRoom, queueToRoom, typingToRoom, type ChatNamespace } from '../chat/chat-namespace';
import { toView } from '../chat/chat-service';
import type { ClusterBus } from '../cluster/bus';
import { ClusterHandoffService } from '../cluster/handoff';
import { ORDER_NUMBER_PATTERN, TRACKING_NUMBER_PATTERN } from '../seed';

export interface ComposedHandoff {
  service: HandoffService;
  /** The store every message goes through, so the handoff hears each one once it is stored. */
  store: Store;
  escalator: HandoffEscalator<TurnContext>;
  /** For createSupportBot's `handoff` option; `onHumanOwned` runs for messages the bot leaves alone. */
  gate(onHumanOwned?: HandoffGateOptions['onHumanOwned']): HandoffGateOptions;
  /** Watches every turn for triggers (mood, repeated fallbacks, risky customers). */
  policy(conversationData: ConversationDataReader): Middleware;
  /** Binds the customer room and the /agents namespace to the running socket.io server, then starts. */
  attach(io: SocketServer, deps: { sessions: SessionManager; suggestions?: SuggestionSource }): Promise<void>;
  /** The /agents namespace, once attached. */
  readonly agents: AgentsNamespaceHandle | undefined;
  /** Ends the consoles of a signed-out session. */
  endSession(sessionId: string): void;
  /** Shares presence and loads with the other nodes (only when composed `clustered`; after attach). */
  joinCluster(bus: ClusterBus): void;
  /** Brings presence, queue and loads in line with the other nodes and the store (clustered only). */
  catchUp(): Promise<void>;
  stop(): void;
}

/** The dialogs' conversation data (for the number of fallbacks in a row). */
export interface ConversationDataReader {
  get(context: TurnContext, defaults: ConversationData): Promise<ConversationData>;
}

export interface ComposeHandoffOptions {
  store: Store;
  logger: Logger;
  /** Offer each escalation to the least busy agent (default true; false: agents claim from the queue). */
  autoAssign?: boolean;
  /** One node of several (REDIS_URL): presence and loads are shared once `joinCluster` is called. */
  clustered?: boolean;
  /** How customers hear the bot named after a hand-back, e.g. "the Fellwick & Tarn assistant". */
  assistantName?: string;
}

export function composeHandoff(options: ComposeHandoffOptions): ComposedHandoff {
  const { store, logger } = options;
  // The socket.io server exists only after the bot is built; notices wait for attach().
  let room:
    | {
        deliver: ReturnType<typeof deliverToRoom>;
        typing: ReturnType<typeof typingToRoom>;
        queue: ReturnType<typeof queueToRoom>;
      }
    | undefined;
  let agents: AgentsNamespaceHandle | undefined;
  const Service = options.clustered ? ClusterHandoffService : HandoffService;
  const service = new Service({
    store,
    customerChannel: {
      deliver: (message) => room?.deliver(toView(message)),
      typing: (conversationId, { active, name }) => room?.typing({ conversationId, active, name }),
      queueStatus: (status) => room?.queue(status),
    },
    customers: new CrmCustomerSource({ profiles: new CustomerProfiles({ store }), orders: store.orders }),
    analyzers: defaultPacketAnalyzers({
      orderNumber: new RegExp(ORDER_NUMBER_PATTERN, 'i'),
      trackingNumber: new RegExp(TRACKING_NUMBER_PATTERN, 'i'),
    }),
    autoAssign: options.autoAssign ?? true,
    ...(options.assistantName !== undefined && { assistantName: options.assistantName }),
    logger,
  });
  const relayed = tapMessages(
    store,
    (message) => service.onStored(message),
    (error) => logger.error({ err: error }, 'handoff relay failed'),
  );

  return {
    service,
    store: relayed,
    escalator: new HandoffEscalator<TurnContext>(service, { turnFacts: turnInfoOf }),
    gate: (onHumanOwned) => ({
      // A customer who answers "nobody is available, leave your email" with anything else gets the bot back.
      isHumanOwned: async (info, context) => {
        const { state, id } = info.conversation;
        if (state === 'agent') return true;
        if (state !== 'queued') return false;
        if (!(await service.declineOffer(id, context.activity.text ?? ''))) return true;
        info.conversation.state = 'bot';
        return false;
      },
      onHumanOwned,
    }),
    policy: (conversationData) =>
      new HandoffMiddleware<TurnContext>({
        handoff: service,
        turnFacts: turnInfoOf,
        understanding: understandingOf,
        fallbacksInRow: async (context) => (await conversationData.get(context, {})).misses ?? 0,
      }),
    async attach(io, deps) {
      const chat = io.of(CHAT_NAMESPACE) as unknown as ChatNamespace;
      room = { deliver: deliverToRoom(chat), typing: typingToRoom(chat), queue: queueToRoom(chat) };
      agents = attachAgentsNamespace(io, {
        store,
        handoff: service,
        sessions: deps.sessions,
        logger,
        suggestions: deps.suggestions,
      });
      await service.start();
    },
    get agents() {
      return agents;
    },
    endSession: (sessionId) => agents?.endSession(sessionId),
    joinCluster(bus) {
      if (!(service instanceof ClusterHandoffService))
        throw new Error('composeHandoff: joinCluster needs the handoff composed with clustered: true');
      service.joinCluster(bus);
    },
    catchUp: async () => {
      if (service instanceof ClusterHandoffService) await service.catchUp();
    },
    stop: () => service.stop(),
  };
}
