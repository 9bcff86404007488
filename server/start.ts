/**
 * Builds and starts the whole service from configuration. Listening starts before the language
 * model and the knowledge base are loaded, so /healthz answers at once and /readyz says 503 until
 * everything is ready; turns that arrive meanwhile wait for the model.
 */
import { hash as argon2Hash } from 'argon2';
import type { Logger } from 'pino';
import type { Server as SocketServer } from 'socket.io';
import { openStore } from '../store';
import type { TurnContext } from 'botbuilder';
import { createSupportBot, type ParleyBot, type TextAnalyzer } from '../bot';
import { CustomerProfiles } from '../crm';
import {
  turnInfoOf,
  understandingOf,
  type KnowledgeAnswers,
  type KnowledgeResult,
  type ReturnPolicy,
} from '../dialogs';
import {
  CrmCustomerSource,
  HandoffEscalator,
  HandoffMiddleware,
  HandoffService,
  defaultPacketAnalyzers,
  tapMessages,
} from '../handoff';
import { CHAT_NAMESPACE, type ChatQueueNotice, type ChatTypingNotice } from '../protocol';
import type { Message, Store } from '../store/ports';
import {
  attachAgentsNamespace,
  consoleRoutes,
  knowledgeBaseSuggestions,
  type AgentsNamespaceHandle,
} from './agents';
import { SessionManager, authRoutes } from './auth';
import { deliverToRoom, queueToRoom, typingToRoom, type ChatNamespace } from './chat/chat-namespace';
import { toView } from './chat/chat-service';
import { createKnowledgeBase, type KnowledgeBase } from '../knowledge-base';
import type { Config } from './config';
import { createParleyServer, type ParleyServer } from './parley-server';
import { loadOrCreateSecret } from './secrets';
import {
  DEMO_SHOP,
  FINAL_SALE_TAG,
  ORDER_NUMBER_PATTERN,
  TRACKING_NUMBER_PATTERN,
  demoCatalogue,
  isStoreEmpty,
  seedDemoData,
} from './seed';
import { loadLanguageModel, type LanguageModel } from './language-model';
import { connectRedisAdapter } from './redis-adapter';
import { createWidgetRouter, siteDirectory } from './widget';

export interface RunningParley extends ParleyServer {
  port: number;
  /** The open store (tests and scripts read what the service wrote). */
  store: Store;
  /** Resolves when the model and the knowledge base are loaded (tests and scripts wait on it). */
  ready: Promise<void>;
}

const DEMO_RETURN_POLICY: ReturnPolicy = {
  windowDays: DEMO_SHOP.returnWindowDays,
  finalSaleTag: FINAL_SALE_TAG,
  refundBusinessDays: DEMO_SHOP.refundBusinessDays,
  warrantyYears: DEMO_SHOP.warrantyYears,
};

