/**
 * Storage ports: one interface per aggregate. Every adapter (embedded SQLite, MongoDB) implements
 * these and passes the same contract suite (store/contract.ts). Dates are ISO-8601 strings at this
 * boundary so both adapters and the wire format agree without conversion.
 */

export type IsoDate = string;

export type CustomerTier = 'standard' | 'silver' | 'gold' | 'platinum';

export interface Customer {
  id: string;
  /** The id the company's own systems use (what the site signs for verified customers). */
  externalId: string;
  name: string;
  email: string;
  phone: string | null;
  tier: CustomerTier;
  /** Marketing/personalization consent as given by the customer. */
  consent: boolean;
  createdAt: IsoDate;
}

export type OrderStatus =
  'processing' | 'shipped' | 'delivered' | 'delayed' | 'returned' | 'refunded' | 'cancelled';

export interface OrderLine {
  sku: string;
  name: string;
  quantity: number;
  /** Unit price in minor units (cents). */
  unitPrice: number;
}

export interface Order {
  id: string;
  /** Human-facing order number, e.g. "A1042". Unique. */
  number: string;
  customerId: string;
  lines: OrderLine[];
  /** Totals in minor units. */
  subtotal: number;
  shipping: number;
  total: number;
  currency: string;
  status: OrderStatus;
  trackingNumber: string | null;
  carrier: string | null;
  placedAt: IsoDate;
  shippedAt: IsoDate | null;
  deliveredAt: IsoDate | null;
  estimatedDelivery: IsoDate | null;
}

export type TicketStatus = 'open' | 'pending' | 'solved' | 'closed';
export type TicketKind = 'question' | 'return' | 'complaint' | 'callback' | 'other';

