/**
 * Builds and starts the whole service from configuration. Listening starts before the language
 * model and the knowledge base are loaded, so /healthz answers at once and /readyz says 503 until
 * everything is ready; turns that arrive meanwhile wait for the model.
 */
import { hash as argon2Hash } from 'argon2';
import type { Logger } from 'pino';
import type { Server as SocketServer } from 'socket.io';
import { openStore } from '../store';
import { createSupportBot, type TextAnalyzer } from '../bot';
import type { KnowledgeAnswers, KnowledgeResult, ReturnPolicy } from '../dialogs';
import { createKnowledgeBase, type KnowledgeBase } from '../knowledge-base';
import type { Config } from './config';
import { createParleyServer, type ParleyServer } from './parley-server';
import { loadOrCreateSecret } from './secrets';
import { DEMO_SHOP, FINAL_SALE_TAG, demoCatalogue, isStoreEmpty, seedDemoData } from './seed';
import { loadLanguageModel, type LanguageModel } from './language-model';
import { connectRedisAdapter } from './redis-adapter';
import { createWidgetRouter, siteDirectory } from './widget';

export interface RunningParley extends ParleyServer {
  port: number;
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

  const intents = await store.intents.list();
  const bot = createSupportBot({
    store,
    analyzer,
    knowledge,
    policy: DEMO_RETURN_POLICY,
    catalogue: demoCatalogue,
    shopName: DEMO_SHOP.name,
    intentResponses: new Map(intents.map((intent) => [intent.name, intent.responses])),
    alwaysHumanIntents: intents.filter((intent) => intent.settings.alwaysHuman).map((intent) => intent.name),
    logger,
  });

  let redisClose: (() => Promise<void>) | undefined;
  const server = await createParleyServer({
    store,
    logger,
    bot,
    botFramework: config.botFramework,
    siteSecret: loadOrCreateSecret(config.dataDir, config.siteSecret, 'site-secret'),
    secret: loadOrCreateSecret(config.dataDir, config.sessionSecret),
    routes: [createWidgetRouter({ sites: siteDirectory() })],
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    modelReady: () => model !== undefined && (knowledgeBase !== undefined || !model.embedder),
    configureSocketServer: config.redisUrl
      ? async (io: SocketServer) => {
          redisClose = await connectRedisAdapter(io, config.redisUrl!, logger);
        }
      : undefined,
    onClose: async () => {
      await redisClose?.();
    },
  });

  const address = await server.listen(config.port, config.host);
  logger.info({ url: `http://localhost:${address.port}` }, 'Parley is listening');
  const ready = Promise.all([modelLoading, knowledgeLoading]).then(() => logger.info('language model ready'));
  ready.catch((error: unknown) => logger.error({ err: error }, 'loading the language model failed'));
  return { ...server, port: address.port, ready };
}
