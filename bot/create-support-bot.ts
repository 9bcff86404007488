/**
 * Builds the support bot from its collaborators: the dialogs over the CRM and the knowledge base,
 * state over the store, the middleware chain, and the channels it answers on (the web chat over
 * socket.io, the Bot Framework endpoint). Everything is passed in; nothing is read from globals.
 */
import type { BotAdapter, BotState, Middleware, TurnContext } from 'botbuilder';
import {
  CustomerCare,
  CustomerProfiles,
  OrderLookup,
  Recommender,
  type CatalogueProduct,
  type OrderLookupOptions,
} from '../crm';
import {
  MainDialog,
  QueueingEscalator,
  type ConversationData,
  type DialogServices,
  type Escalator,
  type KnowledgeAnswers,
  type MoodSettings,
  type ReturnPolicy,
} from '../dialogs';
import type { Message, Store } from '../store';
import type { TextAnalyzer } from './analyzer';
import {
  botFrameworkHandler,
  createCloudAdapter,
  type BotFrameworkCredentials,
  type BotFrameworkHandler,
} from './bot-framework';
import {
  HandoffGateMiddleware,
  RecognizerMiddleware,
  TranscriptMiddleware,
  type HandoffGateOptions,
} from './middleware';
import type { ChatTurnHandler } from './reply-engine';
import { withGroupCommit } from './group-commit';
import { SocketIoAdapter } from './socket-io-adapter';
import { ParleyConversationState, ParleyUserState } from './state';
import { StoreStateStorage } from './state-storage';
import { SupportBot } from './support-bot';

/** What the bot logs (pino's Logger fits). */
export interface BotLogger {
  error(object: object, message?: string): void;
  warn(object: object, message?: string): void;
}

export interface SupportBotDependencies {
  store: Store;
  analyzer: TextAnalyzer;
  /** The shop's written return policy (the demo shop's comes from server/seed DEMO_SHOP). */
  policy: ReturnPolicy;
  catalogue: readonly CatalogueProduct[];
  shopName: string;
  logger?: BotLogger;
  knowledge?: KnowledgeAnswers;
  /** Intent → written answers (e.g. the store's intents), used when the knowledge base has nothing better. */
  intentResponses?: ReadonlyMap<string, readonly string[]>;
  /**
   * Intents always handed to a person. Read as it is at each turn, never copied: its owner may refill
   * it while the bot runs (the admin's edits).
   */
  alwaysHumanIntents?: ReadonlySet<string>;
  /** The admin's greeting for visitors, read at each greeting (undefined: the built-in one). */
  greeting?: () => string | undefined;
  /** Replaces the minimal QueueingEscalator (the handoff module's). */
  escalator?: Escalator;
  /**
   * The escalation policy's mood settings as they are now, read at each message (e.g. the handoff
   * service's `policy.config`, which the admin's settings change). Default: the handoff's defaults.
   */
  mood?: () => MoodSettings;
  handoff?: HandoffGateOptions;
  /** More middleware, run after the recognizer and around the dialogs (e.g. the handoff module's). */
  middleware?: Middleware[];
  clock?: () => Date;
  timeZone?: string;
  /** State documents cached in memory (default 10,000; 0 when several processes serve one conversation). */
  stateCacheSize?: number;
  orderLookup?: Omit<OrderLookupOptions, 'store' | 'clock'>;
  profileTtlMs?: number;
  /** Commit the turn's writes together with other turns' (default true; see withGroupCommit). */
  groupCommit?: boolean;
}

export const APOLOGY = 'Sorry, something went wrong on my side. Please try again in a moment.';

export interface ParleyBot {
  readonly bot: SupportBot;
  readonly conversationState: BotState;
  readonly services: DialogServices;
  /** Middleware in order (transcript, handoff gate, recognizer) and the error handler, on any adapter. */
  attach<T extends BotAdapter>(adapter: T): T;
  /** The web chat channel: ChatService calls it after storing a customer's message. */
  chatChannel(deps: { deliver: (message: Message) => void }): ChatTurnHandler & { adapter: SocketIoAdapter };
  /** POST /api/messages through botbuilder's CloudAdapter. */
  botFrameworkEndpoint(credentials: BotFrameworkCredentials): BotFrameworkHandler;
}

export function createSupportBot(input: SupportBotDependencies): ParleyBot {
  const deps = { ...input, store: input.groupCommit === false ? input.store : withGroupCommit(input.store) };
  const clock = deps.clock ?? (() => new Date());
  const storage = new StoreStateStorage({ repository: deps.store.botState, cacheSize: deps.stateCacheSize });
  const conversationState = new ParleyConversationState(storage);
  const userState = new ParleyUserState(storage);
  const profiles = new CustomerProfiles({ store: deps.store, clock, ttlMs: deps.profileTtlMs });
  const services: DialogServices = {
    profiles,
    orders: new OrderLookup({ store: deps.store, clock, ...deps.orderLookup }),
    care: new CustomerCare({ store: deps.store, profiles }),
    recommender: new Recommender({ catalogue: deps.catalogue, store: deps.store, clock }),
    knowledge: deps.knowledge,
    escalator: deps.escalator ?? new QueueingEscalator({ conversations: deps.store.conversations }),
    policy: deps.policy,
    catalogue: deps.catalogue,
    shopName: deps.shopName,
    conversationData: conversationState.createProperty<ConversationData>('ConversationData'),
    intentResponses: deps.intentResponses,
    alwaysHuman: deps.alwaysHumanIntents,
    mood: deps.mood,
    timeZone: deps.timeZone,
    greeting: deps.greeting,
  };
  const bot = new SupportBot({ conversationState, userState, dialog: new MainDialog(services), clock });
  const middleware: Middleware[] = [
    new TranscriptMiddleware({ store: deps.store, clock }),
    new HandoffGateMiddleware(deps.handoff),
    new RecognizerMiddleware({ analyzer: deps.analyzer, timeZone: deps.timeZone }),
    ...(deps.middleware ?? []),
  ];
  const logic = (context: TurnContext) => bot.run(context);

  const onTurnError = async (context: TurnContext, error: Error): Promise<void> => {
    deps.logger?.error({ err: error, conversationId: context.activity.conversation?.id }, 'bot turn failed');
    // Forget the half-finished dialog so the next message starts cleanly, then apologise once.
    try {
      await conversationState.delete(context);
    } catch (cleanupError) {
      deps.logger?.warn({ err: cleanupError }, 'clearing conversation state after an error failed');
    }
    try {
      await context.sendActivity(APOLOGY);
    } catch (sendError) {
      deps.logger?.error({ err: sendError }, 'sending the apology failed');
    }
  };

  const attach = <T extends BotAdapter>(adapter: T): T => {
    adapter.use(...middleware);
    adapter.onTurnError = onTurnError;
    return adapter;
  };

  return {
    bot,
    conversationState,
    services,
    attach,
    chatChannel({ deliver }) {
      const adapter = attach(
        new SocketIoAdapter({
          store: deps.store,
          deliver,
          logic,
          clock,
          onDeliveryError: (error) =>
            deps.logger?.error({ err: error }, 'storing a bot reply failed; it was not delivered'),
        }),
      );
      return { adapter, handleTurn: (input) => adapter.handleTurn(input) };
    },
    botFrameworkEndpoint(credentials) {
      return botFrameworkHandler(attach(createCloudAdapter(credentials)), logic);
    },
  };
}
