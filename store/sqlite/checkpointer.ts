/**
 * WAL checkpoints off the request path.
 *
 * SQLite's automatic checkpoint runs inside a commit, on the thread that committed: every ~1000 WAL
 * pages one commit copies the WAL back into the database file and fsyncs both, on the event loop. The
 * serving connections therefore run with `wal_autocheckpoint = 0`, and a worker thread with its own
 * connection runs `PRAGMA wal_checkpoint(PASSIVE)` once `minFrames` pages wait to be copied back, or
 * every `maxIntervalMs` while any do: PASSIVE never waits for and never blocks readers or writers, so
 * commits stay short while the WAL is copied back beside them.
 *
 * Fallback: the WAL is rewound (written from its start again) only by a writer that finds it copied
 * back completely; a PASSIVE checkpoint cannot finish while a reader still uses an old snapshot, and
 * under steady load commits land while it runs, so the WAL can keep growing. When it holds more than
 * `maxWalFrames` pages after the PASSIVE checkpoint, the worker runs `wal_checkpoint(RESTART)`: it
 * waits (briefly: `busyTimeoutMs`) for the current writer and old readers, copies the few pages
 * PASSIVE left and rewinds the WAL, holding off writers only that long. When the WAL file is larger than `maxWalBytes`
 * (e.g. after a long reader), `wal_checkpoint(TRUNCATE)` also truncates it to zero bytes.
 *
 * The worker's code is the JavaScript below, started with `eval`: the same code runs whether this
 * module is TypeScript under jest/tsx or compiled JavaScript in dist/, and it loads the very
 * better-sqlite3 the caller loaded (its path is resolved here). Several processes on one file can each
 * run one; SQLite serializes checkpoints (a busy one is skipped and retried at the next tick).
 *
 * If the worker cannot start or dies, `onFailure` runs (the store then turns the connection's automatic
 * checkpoint back on, so the WAL never grows without bound).
 */
import { Worker } from 'node:worker_threads';

export interface CheckpointerOptions {
  /** How often the worker looks at the WAL (default 100 ms). */
  intervalMs?: number;
  /** WAL pages not yet copied back that start a checkpoint at once (default 1000, as SQLite's autocheckpoint). */
  minFrames?: number;
  /** Longest time between checkpoints while anything is left to copy (default 1000 ms). */
  maxIntervalMs?: number;
  /** WAL pages above which a RESTART checkpoint rewinds the WAL (default 16,000, ~64 MB of 4 KiB pages). */
  maxWalFrames?: number;
  /** WAL file size above which a TRUNCATE checkpoint shrinks it (default 128 MiB). */
  maxWalBytes?: number;
  /**
   * How long the RESTART/TRUNCATE fallback waits for the writer and for old readers (default 50 ms).
   * RESTART holds the write lock while it waits for readers, so this stays short; when it gives up
   * (readers on old snapshots) the next attempt waits 1 s, doubling up to 30 s, so commits are
   * never starved.
   */
  busyTimeoutMs?: number;
}

/** One checkpoint the worker ran: SQLite's figures (pages) and the mode. */
export interface CheckpointReport {
  mode: 'PASSIVE' | 'RESTART' | 'TRUNCATE';
  /** Another connection held a lock the checkpoint needed (it is retried at the next tick). */
  busy: boolean;
  /** Pages in the WAL. */
  log: number;
  /** Pages of the WAL copied into the database file. */
  checkpointed: number;
}

export interface CheckpointStats {
  passive: number;
  restart: number;
  truncate: number;
  busy: number;
  errors: number;
}

export interface CheckpointerHandle {
  /** Stops the worker after its current checkpoint and closes its connection. Idempotent. */
  stop(): Promise<void>;
  /** Checkpoints that did work (or hit the fallback) so far. */
  readonly stats: CheckpointStats;
}

export interface StartCheckpointerInput extends CheckpointerOptions {
  file: string;
  /** Called with every checkpoint that had pages to copy, and every RESTART or TRUNCATE. */
  onCheckpoint?: (report: CheckpointReport) => void;
  /** The worker failed to start, threw, or exited without being stopped. */
  onFailure?: (error: unknown) => void;
}

const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { closeSync, openSync, readSync, statSync } = require('node:fs');
const { endianness } = require('node:os');
const Database = require(workerData.driver);
const { file, intervalMs, minFrames, maxIntervalMs, maxWalFrames, maxWalBytes, busyTimeoutMs } = workerData;

const db = new Database(file, { timeout: busyTimeoutMs });
db.pragma('busy_timeout = ' + Number(busyTimeoutMs));
db.pragma('synchronous = NORMAL');
db.pragma('wal_autocheckpoint = 0');
let timer;
let stopped = false;
let lastCheckpointAt = 0;
// After a fallback that found old readers (busy), wait before holding the write lock again: 1 s, doubling to 30 s.
let fallbackBackoffMs = 0;
let nextFallbackAt = 0;

