import type { Store } from '../ports';
import { resolveDeps, type StoreDeps } from '../internal/deps';
import { sqliteAnswerFeedback } from './answer-feedback';
import { sqliteArticles } from './articles';
import { sqliteAuditLog } from './audit-log';
import { sqliteAuthSessions } from './auth-sessions';
import { sqliteBotState } from './bot-state';
import { startCheckpointer, type CheckpointerHandle, type CheckpointerOptions } from './checkpointer';
import { sqliteConversations } from './conversations';
import { sqliteCustomers } from './customers';
import { AUTO_CHECKPOINT_PAGES, immediate, openDatabase, type Db } from './database';
import { sqliteEscalations } from './escalations';
import { sqliteIntents } from './intents';
import { sqliteMessages } from './messages';
import { migrate, MIGRATIONS, type Migration } from './migrations';
import { sqliteOrders } from './orders';
import { sqlitePassageEmbeddings } from './passage-embeddings';
import { sqliteSettings } from './settings';
import { sqliteTickets } from './tickets';
import { sqliteTurnRecords } from './turn-records';
import { sqliteUsers } from './users';

export type { CheckpointerOptions, CheckpointReport, CheckpointStats } from './checkpointer';
export { appliedMigrations, migrate, MIGRATIONS, type AppliedMigration, type Migration } from './migrations';

export interface SqliteStoreOptions extends StoreDeps {
  /** Database file path, or ':memory:' (tests only: a memory database is private to one connection). */
  file: string;
  /** Override the schema history (tests of the migration runner); defaults to MIGRATIONS. */
  migrations?: readonly Migration[];
  /**
   * WAL checkpoints in a worker thread instead of inside commits on the event loop (see
   * checkpointer.ts); on by default for a file, `false` for SQLite's automatic checkpoint.
   */
  checkpoint?: false | CheckpointerOptions;
}

/** Turns the connection's automatic checkpoint off and starts the worker that checkpoints instead. */
function checkpointInBackground(
  db: Db,
  file: string,
  options: CheckpointerOptions,
): CheckpointerHandle | undefined {
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') return undefined; // ':memory:'
  db.pragma('wal_autocheckpoint = 0');
  try {
    return startCheckpointer({
      ...options,
      file,
      // Without the worker, commits checkpoint again as SQLite does by default.
      onFailure: () => {
        if (db.open) db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
      },
    });
  } catch {
    db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
    return undefined;
  }
}

/** Opens (creating and migrating if needed) the embedded SQLite store. The parent directory must exist. */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const deps = resolveDeps(options);
  const db = openDatabase(options.file);
  try {
    migrate(db, options.migrations ?? MIGRATIONS, deps.clock);
  } catch (err) {
    db.close();
    throw err;
  }
  const checkpointer =
    options.checkpoint === false
      ? undefined
      : checkpointInBackground(db, options.file, options.checkpoint ?? {});
  const ping = db.prepare('SELECT 1');
  return {
    kind: 'sqlite',
    customers: sqliteCustomers(db, deps),
    orders: sqliteOrders(db, deps),
    tickets: sqliteTickets(db, deps),
    conversations: sqliteConversations(db, deps),
    messages: sqliteMessages(db, deps),
    escalations: sqliteEscalations(db, deps),
    intents: sqliteIntents(db, deps),
    articles: sqliteArticles(db, deps),
    passageEmbeddings: sqlitePassageEmbeddings(db),
    answerFeedback: sqliteAnswerFeedback(db, deps),
    users: sqliteUsers(db, deps),
    authSessions: sqliteAuthSessions(db, deps),
    botState: sqliteBotState(db, deps),
    auditLog: sqliteAuditLog(db, deps),
    settings: sqliteSettings(db, deps),
    turnRecords: sqliteTurnRecords(db, deps),
    batchWrites: (work) => immediate(db, work),
    async ping() {
      ping.get();
    },
    async close() {
      // The worker's connection first: the last connection to close checkpoints and removes the WAL.
      await checkpointer?.stop();
      if (db.open) db.close();
    },
  };
}
