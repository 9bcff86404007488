import { immediate, type Db } from './database';

export interface Migration {
  /** Strictly increasing; never renumber or edit a released migration, add a new one. */
  version: number;
  name: string;
  sql: string;
}

/*
 * Conventions: STRICT tables (a REAL in an INTEGER column is rejected, not coerced); CHECK
 * constraints mirror the MongoDB schema's validation so both adapters reject the same input;
 * arrays/objects are JSON text; timestamps are ISO-8601 text (sorts chronologically).
 */
const initialSchema = `
CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  external_id TEXT NOT NULL UNIQUE CHECK (external_id <> ''),
  name TEXT NOT NULL CHECK (name <> ''),
  email TEXT NOT NULL CHECK (email LIKE '%_@_%._%' AND email NOT LIKE '%@%@%' AND instr(email, ' ') = 0),
  phone TEXT,
  tier TEXT NOT NULL CHECK (tier IN ('standard', 'silver', 'gold', 'platinum')),
  consent INTEGER NOT NULL CHECK (consent IN (0, 1)),
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX customers_email ON customers (email);
CREATE INDEX customers_created ON customers (created_at, id);

CREATE TABLE orders (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE CHECK (number <> ''),
  customer_id TEXT NOT NULL REFERENCES customers (id),
  lines TEXT NOT NULL CHECK (json_valid(lines) AND json_type(lines) = 'array'),
  subtotal INTEGER NOT NULL CHECK (subtotal >= 0),
  shipping INTEGER NOT NULL CHECK (shipping >= 0),
  total INTEGER NOT NULL CHECK (total >= 0),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  status TEXT NOT NULL CHECK (status IN ('processing', 'shipped', 'delivered', 'delayed', 'returned', 'refunded', 'cancelled')),
  tracking_number TEXT,
  carrier TEXT,
  placed_at TEXT NOT NULL,
  shipped_at TEXT,
  delivered_at TEXT,
  estimated_delivery TEXT
) STRICT;
CREATE INDEX orders_customer ON orders (customer_id, placed_at DESC);

CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  channel TEXT NOT NULL CHECK (channel <> ''),
  customer_id TEXT REFERENCES customers (id),
  visitor_id TEXT NOT NULL CHECK (visitor_id <> ''),
  state TEXT NOT NULL CHECK (state IN ('bot', 'queued', 'agent', 'closed')),
  assigned_agent_id TEXT,
  last_seq INTEGER NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  closed_at TEXT
) STRICT;
CREATE INDEX conversations_state ON conversations (state, created_at, id);

CREATE TABLE tickets (
  id TEXT PRIMARY KEY,
  customer_id TEXT REFERENCES customers (id),
  email TEXT CHECK (email IS NULL OR (email LIKE '%_@_%._%' AND email NOT LIKE '%@%@%' AND instr(email, ' ') = 0)),
  conversation_id TEXT REFERENCES conversations (id),
  order_number TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('question', 'return', 'complaint', 'callback', 'other')),
  subject TEXT NOT NULL CHECK (subject <> ''),
  body TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'pending', 'solved', 'closed')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX tickets_customer ON tickets (customer_id, created_at DESC);

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  sender TEXT NOT NULL CHECK (sender IN ('customer', 'bot', 'agent', 'system')),
  sender_id TEXT,
  text TEXT NOT NULL,
  attachments TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(attachments) AND json_type(attachments) = 'array'),
  client_message_id TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (conversation_id, seq)
) STRICT;
-- Idempotent re-sends: one message per (conversation, client id); server messages have no client id.
CREATE UNIQUE INDEX messages_client_id ON messages (conversation_id, client_message_id)
  WHERE client_message_id IS NOT NULL;

CREATE TABLE escalations (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  reason TEXT NOT NULL CHECK (reason <> ''),
  priority INTEGER NOT NULL,
  packet TEXT NOT NULL CHECK (json_valid(packet)),
  status TEXT NOT NULL CHECK (status IN ('queued', 'assigned', 'resolved', 'handed_back', 'abandoned')),
  agent_id TEXT,
  team TEXT,
  created_at TEXT NOT NULL,
  assigned_at TEXT,
  resolved_at TEXT
) STRICT;
CREATE INDEX escalations_queue ON escalations (status, priority DESC, created_at, id);
CREATE INDEX escalations_conversation ON escalations (conversation_id, status);

CREATE TABLE intents (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (name <> ''),
  utterances TEXT NOT NULL CHECK (json_valid(utterances) AND json_type(utterances) = 'array'),
  responses TEXT NOT NULL CHECK (json_valid(responses) AND json_type(responses) = 'array'),
  settings TEXT NOT NULL CHECK (json_valid(settings) AND json_type(settings) = 'object'),
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE articles (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('article', 'faq')),
  title TEXT NOT NULL CHECK (title <> ''),
  body TEXT NOT NULL CHECK (body <> ''),
  alternatives TEXT NOT NULL CHECK (json_valid(alternatives) AND json_type(alternatives) = 'array'),
  tags TEXT NOT NULL CHECK (json_valid(tags) AND json_type(tags) = 'array'),
  locale TEXT NOT NULL CHECK (locale <> ''),
  published INTEGER NOT NULL CHECK (published IN (0, 1)),
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX articles_kind ON articles (kind, published);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE CHECK (email LIKE '%_@_%._%' AND email NOT LIKE '%@%@%' AND instr(email, ' ') = 0),
  name TEXT NOT NULL CHECK (name <> ''),
  role TEXT NOT NULL CHECK (role IN ('agent', 'admin')),
  password_hash TEXT NOT NULL CHECK (password_hash <> ''),
  skills TEXT NOT NULL CHECK (json_valid(skills) AND json_type(skills) = 'array'),
  capacity INTEGER NOT NULL CHECK (capacity >= 0),
  created_at TEXT NOT NULL
) STRICT;
`;

