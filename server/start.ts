/**
 * Builds and starts the whole service from configuration. Listening starts before the language
 * model and the knowledge base are loaded, so /healthz answers at once and /readyz says 503 until
 * everything is ready; turns that arrive meanwhile wait for the model.
 *
 * The parts are composed in server/compose (handoff, knowledge base, what admins change live); this
 * file puts them together in the order they need each other.
 *
 * With REDIS_URL the service is one node of several (server/cluster): what an admin changes here
 * (articles and FAQs, intents, settings, the live model) is announced to the other nodes, which read it
 * from the shared store and apply it; they catch up on anything missed every `syncIntervalMs` and when
 * Redis reconnects; agents' presence and loads are shared, so any node hands a customer to an agent
 * connected to any other.
 */
import type { Logger } from 'pino';
import type { Server as SocketServer } from 'socket.io';
import { openStore } from '../store';
import { TurnRecorder, createSupportBot, type TextAnalyzer } from '../bot';
import { assistantOf } from '../handoff';
import type { ReturnPolicy } from '../dialogs';
import type { Store } from '../store/ports';
import { adminRoutes, ensureFirstAdmin, BOT_SETTINGS_KEY, ENTITIES_KEY } from './admin';
import { consoleRoutes, knowledgeBaseSuggestions } from './agents';
import { analyticsRoutes } from './analytics';
import { SessionManager, authRoutes, hashPassword } from './auth';
import {
  DEFAULT_SYNC_INTERVAL_MS,
  socketIoClusterBus,
  startClusterSync,
  type ChangeMessage,
  type ClusterBus,
  type ClusterSync,
} from './cluster';
import { composeHandoff, type ConversationDataReader } from './compose/handoff';
import { composeKnowledge } from './compose/knowledge';
import {
  LiveIntentSettings,
  LiveSettingsDocuments,
  applyBotSettingsDocument,
  botSettingsDefaults,
  applyEntitySettingsDocument,
  type BotSettingsTargets,
} from './compose/live-settings';
import { whenLoaded } from './compose/when-loaded';
import type { Config } from './config';
import { createParleyServer, type ParleyServer } from './parley-server';
import { loadOrCreateSecret } from './secrets';
import { DEMO_SHOP, FINAL_SALE_TAG, demoCatalogue, isStoreEmpty, seedDemoData } from './seed';
import { loadLanguageModel, type LanguageModel } from './language-model';
import { connectRedisAdapter } from './redis-adapter';
import { createReplyPreview, trainingModelOf, trainingRoutes, type TrainingModel } from './training';
import { createWidgetRouter, siteDirectory } from './widget';

export interface StartOptions {
  /** One node of several (REDIS_URL set); ignored otherwise. */
  cluster?: {
    /**
     * How often this node compares what it keeps in memory with the shared store, for changes whose
     * announcement it missed (default 30 s; 0: only at start and when Redis reconnects).
     */
    syncIntervalMs?: number;
  };
}

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

