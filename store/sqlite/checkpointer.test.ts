/**
 * The WAL checkpointer worker: it checkpoints what serving connections (wal_autocheckpoint = 0)
 * write, falls back to RESTART/TRUNCATE past its bounds, reports a worker that cannot start, stops
 * cleanly, and runs the same from compiled JavaScript under plain node as from TypeScript here.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as ts from 'typescript';
import { startCheckpointer, type CheckpointerOptions, type CheckpointReport } from './checkpointer';
import { openDatabase, type Db } from './database';
import { openSqliteStore } from '.';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'parley-sqlite-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A WAL database written by a connection that never checkpoints by itself. */
function servingConnection(name: string): { file: string; db: Db; write: (rows: number) => void } {
  const file = join(dir, name);
  const db = openDatabase(file);
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  const write = (rows: number) =>
    db.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run('x'.repeat(2000));
    })();
  return { file, db, write };
}

/** A checkpointer on `file` (ticking every 10 ms unless told otherwise) that keeps its reports. */
function watchedCheckpointer(file: string, options: CheckpointerOptions = {}) {
  const reports: CheckpointReport[] = [];
  const checkpointer = startCheckpointer({
    file,
    intervalMs: 10,
    ...options,
    onCheckpoint: (r) => reports.push(r),
  });
  return { checkpointer, reports };
}

function until<T>(reports: CheckpointReport[], match: (r: CheckpointReport) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const poll = () => {
      for (const r of reports) {
        const found = match(r);
        if (found !== undefined) return resolve(found);
      }
      if (Date.now() > deadline) return reject(new Error(`not seen in: ${JSON.stringify(reports)}`));
      setTimeout(poll, 10);
    };
    poll();
  });
}

test('checkpoints what the serving connection wrote, in a worker thread (PASSIVE)', async () => {
  const { file, db, write } = servingConnection('passive.sqlite');
  const { checkpointer, reports } = watchedCheckpointer(file);
  try {
    write(100); // ~50 pages
    const done = await until(reports, (r) =>
      r.mode === 'PASSIVE' && r.log > 0 && r.checkpointed === r.log ? r : undefined,
    );
    expect(done.busy).toBe(false);
    expect(checkpointer.stats.passive).toBeGreaterThan(0);
    expect(checkpointer.stats.restart + checkpointer.stats.truncate).toBe(0);
    // Copied back: the next writer rewinds the WAL instead of appending to it.
    write(1);
    const [after] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    expect(after.log).toBeLessThan(done.log);
  } finally {
    await checkpointer.stop();
    db.close();
  }
});

test('checkpoints once minFrames pages wait (read from the wal-index), not on every small commit', async () => {
  const { file, db, write } = servingConnection('gated.sqlite');
  const { checkpointer, reports } = watchedCheckpointer(file, { minFrames: 300, maxIntervalMs: 60_000 });
  try {
    write(20);
    await until(reports, (r) => (r.checkpointed === r.log ? r : undefined)); // the first tick checkpoints
    reports.length = 0;
    write(20); // ~10 pages: below minFrames, and maxIntervalMs is far away
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reports).toEqual([]);
    write(800); // ~400 pages
    const done = await until(reports, (r) => (r.checkpointed === r.log ? r : undefined));
    expect(done.checkpointed).toBeGreaterThan(300);
  } finally {
    await checkpointer.stop();
    db.close();
  }
});

test('past maxWalFrames pages it rewinds the WAL (RESTART); past maxWalBytes it truncates it', async () => {
  const { file, db, write } = servingConnection('bounds.sqlite');
  const restart = watchedCheckpointer(file, { maxWalFrames: 20 });
  try {
    write(200);
    const rewound = await until(restart.reports, (r) => (r.mode === 'RESTART' ? r : undefined));
    expect(rewound).toMatchObject({ busy: false });
    expect(rewound.checkpointed).toBe(rewound.log);
  } finally {
    await restart.checkpointer.stop();
  }

  const truncate = watchedCheckpointer(file, { maxWalBytes: 64 * 1024 });
  try {
    write(200); // ~100 pages, ~400 KiB of WAL
    await until(truncate.reports, (r) => (r.mode === 'TRUNCATE' && !r.busy ? r : undefined));
    expect(statSync(`${file}-wal`).size).toBe(0);
    expect(truncate.checkpointer.stats.truncate).toBeGreaterThan(0);
  } finally {
    await truncate.checkpointer.stop();
    db.close();
  }
});

