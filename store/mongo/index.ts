import mongoose from 'mongoose';
import type { Store } from '../ports';
import { resolveDeps, type StoreDeps } from '../internal/deps';
import { mongoAnswerFeedback } from './answer-feedback';
import { mongoArticles } from './articles';
import { mongoAuditLog } from './audit-log';
import { bindAuthSessionModel, mongoAuthSessions } from './auth-sessions';
import { bindBotStateModel, mongoBotState } from './bot-state';
import { mongoConversations } from './conversations';
import { mongoCustomers } from './customers';
import { mongoEscalations } from './escalations';
import { mongoIntents } from './intents';
import { mongoMessages } from './messages';
import { bindModels, ensureIndexes } from './models';
import { mongoOrders } from './orders';
import { mongoPassageEmbeddings } from './passage-embeddings';
import { mongoSettings } from './settings';
import { mongoTickets } from './tickets';
import { mongoTurnRecords } from './turn-records';
import { mongoUsers } from './users';

export interface MongoStoreOptions extends StoreDeps {
  /** mongodb:// or mongodb+srv:// connection string. */
  uri: string;
  /** Database name, overriding the one in the URI (the contract tests use one per test). */
  dbName?: string;
  /** How long to wait for a reachable server before failing. Default: the URI's setting, else 10 s. */
  serverSelectionTimeoutMS?: number;
}

/**
 * Connects with a private mongoose Connection (never the global default one, so several stores
 * and the rest of the process cannot interfere), builds every index, and returns the Store.
 */
export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  const deps = resolveDeps(options);
  const conn = mongoose.createConnection(options.uri, {
    dbName: options.dbName,
    serverSelectionTimeoutMS: serverSelectionTimeout(options),
  });
  try {
    await conn.asPromise();
    const models = bindModels(conn);
    await ensureIndexes(models);
    const botStateModel = await bindBotStateModel(conn);
    const authSessionModel = await bindAuthSessionModel(conn);
    return {
      kind: 'mongodb',
      customers: mongoCustomers(models, deps),
      orders: mongoOrders(models, deps),
      tickets: mongoTickets(models, deps),
      conversations: mongoConversations(models, deps),
      messages: mongoMessages(models, deps),
      escalations: mongoEscalations(models, deps),
      intents: mongoIntents(models, deps),
      articles: mongoArticles(models, deps),
      passageEmbeddings: mongoPassageEmbeddings(models),
      answerFeedback: mongoAnswerFeedback(models, deps),
      users: mongoUsers(models, deps),
      authSessions: mongoAuthSessions(authSessionModel, deps),
      botState: mongoBotState(botStateModel, deps),
      auditLog: mongoAuditLog(models, deps),
      settings: mongoSettings(models, deps),
      turnRecords: mongoTurnRecords(models, deps),
      async ping() {
        const db = conn.db;
        if (!db) throw new Error('MongoDB connection is not open');
        await db.command({ ping: 1 });
      },
      async close() {
        await conn.close();
      },
    };
  } catch (err) {
    await conn.close().catch(() => undefined);
    throw err;
  }
}

/** An explicit option wins, then the URI's own serverSelectionTimeoutMS, then 10 s (not the driver's 30 s). */
function serverSelectionTimeout(options: MongoStoreOptions): number | undefined {
  if (options.serverSelectionTimeoutMS !== undefined) return options.serverSelectionTimeoutMS;
  return /[?&]serverSelectionTimeoutMS=/i.test(options.uri) ? undefined : 10_000;
}
