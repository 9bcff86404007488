/**
 * Builds and starts the whole service from configuration. Listening starts before the model is
 * loaded so /healthz answers at once and /readyz says 503 until everything is ready.
 */
import { hash as argon2Hash } from 'argon2';
import type { Logger } from 'pino';
import type { Server as SocketServer } from 'socket.io';
import { openStore } from '../store';
import { IntentReplyEngine, type RecognizedIntent } from '../bot';
import type { Config } from './config';
import { createParleyServer, type ParleyServer } from './parley-server';
import { loadOrCreateSecret } from './secrets';
import { isStoreEmpty, seedDemoData } from './seed';
import { loadLanguageModel, type LanguageModel } from './language-model';
import { connectRedisAdapter } from './redis-adapter';

export interface RunningParley extends ParleyServer {
  port: number;
  /** Resolves when the model is loaded (tests and scripts wait on it). */
  ready: Promise<void>;
}

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
  }).then((loaded: LanguageModel) => {
    model = loaded;
  });
  const responses = new Map((await store.intents.list()).map((intent) => [intent.name, intent.responses]));

  let redisClose: (() => Promise<void>) | undefined;
  const server = await createParleyServer({
    store,
    logger,
    secret: loadOrCreateSecret(config.dataDir, config.sessionSecret),
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    modelReady: () => model !== undefined,
    engine: new IntentReplyEngine({
      responses,
      analyze: async (text): Promise<RecognizedIntent> => {
        if (!model) await modelLoading;
        const recognition = await model!.recognizer.recognize(text);
        return { intent: recognition.intent, score: recognition.ranking[0]?.score ?? 0 };
      },
    }),
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
  const ready = modelLoading.then(() => logger.info('language model ready'));
  ready.catch((error: unknown) => logger.error({ err: error }, 'loading the language model failed'));
  return { ...server, port: address.port, ready };
}
