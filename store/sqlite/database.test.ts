import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUSY_TIMEOUT_MS, immediate, openDatabase } from './database';

const dir = mkdtempSync(join(tmpdir(), 'parley-sqlite-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('every connection has WAL, foreign keys and a 5 s busy timeout', () => {
  const db = openDatabase(join(dir, 'pragmas.sqlite'));
  try {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
    expect(BUSY_TIMEOUT_MS).toBe(5000);
  } finally {
    db.close();
  }
});

test('immediate() holds the write lock from the start: another connection cannot write meanwhile', () => {
  const file = join(dir, 'lock.sqlite');
  const a = openDatabase(file);
  const b = openDatabase(file);
  b.pragma('busy_timeout = 0'); // fail at once instead of waiting, to observe the lock
  try {
    a.exec('CREATE TABLE t (n INTEGER)');
    const seen = immediate(a, () => {
      // Nothing written yet by `a`, but the lock is already taken.
      expect(() => b.exec('INSERT INTO t VALUES (2)')).toThrow(/locked|busy/i);
      a.exec('INSERT INTO t VALUES (1)');
      return a.prepare('SELECT count(*) AS n FROM t').get();
    });
    expect(seen).toEqual({ n: 1 });
    b.exec('INSERT INTO t VALUES (2)');
    expect(a.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 2 });
  } finally {
    a.close();
    b.close();
  }
});