/*
 * Knowledge base: passage vectors stored with the content (a BLOB of little-endian float32, its
 * length checked against the dimension), and "did this help?" votes, one per answer. Neither refers to
 * articles by foreign key: vectors of a deleted article are pruned by the next index build, and votes
 * outlive the article they rated (analytics keeps the history).
 */
const knowledgeBase = `
CREATE TABLE passage_embeddings (
  model_id TEXT NOT NULL CHECK (model_id <> ''),
  article_id TEXT NOT NULL CHECK (article_id <> ''),
  passage_index INTEGER NOT NULL CHECK (passage_index >= 0),
  article_version INTEGER NOT NULL CHECK (article_version >= 1),
  text_hash TEXT NOT NULL,
  dimension INTEGER NOT NULL CHECK (dimension >= 1),
  vector BLOB NOT NULL CHECK (length(vector) = 4 * dimension),
  PRIMARY KEY (model_id, article_id, passage_index)
) STRICT;
CREATE INDEX passage_embeddings_article ON passage_embeddings (article_id);

CREATE TABLE answer_feedback (
  id TEXT PRIMARY KEY,
  answer_id TEXT NOT NULL UNIQUE CHECK (answer_id <> ''),
  article_id TEXT NOT NULL CHECK (article_id <> ''),
  helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
  conversation_id TEXT,
  query TEXT,
  comment TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX answer_feedback_article ON answer_feedback (article_id, updated_at DESC);
`;

/*
 * botbuilder state (ConversationState, UserState): one JSON object per storage key with an eTag that
 * changes on every write, for optimistic concurrency.
 */
const botState = `
CREATE TABLE bot_state (
  key TEXT PRIMARY KEY CHECK (key <> ''),
  data TEXT NOT NULL CHECK (json_valid(data) AND json_type(data) = 'object'),
  etag TEXT NOT NULL CHECK (etag <> ''),
  updated_at TEXT NOT NULL
) STRICT;
`;

/*
 * Console sign-in sessions: the id is a hash of the cookie's token (never the token), with a per-session
 * CSRF token; a session is live while expires_at is in the future (sliding expiry via touch).
 */
const authSessions = `
CREATE TABLE auth_sessions (
  id TEXT PRIMARY KEY CHECK (id <> ''),
  user_id TEXT NOT NULL CHECK (user_id <> ''),
  csrf_token TEXT NOT NULL CHECK (csrf_token <> ''),
  user_agent TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL CHECK (julianday(expires_at) IS NOT NULL),
  last_seen_at TEXT NOT NULL
) STRICT;
CREATE INDEX auth_sessions_user ON auth_sessions (user_id);
CREATE INDEX auth_sessions_expiry ON auth_sessions (expires_at);
`;

/* The agent console lists live conversations by most recent activity. */
const recentConversations = `
CREATE INDEX conversations_recent ON conversations (state, updated_at DESC, id DESC);
`;

/*
 * The admin side: an append-only audit log, versioned settings documents (bot settings, entity
 * definitions), one record per customer message of what the bot understood (analytics), users' own
 * optimistic-concurrency version, and createdAt indexes for the analytics' range scans.
 */