test('a reader on an old snapshot delays the RESTART, never the serving writer for long', async () => {
  const { file, db, write } = servingConnection('pinned.sqlite');
  write(10);
  const reader = openDatabase(file);
  reader.exec('BEGIN');
  reader.prepare('SELECT count(*) FROM t').get(); // holds its snapshot until COMMIT
  const { checkpointer, reports } = watchedCheckpointer(file, { maxWalFrames: 20 });
  try {
    write(200);
    await until(reports, (r) => (r.mode === 'RESTART' && r.busy ? r : undefined));
    // The fallback gives up after its short busy timeout and backs off: the serving connection commits
    // without waiting more than that.
    let slowest = 0;
    for (let i = 0; i < 40; i++) {
      const started = Date.now();
      write(5);
      slowest = Math.max(slowest, Date.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(slowest).toBeLessThan(500);
    reader.exec('COMMIT');
    reports.length = 0;
    write(50);
    // After the back-off (1 s, then 2 s…) it succeeds.
    await until(reports, (r) => (r.mode === 'RESTART' && !r.busy ? r : undefined));
  } finally {
    await checkpointer.stop();
    reader.close();
    db.close();
  }
});

test('a worker that cannot open the database reports the failure', async () => {
  const failure = await new Promise<unknown>((resolve) => {
    const checkpointer = startCheckpointer({
      file: join(dir, 'missing-directory', 'nothing.sqlite'),
      intervalMs: 10,
      onFailure: resolve,
    });
    void checkpointer; // it ends by itself
  });
  expect(String(failure)).toMatch(/directory|unable to open|SQLITE_CANTOPEN/i);
});

test('stop() is idempotent and ends the reports; the store stops its worker on close', async () => {
  const { file, db, write } = servingConnection('stop.sqlite');
  const { checkpointer, reports } = watchedCheckpointer(file);
  const first = checkpointer.stop();
  expect(checkpointer.stop()).toBe(first);
  await first;
  write(50);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(reports).toEqual([]);
  db.close();

  // Through the store: after close() no connection is left, so SQLite removed the WAL.
  const storeFile = join(dir, 'store.sqlite');
  const store = await openSqliteStore({ file: storeFile, checkpoint: { intervalMs: 10 } });
  const conversation = await store.conversations.create({ channel: 'web', visitorId: 'v' });
  await store.messages.append({ conversationId: conversation.id, sender: 'customer', text: 'hello' });
  await store.close();
  expect(existsSync(`${storeFile}-wal`)).toBe(false);
});

test('compiled to JavaScript and run by plain node (as from dist/), it checkpoints and lets the process exit', async () => {
  const out = join(dir, 'compiled');
  mkdirSync(out, { recursive: true });
  const source = ts.sys.readFile(join(__dirname, 'checkpointer.ts'))!;
  const compiled = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  writeFileSync(join(out, 'checkpointer.js'), compiled);
  writeFileSync(
    join(out, 'main.js'),
    `
const Database = require('better-sqlite3');
const { startCheckpointer } = require('./checkpointer.js');
const file = ${JSON.stringify(join(out, 'db.sqlite'))};
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('wal_autocheckpoint = 0');
db.exec('CREATE TABLE t (body TEXT)');
const insert = db.prepare('INSERT INTO t VALUES (?)');
db.transaction(() => { for (let i = 0; i < 100; i++) insert.run('x'.repeat(2000)); })();
let done = false;
const checkpointer = startCheckpointer({
  file,
  intervalMs: 10,
  onCheckpoint: async (report) => {
    if (done || report.checkpointed !== report.log) return;
    done = true;
    await checkpointer.stop();
    db.close();
    process.stdout.write(JSON.stringify(report));
    // No process.exit: the stopped worker must not keep the process alive.
  },
});
`,
  );
  const { stdout } = await run(process.execPath, [join(out, 'main.js')], {
    timeout: 20_000,
    env: { ...process.env, NODE_PATH: join(__dirname, '..', '..', 'node_modules') },
  });
  const report = JSON.parse(stdout) as CheckpointReport;
  expect(report.mode).toBe('PASSIVE');
  expect(report.log).toBeGreaterThan(0);
  expect(report.checkpointed).toBe(report.log);
});