function walBytes() {
  try {
    return statSync(file + '-wal').size;
  } catch {
    return 0;
  }
}

// Pages written but not yet copied back, from the wal-index header in the -shm file (mxFrame at
// offset 16, nBackfill at 96, native byte order: https://www.sqlite.org/walformat.html). Only used to
// checkpoint sooner; unreadable means "unknown" and the maxIntervalMs period still applies.
const header = Buffer.alloc(100);
const u32 = endianness() === 'LE' ? (at) => header.readUInt32LE(at) : (at) => header.readUInt32BE(at);
let shm;
function pendingFrames() {
  try {
    shm ??= openSync(file + '-shm', 'r');
    if (readSync(shm, header, 0, 100, 0) < 100) return 0;
    return Math.max(0, u32(16) - u32(96));
  } catch {
    return 0;
  }
}

function checkpoint(mode) {
  const [row] = db.pragma('wal_checkpoint(' + mode + ')');
  return { mode, busy: row.busy === 1, log: row.log, checkpointed: row.checkpointed };
}

function tick() {
  if (stopped) return;
  try {
    if (pendingFrames() < minFrames && Date.now() - lastCheckpointAt < maxIntervalMs) {
      timer = setTimeout(tick, intervalMs);
      return;
    }
    lastCheckpointAt = Date.now();
    const passive = checkpoint('PASSIVE');
    if (passive.log > 0 || passive.busy) parentPort.postMessage({ report: passive });
    const mode = walBytes() > maxWalBytes ? 'TRUNCATE' : passive.log > maxWalFrames ? 'RESTART' : undefined;
    if (mode && Date.now() >= nextFallbackAt) {
      const report = checkpoint(mode);
      fallbackBackoffMs = report.busy ? Math.min(30000, Math.max(1000, fallbackBackoffMs * 2)) : 0;
      nextFallbackAt = Date.now() + fallbackBackoffMs;
      parentPort.postMessage({ report });
    }
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
  }
  if (!stopped) timer = setTimeout(tick, intervalMs);
}

parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  stopped = true;
  clearTimeout(timer);
  if (shm !== undefined) closeSync(shm);
  db.close();
  parentPort.close();
});
timer = setTimeout(tick, intervalMs);
`;

/** How long stop() waits for the worker to finish its checkpoint before terminating it. */
const STOP_TIMEOUT_MS = 10_000;

/** Starts the checkpointer worker for `file` (a WAL database whose serving connections do not auto-checkpoint). */
export function startCheckpointer(input: StartCheckpointerInput): CheckpointerHandle {
  const stats: CheckpointStats = { passive: 0, restart: 0, truncate: 0, busy: 0, errors: 0 };
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: require.resolve('better-sqlite3'),
      file: input.file,
      intervalMs: input.intervalMs ?? 100,
      minFrames: input.minFrames ?? 1000,
      maxIntervalMs: input.maxIntervalMs ?? 1000,
      maxWalFrames: input.maxWalFrames ?? 16_000,
      maxWalBytes: input.maxWalBytes ?? 128 * 1024 * 1024,
      busyTimeoutMs: input.busyTimeoutMs ?? 50,
    },
  });
  // Never keeps the process alive by itself; stop() is the orderly way out.
  worker.unref();
  let stopping = false;
  let failed = false;
  const fail = (error: unknown) => {
    if (failed || stopping) return;
    failed = true;
    input.onFailure?.(error);
  };
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('message', (message: { report?: CheckpointReport; error?: string }) => {
    if (message.report) {
      const report = message.report;
      if (report.busy) stats.busy++;
      if (report.mode === 'TRUNCATE') stats.truncate++;
      else if (report.mode === 'RESTART') stats.restart++;
      else if (report.log > 0) stats.passive++;
      input.onCheckpoint?.(report);
    } else if (message.error) {
      stats.errors++;
      // A checkpoint that throws (disk full, file gone) is retried; only a dead worker is a failure.
    }
  });
  worker.on('error', (error) => fail(error));
  worker.on('exit', (code) => {
    if (!stopping) fail(new Error(`SQLite checkpointer exited (${code})`));
  });

  let stopped: Promise<void> | undefined;
  return {
    stats,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        // Referenced again while it winds down: an unreferenced worker would let the process exit
        // before `await store.close()` returns.
        worker.ref();
        worker.postMessage('stop');
        // The worker closes its connection and ends after its current checkpoint; one wedged in a
        // slow fsync is ended here.
        const timeout = new Promise<'timeout'>((resolve) => {
          const t = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS);
          t.unref();
        });
        if ((await Promise.race([exited, timeout])) === 'timeout') await worker.terminate();
        await exited;
      })();
      return stopped;
    },
  };
}
