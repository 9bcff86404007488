import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * How long a connection waits for another connection's write lock before failing with
 * SQLITE_BUSY. Two server processes on one file queue behind each other instead of erroring.
 */
export const BUSY_TIMEOUT_MS = 5000;

/** SQLite's default `wal_autocheckpoint` (pages), used when no checkpointer runs. */
export const AUTO_CHECKPOINT_PAGES = 1000;

/** Opens a connection with the pragmas every Parley connection needs. */
export function openDatabase(file: string): Db {
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // WAL: readers never block the writer and vice versa. ':memory:' databases stay in 'memory' mode.
    db.pragma('journal_mode = WAL');
    // Safe with WAL (a crash can lose the last commits but never corrupts the file) and much faster.
    db.pragma('synchronous = NORMAL');
    // SQLite ships with foreign keys off, per connection; messages/escalations rely on them.
    db.pragma('foreign_keys = ON');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** A transaction function that runs the thunk it is given, one per connection. */
type Runner = <T>(fn: () => T) => T;
const runners = new WeakMap<Db, { immediate: Runner }>();

/**
 * Runs `fn` in a BEGIN IMMEDIATE transaction: the write lock is taken up front, so a
 * read-then-write (seq allocation, version checks) cannot interleave with another process's
 * writer, and WAL's "snapshot is stale" SQLITE_BUSY cannot happen mid-transaction. Inside another
 * transaction it is a savepoint (better-sqlite3's nesting rule).
 *
 * better-sqlite3's `db.transaction(fn)` builds four wrapper functions and defines their properties
 * on every call; on the per-message path that cost more than the savepoint itself. One wrapper per
 * connection that calls its argument does the same.
 */
export function immediate<T>(db: Db, fn: () => T): T {
  let runner = runners.get(db);
  if (!runner) {
    runner = db.transaction((thunk: () => unknown) => thunk()) as unknown as { immediate: Runner };
    runners.set(db, runner);
  }
  return runner.immediate(fn);
}
