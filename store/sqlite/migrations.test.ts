import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './database';
import { appliedMigrations, migrate, MIGRATIONS, type Migration } from './migrations';
import { openSqliteStore } from '.';

const dir = mkdtempSync(join(tmpdir(), 'parley-sqlite-migrations-'));
let n = 0;
const freshFile = () => join(dir, `m-${++n}.sqlite`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const withDb = <T>(file: string, fn: (db: ReturnType<typeof openDatabase>) => T): T => {
  const db = openDatabase(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
};

const fixedClock = (iso: string) => () => new Date(iso);
/** Test migrations are numbered after the real ones, so adding a real migration never breaks these tests. */
const LAST = MIGRATIONS[MIGRATIONS.length - 1].version;
const ALL = MIGRATIONS.map((m) => m.version);

describe('migrations', () => {
  test('versions are positive and strictly increasing', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions[0]).toBe(1);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  test('a new file gets every migration recorded; reopening applies nothing again', async () => {
    const file = freshFile();
    const store = await openSqliteStore({ file, clock: fixedClock('2024-01-01T00:00:00Z') });
    await store.customers.create({
      externalId: 'e1',
      name: 'Ada',
      email: 'ada@example.com',
      phone: null,
      tier: 'gold',
      consent: true,
    });
    await store.close();
    const first = withDb(file, appliedMigrations);
    expect(first.map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(first[0]).toMatchObject({ version: 1, appliedAt: '2024-01-01T00:00:00.000Z' });

    // Re-running the initial schema would fail ("table customers already exists"), and the data survives.
    const again = await openSqliteStore({ file, clock: fixedClock('2025-06-01T00:00:00Z') });
    expect(await again.customers.count()).toBe(1);
    await again.close();
    expect(withDb(file, appliedMigrations)).toEqual(first);
    expect(withDb(file, (db) => migrate(db))).toEqual([]);
  });

  test('only the migrations a file lacks are applied, in order, each with its row', () => {
    const file = freshFile();
    const v2: Migration = {
      version: LAST + 1,
      name: 'customer notes',
      sql: 'ALTER TABLE customers ADD COLUMN notes TEXT',
    };
    const v3: Migration = {
      version: LAST + 2,
      name: 'notes index',
      sql: 'CREATE INDEX customers_notes ON customers (notes)',
    };
    expect(withDb(file, (db) => migrate(db, MIGRATIONS))).toEqual(ALL);
    expect(withDb(file, (db) => migrate(db, [...MIGRATIONS, v2, v3]))).toEqual([LAST + 1, LAST + 2]);
    expect(withDb(file, (db) => migrate(db, [...MIGRATIONS, v2, v3]))).toEqual([]);
    withDb(file, (db) => {
      expect(appliedMigrations(db).map((m) => [m.version, m.name])).toEqual([
        ...MIGRATIONS.map((m) => [m.version, m.name]),
        [LAST + 1, 'customer notes'],
        [LAST + 2, 'notes index'],
      ]);
      const columns = db
        .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('customers')")
        .all();
      expect(columns.map((c) => c.name)).toContain('notes');
    });
  });

  test('a failing migration rolls back entirely and is not recorded', () => {
    const file = freshFile();
    const broken: Migration = {
      version: LAST + 1,
      name: 'half broken',
      sql: 'CREATE TABLE extra (id TEXT PRIMARY KEY); INSERT INTO no_such_table VALUES (1);',
    };
    withDb(file, (db) => {
      expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow(/no_such_table/);
      expect(appliedMigrations(db).map((m) => m.version)).toEqual(ALL);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'extra'").get()).toBeUndefined();
    });
  });

  test('a file from before the knowledge-base tables (v1) upgrades in place and keeps its articles', async () => {
    const file = freshFile();
    withDb(file, (db) => {
      migrate(db, MIGRATIONS.slice(0, 1));
      db.prepare(
        `INSERT INTO articles (id, kind, title, body, alternatives, tags, locale, published, version, updated_at)
         VALUES ('faq-1', 'faq', 'Q?', 'A.', '[]', '[]', 'en', 1, 3, '2024-01-01T00:00:00.000Z')`,
      ).run();
    });
    const store = await openSqliteStore({ file });
    expect(await store.articles.get('faq-1')).toMatchObject({ title: 'Q?', version: 3 });
    await store.passageEmbeddings.replaceForArticle('faq-1', 'm', [
      {
        articleId: 'faq-1',
        articleVersion: 3,
        passageIndex: 0,
        modelId: 'm',
        textHash: 'h',
        vector: Float32Array.of(1, 2),
      },
    ]);
    await store.answerFeedback.record({ answerId: 'a1', articleId: 'faq-1', helpful: true });
    expect(await store.passageEmbeddings.count()).toBe(1);
    await store.close();
    expect(withDb(file, appliedMigrations).map((m) => m.version)).toEqual(ALL);
  });

  test('a file from before user versions (v5) upgrades in place: existing users are at version 1', async () => {
    const file = freshFile();
    withDb(file, (db) => {
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version <= 5),
      );
      db.prepare(
        `INSERT INTO users (id, email, name, role, password_hash, skills, capacity, created_at)
         VALUES ('u1', 'old@example.com', 'Old Admin', 'admin', 'h', '[]', 1, '2024-01-01T00:00:00.000Z')`,
      ).run();
    });
    const store = await openSqliteStore({ file });
    expect(await store.users.get('u1')).toMatchObject({ email: 'old@example.com', version: 1 });
    expect(await store.users.update('u1', 1, { name: 'Admin' })).toMatchObject({ version: 2 });
    expect(await store.settings.get('bot')).toBeNull();
    await store.close();
  });

  test('refuses out-of-order migrations and files from a newer build', () => {
    const file = freshFile();
    const v2: Migration = { version: LAST + 1, name: 'next', sql: 'SELECT 1' };
    withDb(file, (db) => {
      expect(() => migrate(db, [v2, ...MIGRATIONS])).toThrow(/out of order/);
      migrate(db, [...MIGRATIONS, v2]);
      expect(() => migrate(db, MIGRATIONS)).toThrow(/newer than this build/);
    });
  });
});