export async function startParley(
  config: Config,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningParley> {
  const clustered = config.redisUrl !== undefined;
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir });
  logger.info({ store: store.kind }, 'store open');

  if (config.seedDemoData && (await isStoreEmpty(store))) {
    const report = await seedDemoData(store, { now: new Date(), hashPassword });
    logger.info({ report }, 'seeded demo data into an empty store');
  }
  // After seeding: a bootstrap admin would make the store look non-empty.
  await ensureFirstAdmin({ store, email: config.admin.email, password: config.admin.password, logger });

  let model: LanguageModel | undefined;
  const modelLoading = loadLanguageModel({
    store,
    dataDir: config.dataDir,
    modelsDir: config.modelsDir,
    embeddings: config.embeddings,
    logger,
  }).then((loaded: LanguageModel) => (model = loaded));
  // The other nodes (REDIS_URL): set once the socket.io server has its Redis adapter.
  let cluster: ClusterSync | undefined;
  const announce = (message: ChangeMessage) => cluster?.announce(message);
  let trainingLoaded: TrainingModel | undefined;
  const training: Promise<TrainingModel> = modelLoading.then((loaded) =>
    trainingModelOf(loaded, {
      store,
      logger,
      margin: config.trainingMarginPoints / 100,
      onModelChanged: () => announce({ kind: 'model' }),
    }),
  );
  training.then((loaded) => (trainingLoaded = loaded)).catch(() => undefined);
  const knowledge = composeKnowledge({ store, embedder: modelLoading.then((m) => m.embedder), logger });
  // Handled from here on, before anything below awaits: a model that fails to load is logged once
  // and the service keeps serving (/readyz says 503) instead of exiting on an unhandled rejection.
  const ready = Promise.all([modelLoading, knowledge.loading]).then(() =>
    logger.info('language model ready'),
  );
  ready.catch((error: unknown) => logger.error({ err: error }, 'loading the language model failed'));
  training.catch(() => undefined); // the same failure; the training routes answer 500 meanwhile
  /** Applies a live setting to the model once it is loaded (not at all when it failed to load). */
  const toModel = (what: string, apply: (loaded: LanguageModel) => void) =>
    whenLoaded(modelLoading, apply, (error) => logger.error({ err: error }, `applying ${what} failed`));
  const analyzer: TextAnalyzer = {
    // `analyzer` follows the live model: a deployed or rolled-back model answers from the next turn.
    analyze: async (text, context) => (model ?? (await modelLoading)).analyzer.analyze(text, context),
  };

  const handoff = composeHandoff({ store, logger, clustered, assistantName: assistantOf(DEMO_SHOP.name) });
  // The admin's greeting once bot settings were saved; until then the dialogs' own.
  let greeting: string | undefined;
  const settingsTargets: BotSettingsTargets = {
    handoff: handoff.service,
    setIntentThreshold: (threshold) =>
      toModel('the intent threshold', (loaded) => loaded.live.setThreshold(threshold)),
    setKnowledgeThreshold: (threshold) => knowledge.setThreshold(threshold),
    setGreeting: (text) => (greeting = text),
  };
  const settingsDocuments = new LiveSettingsDocuments(store, {
    [BOT_SETTINGS_KEY]: (document) => applyBotSettingsDocument(document, settingsTargets),
    [ENTITIES_KEY]: (document) =>
      applyEntitySettingsDocument(document, (matcher) =>
        toModel('the custom entities', (loaded) => loaded.live.setCustomEntities(matcher)),
      ),
  });
  await settingsDocuments.sync();
  const intentSettings = new LiveIntentSettings(store);
  await intentSettings.reload();
  const recorder = new TurnRecorder({ records: store.turnRecords, logger });
  // The handoff policy reads the dialogs' fallback count; the bot that owns it is built just below.
  const conversationData: ConversationDataReader = {
    get: (context, defaults) => bot.services.conversationData.get(context, defaults),
  };
  const bot = createSupportBot({
    store: handoff.store,
    analyzer,
    knowledge: knowledge.answers,
    policy: DEMO_RETURN_POLICY,
    catalogue: demoCatalogue,
    shopName: DEMO_SHOP.name,
    intentResponses: intentSettings.responses,
    alwaysHumanIntents: intentSettings.alwaysHuman,
    greeting: () => greeting,
    escalator: handoff.escalator,
    // The policy's mood settings as the admin last saved them, so the bot and the policy agree.
    mood: () => handoff.service.policy.config,
    handoff: handoff.gate(recorder.onHumanOwned()),
    middleware: [recorder, handoff.policy(conversationData)],
    stateCacheSize: config.redisUrl ? 0 : undefined,
    logger,
  });

  const sessions = new SessionManager({ store });
  // An admin's change applies here at once; the other nodes re-read it from the store.
  const onIntentsChanged = () => {
    intentSettings
      .reload()
      .catch((error: unknown) => logger.error({ err: error }, 'reloading intents failed'));
    announce({ kind: 'intents' });
  };
  const onArticleChanged = (id: string) => {
    knowledge.articleChanged(id);
    announce({ kind: 'article', id });
  };
  let redisClose: (() => Promise<void>) | undefined;
  let bus: ClusterBus | undefined;
  const server = await createParleyServer({
    store: handoff.store,
    logger,
    bot,
    botFramework: config.botFramework,
    siteSecret: loadOrCreateSecret(config.dataDir, config.siteSecret, 'site-secret'),
    secret: loadOrCreateSecret(config.dataDir, config.sessionSecret),
    routes: [
      createWidgetRouter({ sites: siteDirectory() }),
      authRoutes({ sessions, users: store.users, onSignOut: (id) => handoff.endSession(id) }),
      consoleRoutes(),
      adminRoutes({
        store,
        sessions,
        logger,
        onIntentsChanged,
        onArticleChanged,
        botSettingsDefaults: botSettingsDefaults(DEMO_SHOP.name),
        onSettingsChanged: (key) => {
          settingsDocuments
            .apply(key)
            .catch((error: unknown) => logger.error({ err: error, key }, 'applying settings failed'));
          announce({ kind: 'settings', key });
        },
      }),
      trainingRoutes({
        sessions,
        store,
        model: training,
        preview: createReplyPreview({ services: bot.services }),
        knowledge: { search: knowledge.searchHits },
      }),
      analyticsRoutes({
        store,
        sessions,
        logger,
        embedder: async () => (model ?? (await modelLoading)).embedder,
        onIntentsChanged,
        onArticleChanged,
      }),
    ],
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    modelReady: () => model !== undefined && knowledge.isReady(),
    configureSocketServer: config.redisUrl
      ? async (io: SocketServer) => {
          redisClose = await connectRedisAdapter(io, config.redisUrl!, logger, {
            // Whatever the other nodes announced during the gap is lost: compare with the store.
            onReconnect: () => void cluster?.catchUp(),
          });
          bus = socketIoClusterBus(io, { logger });
        }
      : undefined,
    onCustomerTyping: (conversationId, active) => handoff.service.customerTyping(conversationId, active),
    onClose: async () => {
      await (await training.catch(() => undefined))?.training.stop();
      cluster?.stop();
      handoff.stop();
      bus?.close();
      await redisClose?.();
    },
  });
  await handoff.attach(server.io, {
    sessions,
    suggestions: knowledgeBaseSuggestions({ search: knowledge.search }),
  });
  if (bus) {
    handoff.joinCluster(bus);
    cluster = startClusterSync({
      bus,
      logger,
      intervalMs: options.cluster?.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS,
      copies: {
        knowledge,
        intents: intentSettings,
        settings: settingsDocuments,
        model: () => trainingLoaded?.training,
        handoff,
      },
    });
    // What other nodes changed while this one loaded (before it listened) is caught up once it is ready.
    ready.then(() => cluster?.catchUp()).catch(() => undefined);
  }

  const address = await server.listen(config.port, config.host);
  logger.info({ url: `http://localhost:${address.port}` }, 'Parley is listening');
  return { ...server, port: address.port, store, ready };
}