export async function startParley(config: Config, logger: Logger): Promise<RunningParley> {
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir });
  logger.info({ store: store.kind }, 'store open');

  if (config.seedDemoData && (await isStoreEmpty(store))) {
    const report = await seedDemoData(store, { now: new Date(), hashPassword: (plain) => argon2Hash(plain) });
    logger.info({ report }, 'seeded demo data into an empty store');
  }

  let model: LanguageModel | undefined;
  const modelLoading = loadLanguageModel({
    store,
    dataDir: config.dataDir,
    modelsDir: config.modelsDir,
    embeddings: config.embeddings,
    logger,
  }).then((loaded: LanguageModel) => (model = loaded));

  // The knowledge base needs sentence embeddings; without them the bot answers from intents alone.
  let knowledgeBase: KnowledgeBase | undefined;
  const knowledgeLoading = modelLoading.then(async (loaded) => {
    if (!loaded.embedder) return;
    const kb = createKnowledgeBase({ store, embedder: loaded.embedder });
    const report = await kb.build();
    logger.info({ report }, 'knowledge base indexed');
    knowledgeBase = kb;
  });

  const analyzer: TextAnalyzer = {
    analyze: async (text, context) => (model ?? (await modelLoading)).analyzer.analyze(text, context),
  };
  const knowledge: KnowledgeAnswers = {
    answer: async (query): Promise<KnowledgeResult> => {
      await knowledgeLoading;
      if (!knowledgeBase) return { kind: 'suggestions', topics: [] };
      const result = await knowledgeBase.answer(query);
      return result.kind === 'answer'
        ? {
            kind: 'answer',
            text: result.text,
            source: result.source,
            confidence: result.confidence,
            answerId: result.answerId,
          }
        : { kind: 'suggestions', topics: result.topics };
    },
    recordFeedback: async (feedback) => {
      if (!knowledgeBase || !feedback.answerId) return;
      await knowledgeBase.recordFeedback({
        answerId: feedback.answerId,
        sourceId: feedback.articleId,
        helpful: feedback.helpful,
        conversationId: feedback.conversationId ?? undefined,
        query: feedback.query,
      });
    },
  };

  // Human handoff: the service hears every stored message (through the tap) to relay it to agents.
  const customerRoom: {
    deliver?: (message: Message) => void;
    typing?: (notice: ChatTypingNotice) => void;
    queue?: (notice: ChatQueueNotice) => void;
  } = {};
  const handoff = new HandoffService({
    store,
    customerChannel: {
      deliver: (message) => customerRoom.deliver?.(message),
      typing: (conversationId, { active, name }) => customerRoom.typing?.({ conversationId, active, name }),
      queueStatus: (status) => customerRoom.queue?.(status),
    },
    customers: new CrmCustomerSource({ profiles: new CustomerProfiles({ store }), orders: store.orders }),
    analyzers: defaultPacketAnalyzers({
      orderNumber: new RegExp(ORDER_NUMBER_PATTERN, 'i'),
      trackingNumber: new RegExp(TRACKING_NUMBER_PATTERN, 'i'),
    }),
    autoAssign: true,
    logger,
  });
  const relayed = tapMessages(
    store,
    (message) => handoff.onStored(message),
    (error) => logger.error({ err: error }, 'handoff relay failed'),
  );

  const intents = await store.intents.list();
  const supportBot = createSupportBot({
    store: relayed,
    analyzer,
    knowledge,
    policy: DEMO_RETURN_POLICY,
    catalogue: demoCatalogue,
    shopName: DEMO_SHOP.name,
    intentResponses: new Map(intents.map((intent) => [intent.name, intent.responses])),
    alwaysHumanIntents: intents.filter((intent) => intent.settings.alwaysHuman).map((intent) => intent.name),
    escalator: new HandoffEscalator<TurnContext>(handoff, { turnFacts: turnInfoOf }),
    handoff: {
      // A customer who answers "nobody is available, leave your email" with anything else gets the bot back.
      isHumanOwned: async (info, context) => {
        const { state, id } = info.conversation;
        if (state === 'agent') return true;
        if (state !== 'queued') return false;
        if (!(await handoff.declineOffer(id, context.activity.text ?? ''))) return true;
        info.conversation.state = 'bot';
        return false;
      },
    },
    stateCacheSize: config.redisUrl ? 0 : undefined,
    logger,
  });
  const handoffPolicy = new HandoffMiddleware<TurnContext>({
    handoff,
    turnFacts: turnInfoOf,
    understanding: understandingOf,
    fallbacksInRow: async (context) =>
      (await supportBot.services.conversationData.get(context, {})).misses ?? 0,
  });
  const bot: ParleyBot = {
    ...supportBot,
    chatChannel(deps) {
      const channel = supportBot.chatChannel(deps);
      channel.adapter.use(handoffPolicy);
      return channel;
    },
  };
  const sessions = new SessionManager({ store });
  // Sign-out ends the agent's sockets; the namespace exists only once the server does.
  const agents: { current?: AgentsNamespaceHandle } = {};

  let redisClose: (() => Promise<void>) | undefined;
  const server = await createParleyServer({
    store: relayed,
    logger,
    bot,
    botFramework: config.botFramework,
    siteSecret: loadOrCreateSecret(config.dataDir, config.siteSecret, 'site-secret'),
    secret: loadOrCreateSecret(config.dataDir, config.sessionSecret),
    routes: [
      createWidgetRouter({ sites: siteDirectory() }),
      authRoutes({ sessions, users: store.users, onSignOut: (id) => agents.current?.endSession(id) }),
      consoleRoutes(),
    ],
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    modelReady: () => model !== undefined && (knowledgeBase !== undefined || !model.embedder),
    configureSocketServer: config.redisUrl
      ? async (io: SocketServer) => {
          redisClose = await connectRedisAdapter(io, config.redisUrl!, logger);
        }
      : undefined,
    onCustomerTyping: (conversationId, active) => handoff.customerTyping(conversationId, active),
    onClose: async () => {
      handoff.stop();
      await redisClose?.();
    },
  });
  const chatNamespace = server.io.of(CHAT_NAMESPACE) as unknown as ChatNamespace;
  const toRoom = deliverToRoom(chatNamespace);
  customerRoom.deliver = (message) => toRoom(toView(message));
  customerRoom.typing = typingToRoom(chatNamespace);
  customerRoom.queue = queueToRoom(chatNamespace);
  agents.current = attachAgentsNamespace(server.io, {
    store,
    handoff,
    sessions,
    logger,
    suggestions: knowledgeBaseSuggestions({
      search: async (query, k) => {
        await knowledgeLoading;
        const hits = knowledgeBase ? await knowledgeBase.search(query, k) : [];
        return hits.map((hit) => ({ title: hit.title, snippet: hit.snippet, link: hit.link }));
      },
    }),
  });
  await handoff.start();

  const address = await server.listen(config.port, config.host);
  logger.info({ url: `http://localhost:${address.port}` }, 'Parley is listening');
  const ready = Promise.all([modelLoading, knowledgeLoading]).then(() => logger.info('language model ready'));
  ready.catch((error: unknown) => logger.error({ err: error }, 'loading the language model failed'));
  return { ...server, port: address.port, store, ready };
}