export interface Ticket {
  id: string;
  customerId: string | null;
  /** Contact email when the customer is not known (e.g. "leave your email" with no agent online). */
  email: string | null;
  conversationId: string | null;
  orderNumber: string | null;
  kind: TicketKind;
  subject: string;
  body: string;
  status: TicketStatus;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

export type ConversationState = 'bot' | 'queued' | 'agent' | 'closed';

export interface Conversation {
  id: string;
  channel: string;
  /** Linked customer once verified; null for anonymous visitors. */
  customerId: string | null;
  /** Stable anonymous id of the browser/visitor that opened the conversation. */
  visitorId: string;
  state: ConversationState;
  assignedAgentId: string | null;
  /** Highest seq stored so far (0 when empty). */
  lastSeq: number;
  createdAt: IsoDate;
  updatedAt: IsoDate;
  closedAt: IsoDate | null;
}

export type Sender = 'customer' | 'bot' | 'agent' | 'system';

export interface Message {
  id: string;
  conversationId: string;
  /** 1, 2, 3… per conversation, no gaps, no duplicates. */
  seq: number;
  sender: Sender;
  /** Agent user id for agent messages; null otherwise. */
  senderId: string | null;
  text: string;
  /** Cards, suggested actions and other rich content, as JSON. */
  attachments: unknown[];
  /** Client-chosen id that makes re-sends idempotent. Null for server-originated messages. */
  clientMessageId: string | null;
  createdAt: IsoDate;
}

export type EscalationStatus = 'queued' | 'assigned' | 'resolved' | 'handed_back' | 'abandoned';

export interface Escalation {
  id: string;
  conversationId: string;
  reason: string;
  priority: number;
  /** The packet an agent receives (summary, entities, profile…), as JSON. */
  packet: unknown;
  status: EscalationStatus;
  agentId: string | null;
  team: string | null;
  createdAt: IsoDate;
  assignedAt: IsoDate | null;
  resolvedAt: IsoDate | null;
}

export interface IntentSettings {
  /** Per-intent override of the calibrated confidence threshold. */
  threshold?: number;
  /** Always hand conversations with this intent to a human. */
  alwaysHuman?: boolean;
  /** Category, used for routing to a team. */
  category?: string;
}

export interface Intent {
  id: string;
  /** Unique machine name, e.g. "order.status". */
  name: string;
  utterances: string[];
  /** Response variants; one is chosen per answer. */
  responses: string[];
  settings: IntentSettings;
  version: number;
  updatedAt: IsoDate;
}

export type ArticleKind = 'article' | 'faq';

export interface Article {
  id: string;
  kind: ArticleKind;
  /** Title for articles; the question for FAQs. */
  title: string;
  /** Markdown body for articles; the answer for FAQs. */
  body: string;
  /** Alternative phrasings of a FAQ's question. */
  alternatives: string[];
  tags: string[];
  locale: string;
  published: boolean;
  version: number;
  updatedAt: IsoDate;
}

export type UserRole = 'agent' | 'admin';

export interface User {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  passwordHash: string;
  skills: string[];
  /** Concurrent chats this user can take. */
  capacity: number;
  /** Starts at 1; + 1 on every update. */
  version: number;
  createdAt: IsoDate;
}

/** Fields the store fills in itself. */
export type NewCustomer = Omit<Customer, 'id' | 'createdAt'> & { id?: string; createdAt?: IsoDate };
export type NewOrder = Omit<Order, 'id'> & { id?: string };
export type NewTicket = Omit<Ticket, 'id' | 'createdAt' | 'updatedAt' | 'status'> & {
  id?: string;
  status?: TicketStatus;
};
export type NewConversation = Pick<Conversation, 'channel' | 'visitorId'> &
  Partial<Pick<Conversation, 'id' | 'customerId'>>;
export type NewMessage = Pick<Message, 'conversationId' | 'sender' | 'text'> &
  Partial<Pick<Message, 'senderId' | 'attachments' | 'clientMessageId'>>;
export type NewEscalation = Pick<Escalation, 'conversationId' | 'reason' | 'priority' | 'packet'> &
  Partial<Pick<Escalation, 'team'>>;
export type NewIntent = Pick<Intent, 'name' | 'utterances' | 'responses'> & Partial<Pick<Intent, 'settings'>>;
export type NewArticle = Pick<Article, 'kind' | 'title' | 'body'> &
  Partial<Pick<Article, 'id' | 'alternatives' | 'tags' | 'locale' | 'published'>>;
export type NewUser = Omit<User, 'id' | 'createdAt' | 'version'>;

export interface AppendResult {
  message: Message;
  /** False when a message with the same (conversation, clientMessageId) already existed. */
  created: boolean;
}

export interface CustomerRepository {
  create(input: NewCustomer): Promise<Customer>;
  get(id: string): Promise<Customer | null>;
  getByExternalId(externalId: string): Promise<Customer | null>;
  getByEmail(email: string): Promise<Customer | null>;
  update(
    id: string,
    patch: Partial<Pick<Customer, 'name' | 'email' | 'phone' | 'tier' | 'consent'>>,
  ): Promise<Customer>;
  list(options?: { limit?: number; offset?: number }): Promise<Customer[]>;
  count(): Promise<number>;
}

export interface OrderRepository {
  create(input: NewOrder): Promise<Order>;
  get(id: string): Promise<Order | null>;
  getByNumber(number: string): Promise<Order | null>;
  /** Newest first. */
  listByCustomer(customerId: string, options?: { limit?: number }): Promise<Order[]>;
  updateStatus(id: string, status: OrderStatus): Promise<Order>;
  count(): Promise<number>;
}

export interface TicketRepository {
  create(input: NewTicket): Promise<Ticket>;
  get(id: string): Promise<Ticket | null>;
  listByCustomer(customerId: string, options?: { status?: TicketStatus[] }): Promise<Ticket[]>;
  updateStatus(id: string, status: TicketStatus): Promise<Ticket>;
}

export interface ConversationRepository {
  create(input: NewConversation): Promise<Conversation>;
  get(id: string): Promise<Conversation | null>;
  /** Compare-and-set on state: returns null when the current state is not one of `from`. */
  transition(
    id: string,
    from: ConversationState[],
    to: ConversationState,
    patch?: { assignedAgentId?: string | null },
  ): Promise<Conversation | null>;
  linkCustomer(id: string, customerId: string): Promise<Conversation>;
  listByState(state: ConversationState, options?: { limit?: number }): Promise<Conversation[]>;
  /** Conversations in `state`, most recently active first (updatedAt descending, then id), at most `limit`. */
  listRecent(state: ConversationState, options?: { limit?: number }): Promise<Conversation[]>;
  /** Conversations with from ≤ createdAt < to, oldest first, at most `limit` (default 10 000). */
  listBetween(from: IsoDate, to: IsoDate, options?: { limit?: number }): Promise<Conversation[]>;
}

export interface MessageRepository {
  /**
   * Stores a message with the next seq of its conversation. Idempotent on
   * (conversationId, clientMessageId): a repeat returns the stored message with created=false.
   * Throws StoreError('not_found') for an unknown conversation.
   */
  append(input: NewMessage): Promise<AppendResult>;
  /** Messages with seq > afterSeq, ascending, at most `limit` (default 500). */
  listAfter(conversationId: string, afterSeq: number, limit?: number): Promise<Message[]>;
  getByClientId(conversationId: string, clientMessageId: string): Promise<Message | null>;
}

export interface EscalationRepository {
  create(input: NewEscalation): Promise<Escalation>;
  get(id: string): Promise<Escalation | null>;
  /** Atomic claim: succeeds for exactly one caller while status is "queued". */
  claim(id: string, agentId: string): Promise<Escalation | null>;
  updateStatus(
    id: string,
    status: EscalationStatus,
    patch?: { agentId?: string | null; team?: string | null },
  ): Promise<Escalation>;
  listByStatus(status: EscalationStatus[], options?: { limit?: number }): Promise<Escalation[]>;
  getOpenForConversation(conversationId: string): Promise<Escalation | null>;
  /** Escalations with from ≤ createdAt < to, oldest first, at most `limit` (default 10 000). */
  listBetween(from: IsoDate, to: IsoDate, options?: { limit?: number }): Promise<Escalation[]>;
}

export interface IntentRepository {
  create(input: NewIntent): Promise<Intent>;
  get(id: string): Promise<Intent | null>;
  getByName(name: string): Promise<Intent | null>;
  list(): Promise<Intent[]>;
  /**
   * Optimistic concurrency: applies the patch only when the stored version equals
   * `expectedVersion`; otherwise throws StoreError('conflict').
   */
  update(
    id: string,
    expectedVersion: number,
    patch: Partial<Pick<Intent, 'name' | 'utterances' | 'responses' | 'settings'>>,
  ): Promise<Intent>;
  /**
   * StoreError('not_found') for an unknown id. With `expectedVersion`, deletes only when the stored
   * version equals it (compare and delete are one atomic step), else StoreError('conflict') and nothing
   * is deleted; without it, deletes whatever version is stored.
   */
  delete(id: string, expectedVersion?: number): Promise<void>;
  count(): Promise<number>;
}

export interface ArticleRepository {
  create(input: NewArticle): Promise<Article>;
  get(id: string): Promise<Article | null>;
  list(options?: { kind?: ArticleKind; publishedOnly?: boolean }): Promise<Article[]>;
  update(
    id: string,
    expectedVersion: number,
    patch: Partial<Pick<Article, 'title' | 'body' | 'alternatives' | 'tags' | 'locale' | 'published'>>,
  ): Promise<Article>;
  /** As IntentRepository.delete: versioned when `expectedVersion` is given (else StoreError('conflict')). */
  delete(id: string, expectedVersion?: number): Promise<void>;
  count(): Promise<number>;
  /**
   * Bulk import, all or nothing: every row is checked (shape, duplicate ids within `rows`) before
   * anything is written, and the writes happen in one transaction where the adapter has them
   * (SQLite). A row whose id exists is updated (version + 1) only when some field differs; equal rows
   * are left untouched (version kept). With `replaceAll`, stored articles absent from `rows` are deleted.
   * Throws StoreError('duplicate') for an id repeated in `rows`, StoreError('invalid') naming the first
   * bad row (`rows[i]` and its id); then nothing has been written.
   */
  importMany(rows: ArticleImportRow[], options?: { replaceAll?: boolean }): Promise<ArticleImportResult>;
}

/** One row of ArticleRepository.importMany: a NewArticle whose id is required. */
export type ArticleImportRow = NewArticle & { id: string };

export interface ArticleImportResult {
  /** Ids, in input order (deleted: sorted). */
  created: string[];
  updated: string[];
  unchanged: string[];
  deleted: string[];
}

/**
 * The sentence vector of one passage of an article, stored with the content so an index can start
 * without recomputing it. Keyed by (articleId, modelId, passageIndex); articleVersion and textHash say
 * what the vector was computed from, so a reader can tell a stale vector from a current one.
 */
export interface PassageEmbedding {
  articleId: string;
  /** Version of the article the passage was cut from. */
  articleVersion: number;
  /** 0-based position of the passage within the article. */
  passageIndex: number;
  /** The embedding model (and variant) that produced the vector. */
  modelId: string;
  /** Fingerprint of the embedded text (any short string the writer chooses, e.g. a hash prefix). */
  textHash: string;
  vector: Float32Array;
}

export interface PassageEmbeddingRepository {
  /**
   * Replaces every stored vector of `articleId` under `modelId` by `rows`, atomically where the adapter
   * has transactions. Every row must carry that articleId and modelId, distinct passage indexes, and
   * vectors of one non-zero length with finite values; otherwise StoreError('invalid') and no change.
   */
  replaceForArticle(articleId: string, modelId: string, rows: PassageEmbedding[]): Promise<void>;
  /** replaceForArticle for many articles in one write (one transaction on SQLite). */
  replaceMany(modelId: string, groups: { articleId: string; rows: PassageEmbedding[] }[]): Promise<void>;
  /** Every vector of one model, ordered by article id then passage index. */
  listByModel(modelId: string): Promise<PassageEmbedding[]>;
  listForArticle(articleId: string, modelId: string): Promise<PassageEmbedding[]>;
  /** Removes an article's vectors under every model; returns how many were removed (0 is fine). */
  deleteForArticle(articleId: string): Promise<number>;
  count(modelId?: string): Promise<number>;
}

/** "Did this help?" for one knowledge-base answer. One vote per answerId; a later vote replaces it. */
export interface AnswerFeedback {
  id: string;
  /** The id the knowledge base gave the answer. */
  answerId: string;
  /** The article or FAQ that answered. */
  articleId: string;
  helpful: boolean;
  conversationId: string | null;
  /** What the customer asked, for reviewing unhelpful answers. */
  query: string | null;
  comment: string | null;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

export type NewAnswerFeedback = Pick<AnswerFeedback, 'answerId' | 'articleId' | 'helpful'> &
  Partial<Pick<AnswerFeedback, 'id' | 'conversationId' | 'query' | 'comment'>>;

/** Votes for one article or FAQ. */
export interface ArticleHelpfulness {
  articleId: string;
  helpful: number;
  notHelpful: number;
  total: number;
  /** Latest vote (updatedAt) counted. */
  lastVoteAt: IsoDate;
}

export interface AnswerFeedbackRepository {
  /**
   * Stores a vote. A second vote for the same answerId replaces helpful/comment (created=false) and
   * keeps createdAt; it must name the same articleId, else StoreError('conflict').
   */
  record(input: NewAnswerFeedback): Promise<{ feedback: AnswerFeedback; created: boolean }>;
  getByAnswer(answerId: string): Promise<AnswerFeedback | null>;
  /** Newest first (updatedAt), at most `limit` (default 100); `helpful` filters by vote. */
  listByArticle(
    articleId: string,
    options?: { limit?: number; helpful?: boolean },
  ): Promise<AnswerFeedback[]>;
  /** Votes per article (those with votes only), most votes first, then article id. `since`: updatedAt ≥ since. */
  helpfulness(options?: { since?: IsoDate; articleId?: string }): Promise<ArticleHelpfulness[]>;
}

export interface UserRepository {
  create(input: NewUser): Promise<User>;
  get(id: string): Promise<User | null>;
  getByEmail(email: string): Promise<User | null>;
  list(): Promise<User[]>;
  count(): Promise<number>;
  /**
   * Optimistic concurrency on `version`, as for intents; StoreError('not_found') for an unknown id.
   * A patch that takes the role away from the only admin throws StoreError('last_admin') and changes
   * nothing; the check is atomic with the write, so of concurrent demotions of the last two admins
   * exactly one succeeds.
   */
  update(
    id: string,
    expectedVersion: number,
    patch: Partial<Pick<User, 'email' | 'name' | 'role' | 'passwordHash' | 'skills' | 'capacity'>>,
  ): Promise<User>;
  /**
   * StoreError('not_found') for an unknown id; StoreError('last_admin') (nothing deleted) for the only
   * admin, atomically as for update. With `expectedVersion`, versioned as IntentRepository.delete
   * (StoreError('conflict'), nothing deleted, when the stored version differs).
   */
  delete(id: string, expectedVersion?: number): Promise<void>;
}

/**
 * One botbuilder state document (a conversation's dialog state, a user's profile), kept as a JSON object
 * with an eTag that changes on every write. Keys are botbuilder storage keys, e.g. "web/conversations/c1".
 */
export interface BotStateEntry {
  key: string;
  data: Record<string, unknown>;
  eTag: string;
  updatedAt: IsoDate;
}

export interface BotStateRepository {
  /** The entries that exist among `keys`, in no particular order (missing keys are simply absent). */
  read(keys: string[]): Promise<BotStateEntry[]>;
  /**
   * Saves `data` under `key` with a fresh eTag. `expectedETag` undefined or "*" writes unconditionally;
   * any other value writes only when the stored entry has that eTag, else StoreError('conflict'). A key
   * that does not exist yet is created whatever the expected eTag (botbuilder's MemoryStorage rule).
   * `json`, when the caller already has it, is exactly `JSON.stringify(data)` (spares serializing twice).
   */
  write(
    key: string,
    data: Record<string, unknown>,
    expectedETag?: string,
    json?: string,
  ): Promise<BotStateEntry>;
  /** Removes the entries; unknown keys are ignored. */
  delete(keys: string[]): Promise<void>;
}

/**
 * A signed-in console session. `id` is a hash of the token in the browser's cookie (the token itself is
 * never stored), so a copy of the database cannot be replayed as a cookie.
 */
export interface AuthSession {
  id: string;
  userId: string;
  /** Per-session anti-CSRF token the console sends back in a header on every state change. */
  csrfToken: string;
  userAgent: string | null;
  createdAt: IsoDate;
  expiresAt: IsoDate;
  lastSeenAt: IsoDate;
}

export type NewAuthSession = Pick<AuthSession, 'id' | 'userId' | 'csrfToken' | 'expiresAt'> &
  Partial<Pick<AuthSession, 'userAgent'>>;

export interface AuthSessionRepository {
  /** StoreError('duplicate') for an id that exists, ('invalid') for an unparseable expiresAt. */
  create(input: NewAuthSession): Promise<AuthSession>;
  /** The session while it has not expired (by the store's clock); null when missing or expired. */
  get(id: string): Promise<AuthSession | null>;
  /** Sliding expiry: sets expiresAt and lastSeenAt=now on a live session; null when missing or expired. */
  touch(id: string, expiresAt: IsoDate): Promise<AuthSession | null>;
  /** True when a session was removed. */
  delete(id: string): Promise<boolean>;
  /** Signs a user out everywhere; returns how many sessions were removed. */
  deleteForUser(userId: string): Promise<number>;
  /** Removes sessions whose expiry has passed; returns how many. */
  deleteExpired(): Promise<number>;
}

/** One change made through the admin side: who, what, when, with the record before and after. */
export interface AuditEntry {
  id: string;
  /** The user who made the change (null for the system, e.g. the first-start bootstrap). */
  actorId: string | null;
  actorEmail: string | null;
  /** Dotted verb, e.g. "intent.update", "article.delete", "model.deploy", "model.rollback". */
  action: string;
  /** What kind of record changed: "intent", "article", "settings", "user", "model", … */
  entityType: string;
  entityId: string | null;
  /** JSON-serializable snapshots; null where there is no before (create) or after (delete). */
  before: unknown;
  after: unknown;
  createdAt: IsoDate;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'createdAt'>;

/** A place in the audit log's order: the (createdAt, id) of an entry, e.g. the last of a page. */
export type AuditPosition = Pick<AuditEntry, 'createdAt' | 'id'>;

export interface AuditLogRepository {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /**
   * Newest first (createdAt desc, then id desc), at most `limit` (default 100). `after` continues a
   * page strictly after its last entry (pass that entry): entries sharing its createdAt are neither
   * skipped nor repeated, which paging by time alone cannot promise. `before` keeps only entries
   * strictly older than a time.
   */
  list(options?: {
    limit?: number;
    after?: AuditPosition;
    before?: IsoDate;
    entityType?: string;
    entityId?: string;
  }): Promise<AuditEntry[]>;
}

/**
 * A versioned JSON document by key: bot settings ("bot"), entity definitions ("entities"), and the
 * like. Optimistic concurrency as for intents.
 */
export interface SettingsDocument {
  key: string;
  value: Record<string, unknown>;
  version: number;
  updatedAt: IsoDate;
}

export interface SettingsRepository {
  get(key: string): Promise<SettingsDocument | null>;
  /**
   * Writes `value`; version becomes expectedVersion + 1. expectedVersion 0 creates the document and
   * throws StoreError('conflict') when it exists; any other value must equal the stored version, else
   * StoreError('conflict') (also when the document does not exist).
   */
  put(key: string, value: Record<string, unknown>, expectedVersion: number): Promise<SettingsDocument>;
}

/** What the bot understood and did with one customer message (for analytics and the review of misses). */
export interface TurnRecord {
  id: string;
  conversationId: string;
  /** Seq of the customer message. */
  seq: number;
  text: string;
  language: string;
  /** Top intent, or "none". */
  intent: string;
  score: number;
  /** Nothing understood or answered (the bot asked to rephrase or offered topics). */
  fallback: boolean;
  /** Who answered: a dialog, the knowledge base, the fallback, or nobody because a person owns the chat. */
  answeredBy: 'dialog' | 'knowledge' | 'fallback' | 'human';
  /** The article or FAQ that answered, when the knowledge base did. */
  articleId: string | null;
  sentiment: number;
  createdAt: IsoDate;
}

export type NewTurnRecord = Omit<TurnRecord, 'id' | 'createdAt'> & Partial<Pick<TurnRecord, 'createdAt'>>;

export interface TurnRecordRepository {
  /** Idempotent on (conversationId, seq): a repeat replaces the stored record. */
  record(input: NewTurnRecord): Promise<TurnRecord>;
  /** Records with from ≤ createdAt < to, oldest first, at most `limit` (default 10 000). */
  listBetween(
    from: IsoDate,
    to: IsoDate,
    options?: { fallbackOnly?: boolean; limit?: number },
  ): Promise<TurnRecord[]>;
}

/** The whole store: what the composition root builds and passes down. */
export interface Store {
  readonly kind: 'sqlite' | 'mongodb';
  customers: CustomerRepository;
  orders: OrderRepository;
  tickets: TicketRepository;
  conversations: ConversationRepository;
  messages: MessageRepository;
  escalations: EscalationRepository;
  intents: IntentRepository;
  articles: ArticleRepository;
  /** Knowledge-base passage vectors (see PassageEmbedding). */
  passageEmbeddings: PassageEmbeddingRepository;
  /** "Did this help?" votes on knowledge-base answers. */
  answerFeedback: AnswerFeedbackRepository;
  /** botbuilder ConversationState/UserState documents (see BotStateEntry). */
  botState: BotStateRepository;
  users: UserRepository;
  /** Console sign-in sessions (see AuthSession). */
  authSessions: AuthSessionRepository;
  /** Every admin change (see AuditEntry). */
  auditLog: AuditLogRepository;
  /** Versioned settings documents (see SettingsDocument). */
  settings: SettingsRepository;
  /** What the bot understood per customer message (see TurnRecord). */
  turnRecords: TurnRecordRepository;
  /**
   * Group commit: the writes `work` starts are committed together where the adapter can (SQLite: one
   * IMMEDIATE transaction around them; each write still succeeds or fails on its own, as a savepoint).
   * Only writes started synchronously inside `work` are grouped (every adapter method starts its work
   * before returning its promise). Their promises settle after the commit. Optional: absent (MongoDB),
   * callers just run the writes.
   */
  batchWrites?<T>(work: () => T): T;
  /** Cheap round trip used by /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `last_admin`: the write would leave the store without an admin (UserRepository.update/delete), a
 * refusal the server words as a 409, not a version conflict.
 */
export type StoreErrorCode = 'not_found' | 'conflict' | 'duplicate' | 'invalid' | 'last_admin';

/** The one error type adapters throw; the server maps codes to HTTP statuses. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