const admin = `
CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  actor_id TEXT,
  actor_email TEXT,
  action TEXT NOT NULL CHECK (action <> ''),
  entity_type TEXT NOT NULL CHECK (entity_type <> ''),
  entity_id TEXT,
  before TEXT NOT NULL CHECK (json_valid(before)),
  after TEXT NOT NULL CHECK (json_valid(after)),
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_created ON audit_log (created_at DESC, id DESC);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, created_at DESC);

CREATE TABLE settings (
  key TEXT PRIMARY KEY CHECK (key <> ''),
  value TEXT NOT NULL CHECK (json_valid(value) AND json_type(value) = 'object'),
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE turn_records (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL CHECK (conversation_id <> ''),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  text TEXT NOT NULL,
  language TEXT NOT NULL,
  intent TEXT NOT NULL CHECK (intent <> ''),
  score REAL NOT NULL,
  fallback INTEGER NOT NULL CHECK (fallback IN (0, 1)),
  answered_by TEXT NOT NULL CHECK (answered_by IN ('dialog', 'knowledge', 'fallback', 'human')),
  article_id TEXT,
  sentiment REAL NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (conversation_id, seq)
) STRICT;
CREATE INDEX turn_records_created ON turn_records (created_at, id);
CREATE INDEX turn_records_fallback ON turn_records (fallback, created_at);

ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);

CREATE INDEX conversations_created ON conversations (created_at, id);
CREATE INDEX escalations_created ON escalations (created_at, id);
`;

// The audit log filtered by entity, newest first: the order's tie-breaker (id) in the index too, so a
// page is read in index order with no sort, and an index for the type alone (one kind's history).
const auditEntityIndexes = `
DROP INDEX audit_log_entity;
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, created_at DESC, id DESC);
CREATE INDEX audit_log_entity_type ON audit_log (entity_type, created_at DESC, id DESC);
`;

/** The schema's history, oldest first. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: initialSchema },
  { version: 2, name: 'knowledge base: passage embeddings, answer feedback', sql: knowledgeBase },
  { version: 3, name: 'bot state', sql: botState },
  { version: 4, name: 'console sign-in sessions', sql: authSessions },
  { version: 5, name: 'index: recently active conversations', sql: recentConversations },
  { version: 6, name: 'admin: audit log, settings, turn records, user versions', sql: admin },
  { version: 7, name: 'index: audit log by entity in page order', sql: auditEntityIndexes },
];

export interface AppliedMigration {
  version: number;
  name: string;
  appliedAt: string;
}

/**
 * Applies every migration newer than the file's recorded version, each in its own IMMEDIATE
 * transaction together with its schema_migrations row, so a crash leaves either all of a
 * migration or none, and two processes starting at once cannot both apply the same version
 * (the second waits for the lock, then sees the row and skips). Returns the versions it applied.
 */
export function migrate(
  db: Db,
  migrations: readonly Migration[] = MIGRATIONS,
  now: () => Date = () => new Date(),
): number[] {
  assertOrdered(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const isApplied = db.prepare<[number], { version: number }>(
    'SELECT version FROM schema_migrations WHERE version = ?',
  );
  const record = db.prepare<[number, string, string]>(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  assertNotNewer(db, migrations);
  const applied: number[] = [];
  for (const migration of migrations) {
    immediate(db, () => {
      if (isApplied.get(migration.version)) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now().toISOString());
      applied.push(migration.version);
    });
  }
  return applied;
}

export function appliedMigrations(db: Db): AppliedMigration[] {
  return db
    .prepare<[], AppliedMigration>(
      'SELECT version, name, applied_at AS appliedAt FROM schema_migrations ORDER BY version',
    )
    .all();
}

/** A file written by a newer build must not be used by an older one (it would miss columns/rules). */
function assertNotNewer(db: Db, migrations: readonly Migration[]): void {
  const known = migrations.length ? migrations[migrations.length - 1].version : 0;
  const row = db.prepare<[], { v: number | null }>('SELECT max(version) AS v FROM schema_migrations').get();
  if (row?.v != null && row.v > known) {
    throw new Error(
      `database schema version ${row.v} is newer than this build knows (${known}); upgrade Parley`,
    );
  }
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (!Number.isInteger(migration.version) || migration.version < 1) {
      throw new Error(`migration version must be a positive integer: ${migration.version}`);
    }
    const previous = migrations[index - 1];
    if (previous && previous.version >= migration.version) {
      throw new Error(`migrations out of order: ${previous.version} before ${migration.version}`);
    }
  });
}
