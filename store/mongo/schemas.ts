/**
 * Mongoose schemas for every aggregate, free of any connection so they can be validated offline
 * (schemas.test.ts) and bound to a private Connection at runtime (models.ts).
 *
 * Ids are strings (`_id: String`) so a record has the same id shape as in SQLite. Validation
 * mirrors the SQLite CHECK constraints; the contract suite holds both adapters to the same rules.
 */
import { Schema } from 'mongoose';
import type {
  ArticleKind,
  ConversationState,
  CustomerTier,
  EscalationStatus,
  IntentSettings,
  OrderStatus,
  Sender,
  TicketKind,
  TicketStatus,
  TurnRecord,
  UserRole,
} from '../ports';
import { ANSWERED_BY } from '../internal/admin';
import { EMAIL_PATTERN } from '../internal/values';

export const CUSTOMER_TIERS: readonly CustomerTier[] = ['standard', 'silver', 'gold', 'platinum'];
export const ORDER_STATUSES: readonly OrderStatus[] = [
  'processing',
  'shipped',
  'delivered',
  'delayed',
  'returned',
  'refunded',
  'cancelled',
];
export const TICKET_STATUSES: readonly TicketStatus[] = ['open', 'pending', 'solved', 'closed'];
export const TICKET_KINDS: readonly TicketKind[] = ['question', 'return', 'complaint', 'callback', 'other'];
export const CONVERSATION_STATES: readonly ConversationState[] = ['bot', 'queued', 'agent', 'closed'];
export const SENDERS: readonly Sender[] = ['customer', 'bot', 'agent', 'system'];
export const ESCALATION_STATUSES: readonly EscalationStatus[] = [
  'queued',
  'assigned',
  'resolved',
  'handed_back',
  'abandoned',
];
export const ARTICLE_KINDS: readonly ArticleKind[] = ['article', 'faq'];
export const USER_ROLES: readonly UserRole[] = ['agent', 'admin'];

/** Stored documents (what `.lean()` returns). Dates are BSON dates; the port sees ISO strings. */
export interface CustomerDoc {
  _id: string;
  externalId: string;
  name: string;
  email: string;
  phone: string | null;
  tier: CustomerTier;
  consent: boolean;
  createdAt: Date;
}

export interface OrderLineDoc {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
}

export interface OrderDoc {
  _id: string;
  number: string;
  customerId: string;
  lines: OrderLineDoc[];
  subtotal: number;
  shipping: number;
  total: number;
  currency: string;
  status: OrderStatus;
  trackingNumber: string | null;
  carrier: string | null;
  placedAt: Date;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  estimatedDelivery: Date | null;
}

export interface TicketDoc {
  _id: string;
  customerId: string | null;
  email: string | null;
  conversationId: string | null;
  orderNumber: string | null;
  kind: TicketKind;
  subject: string;
  body: string;
  status: TicketStatus;
  createdAt: Date;
  updatedAt: Date;
}

export interface ConversationDoc {
  _id: string;
  channel: string;
  customerId: string | null;
  visitorId: string;
  state: ConversationState;
  assignedAgentId: string | null;
  lastSeq: number;
  /**
   * Client message ids of the latest appends (bounded). Seq allocation and the idempotency claim
   * happen in the same single-document update, so a re-send racing its original cannot take a
   * second seq (see messages.ts). Internal: never mapped to the port type.
   */
  recentClientMessageIds: string[];
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

export interface MessageDoc {
  _id: string;
  conversationId: string;
  seq: number;
  sender: Sender;
  senderId: string | null;
  text: string;
  attachments: unknown[];
  clientMessageId: string | null;
  createdAt: Date;
}

export interface EscalationDoc {
  _id: string;
  conversationId: string;
  reason: string;
  priority: number;
  packet: unknown;
  status: EscalationStatus;
  agentId: string | null;
  team: string | null;
  createdAt: Date;
  assignedAt: Date | null;
  resolvedAt: Date | null;
}

export interface IntentDoc {
  _id: string;
  name: string;
  utterances: string[];
  responses: string[];
  settings: IntentSettings;
  version: number;
  updatedAt: Date;
}

export interface ArticleDoc {
  _id: string;
  kind: ArticleKind;
  title: string;
  body: string;
  alternatives: string[];
  tags: string[];
  locale: string;
  published: boolean;
  version: number;
  updatedAt: Date;
}

export interface PassageEmbeddingDoc {
  /** `${modelId}\u0000${articleId}\u0000${passageIndex}`: one document per key, upserts stay idempotent. */
  _id: string;
  modelId: string;
  articleId: string;
  passageIndex: number;
  articleVersion: number;
  textHash: string;
  dimension: number;
  /** Little-endian float32 bytes (BSON Binary). */
  vector: Buffer;
}

export interface AnswerFeedbackDoc {
  _id: string;
  answerId: string;
  articleId: string;
  helpful: boolean;
  conversationId: string | null;
  query: string | null;
  comment: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface UserDoc {
  _id: string;
  email: string;
  name: string;
  role: UserRole;
  passwordHash: string;
  skills: string[];
  capacity: number;
  /** Absent on documents written before users had versions: read as 1. */
  version: number;
  createdAt: Date;
}

/** Snapshots are JSON text: they may carry keys MongoDB treats specially, and are only read back whole. */
export interface AuditEntryDoc {
  _id: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: string;
  after: string;
  createdAt: Date;
}

/** `_id` is the key; the value is JSON text (an admin-edited object, read back whole). */
export interface SettingsDoc {
  _id: string;
  value: string;
  version: number;
  updatedAt: Date;
}

export interface TurnRecordDoc {
  _id: string;
  conversationId: string;
  seq: number;
  text: string;
  language: string;
  intent: string;
  score: number;
  fallback: boolean;
  answeredBy: TurnRecord['answeredBy'];
  articleId: string | null;
  sentiment: number;
  createdAt: Date;
}

/*
 * versionKey: our own `version` field is the optimistic-concurrency token, no `__v`.
 * minimize: keep `{}` (intent settings, packets) instead of dropping empty objects.
 * id: no `id` virtual; mappers produce the port's `id` from `_id`.
 */
const options = (collection: string) =>
  ({ collection, versionKey: false, minimize: false, id: false }) as const;

// Fresh objects per path: mongoose keeps the option objects it is given.
const integer = () => ({ validator: Number.isInteger, message: '{PATH} must be an integer, got {VALUE}' });
const requiredString = () => ({ type: String, required: true });
const nullableString = () => ({ type: String, default: null });
const nullableDate = () => ({ type: Date, default: null });
const money = () => ({ type: Number, required: true, min: 0, validate: integer() });
const emailFormat = (): [RegExp, string] => [EMAIL_PATTERN, '{PATH} is not a valid email: {VALUE}'];
const stringArray = () => ({ type: [String], default: (): string[] => [] });
const enumOf = <T extends string>(values: readonly T[]) => ({
  type: String,
  required: true,
  enum: [...values],
});

export const customerSchema = new Schema<CustomerDoc>(
  {
    _id: requiredString(),
    externalId: { ...requiredString(), unique: true },
    name: requiredString(),
    email: { type: String, required: true, lowercase: true, trim: true, match: emailFormat(), index: true },
    phone: nullableString(),
    tier: enumOf(CUSTOMER_TIERS),
    consent: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
  },
  options('customers'),
);
customerSchema.index({ createdAt: 1, _id: 1 });

const orderLineSchema = new Schema<OrderLineDoc>(
  {
    sku: requiredString(),
    name: requiredString(),
    quantity: { type: Number, required: true, min: 1, validate: integer() },
    unitPrice: money(),
  },
  { _id: false, versionKey: false },
);

export const orderSchema = new Schema<OrderDoc>(
  {
    _id: requiredString(),
    number: { ...requiredString(), unique: true },
    customerId: requiredString(),
    lines: { type: [orderLineSchema], default: [] },
    subtotal: money(),
    shipping: money(),
    total: money(),
    currency: { type: String, required: true, minlength: 3, maxlength: 3 },
    status: enumOf(ORDER_STATUSES),
    trackingNumber: nullableString(),
    carrier: nullableString(),
    placedAt: { type: Date, required: true },
    shippedAt: nullableDate(),
    deliveredAt: nullableDate(),
    estimatedDelivery: nullableDate(),
  },
  options('orders'),
);
orderSchema.index({ customerId: 1, placedAt: -1, _id: -1 });

export const ticketSchema = new Schema<TicketDoc>(
  {
    _id: requiredString(),
    customerId: nullableString(),
    email: { type: String, default: null, lowercase: true, trim: true, match: emailFormat() },
    conversationId: nullableString(),
    orderNumber: nullableString(),
    kind: enumOf(TICKET_KINDS),
    subject: requiredString(),
    // Any string, including '' (a callback request may have no body); only absence is invalid.
    body: {
      type: String,
      required: [
        function (this: TicketDoc) {
          return typeof this.body !== 'string';
        },
        'body is required',
      ],
    },
    status: enumOf(TICKET_STATUSES),
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  options('tickets'),
);
ticketSchema.index({ customerId: 1, createdAt: -1, _id: -1 });

export const conversationSchema = new Schema<ConversationDoc>(
  {
    _id: requiredString(),
    channel: requiredString(),
    customerId: nullableString(),
    visitorId: requiredString(),
    state: enumOf(CONVERSATION_STATES),
    assignedAgentId: nullableString(),
    lastSeq: { type: Number, required: true, default: 0, min: 0, validate: integer() },
    recentClientMessageIds: stringArray(),
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    closedAt: nullableDate(),
  },
  options('conversations'),
);
conversationSchema.index({ state: 1, createdAt: 1, _id: 1 });
conversationSchema.index({ state: 1, updatedAt: -1, _id: -1 });
conversationSchema.index({ createdAt: 1, _id: 1 });

export const messageSchema = new Schema<MessageDoc>(
  {
    _id: requiredString(),
    conversationId: requiredString(),
    seq: { type: Number, required: true, min: 1, validate: integer() },
    sender: enumOf(SENDERS),
    senderId: nullableString(),
    // '' is a valid text (a message that is only a card); only absence is invalid.
    text: {
      type: String,
      required: [
        function (this: MessageDoc) {
          return typeof this.text !== 'string';
        },
        'text is required',
      ],
    },
    attachments: { type: [Schema.Types.Mixed], default: [] },
    clientMessageId: nullableString(),
    createdAt: { type: Date, required: true },
  },
  options('messages'),
);
messageSchema.index({ conversationId: 1, seq: 1 }, { unique: true });
// Partial: server-originated messages (clientMessageId null) never collide with each other.
messageSchema.index(
  { conversationId: 1, clientMessageId: 1 },
  { unique: true, partialFilterExpression: { clientMessageId: { $type: 'string' } } },
);

export const escalationSchema = new Schema<EscalationDoc>(
  {
    _id: requiredString(),
    conversationId: requiredString(),
    reason: requiredString(),
    priority: { type: Number, required: true, validate: integer() },
    packet: { type: Schema.Types.Mixed, default: null },
    status: enumOf(ESCALATION_STATUSES),
    agentId: nullableString(),
    team: nullableString(),
    createdAt: { type: Date, required: true },
    assignedAt: nullableDate(),
    resolvedAt: nullableDate(),
  },
  options('escalations'),
);
escalationSchema.index({ status: 1, priority: -1, createdAt: 1, _id: 1 });
escalationSchema.index({ conversationId: 1, status: 1, createdAt: -1 });
escalationSchema.index({ createdAt: 1, _id: 1 });

const plainObject = {
  validator: (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value),
  message: '{PATH} must be an object',
};

export const intentSchema = new Schema<IntentDoc>(
  {
    _id: requiredString(),
    name: { ...requiredString(), unique: true },
    utterances: stringArray(),
    responses: stringArray(),
    settings: { type: Schema.Types.Mixed, default: () => ({}), validate: plainObject },
    version: { type: Number, required: true, min: 1, validate: integer() },
    updatedAt: { type: Date, required: true },
  },
  options('intents'),
);

export const articleSchema = new Schema<ArticleDoc>(
  {
    _id: requiredString(),
    kind: enumOf(ARTICLE_KINDS),
    title: requiredString(),
    body: requiredString(),
    alternatives: stringArray(),
    tags: stringArray(),
    locale: { ...requiredString(), default: 'en' },
    published: { type: Boolean, required: true, default: true },
    version: { type: Number, required: true, min: 1, validate: integer() },
    updatedAt: { type: Date, required: true },
  },
  options('articles'),
);
articleSchema.index({ kind: 1, published: 1, title: 1 });

export const userSchema = new Schema<UserDoc>(
  {
    _id: requiredString(),
    email: { type: String, required: true, lowercase: true, trim: true, match: emailFormat(), unique: true },
    name: requiredString(),
    role: enumOf(USER_ROLES),
    passwordHash: requiredString(),
    skills: stringArray(),
    capacity: { type: Number, required: true, min: 0, validate: integer() },
    version: { type: Number, required: true, default: 1, min: 1, validate: integer() },
    createdAt: { type: Date, required: true },
  },
  options('users'),
);

/** Any string, including ''; only absence is invalid. */
const anyString = <T>(path: keyof T & string) => ({
  type: String,
  required: [
    function (this: T) {
      return typeof this[path] !== 'string';
    },
    `${path} is required`,
  ] as [() => boolean, string],
});

export const auditEntrySchema = new Schema<AuditEntryDoc>(
  {
    _id: requiredString(),
    actorId: nullableString(),
    actorEmail: nullableString(),
    action: requiredString(),
    entityType: requiredString(),
    entityId: nullableString(),
    before: requiredString(),
    after: requiredString(),
    createdAt: { type: Date, required: true },
  },
  options('audit_log'),
);
auditEntrySchema.index({ createdAt: -1, _id: -1 });
auditEntrySchema.index({ entityType: 1, entityId: 1, createdAt: -1 });

export const settingsSchema = new Schema<SettingsDoc>(
  {
    _id: requiredString(),
    value: requiredString(),
    version: { type: Number, required: true, min: 1, validate: integer() },
    updatedAt: { type: Date, required: true },
  },
  options('settings'),
);

export const turnRecordSchema = new Schema<TurnRecordDoc>(
  {
    _id: requiredString(),
    conversationId: requiredString(),
    seq: { type: Number, required: true, min: 1, validate: integer() },
    text: anyString<TurnRecordDoc>('text'),
    language: anyString<TurnRecordDoc>('language'),
    intent: requiredString(),
    score: { type: Number, required: true },
    fallback: { type: Boolean, required: true },
    answeredBy: enumOf(ANSWERED_BY),
    articleId: nullableString(),
    sentiment: { type: Number, required: true },
    createdAt: { type: Date, required: true },
  },
  options('turn_records'),
);
turnRecordSchema.index({ conversationId: 1, seq: 1 }, { unique: true });
turnRecordSchema.index({ createdAt: 1, _id: 1 });
turnRecordSchema.index({ fallback: 1, createdAt: 1 });

const byteLength = (value: unknown): number =>
  value instanceof Uint8Array ? value.byteLength : ((value as { length?: number } | null)?.length ?? 0);

export const passageEmbeddingSchema = new Schema<PassageEmbeddingDoc>(
  {
    _id: requiredString(),
    modelId: requiredString(),
    articleId: requiredString(),
    passageIndex: { type: Number, required: true, min: 0, validate: integer() },
    articleVersion: { type: Number, required: true, min: 1, validate: integer() },
    // '' is allowed (the writer chooses the fingerprint); only absence is invalid.
    textHash: {
      type: String,
      required: [
        function (this: PassageEmbeddingDoc) {
          return typeof this.textHash !== 'string';
        },
        'textHash is required',
      ],
    },
    dimension: { type: Number, required: true, min: 1, validate: integer() },
    vector: {
      type: Buffer,
      required: true,
      validate: {
        validator: (value: unknown) => byteLength(value) > 0 && byteLength(value) % 4 === 0,
        message: 'vector must be a non-empty whole number of float32 values',
      },
    },
  },
  options('passage_embeddings'),
);
passageEmbeddingSchema.index({ modelId: 1, articleId: 1, passageIndex: 1 }, { unique: true });
passageEmbeddingSchema.path('dimension').validate(function (this: PassageEmbeddingDoc, dimension: number) {
  return byteLength(this.vector) === 4 * dimension;
}, 'dimension must equal the vector length');
passageEmbeddingSchema.index({ articleId: 1 });

export const answerFeedbackSchema = new Schema<AnswerFeedbackDoc>(
  {
    _id: requiredString(),
    answerId: { ...requiredString(), unique: true },
    articleId: requiredString(),
    helpful: { type: Boolean, required: true },
    conversationId: nullableString(),
    query: nullableString(),
    comment: nullableString(),
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  options('answer_feedback'),
);
answerFeedbackSchema.index({ articleId: 1, updatedAt: -1 });

/** Model names and their schemas, in one place for models.ts and the offline schema tests. */
export const SCHEMAS = {
  Customer: customerSchema,
  Order: orderSchema,
  Ticket: ticketSchema,
  Conversation: conversationSchema,
  Message: messageSchema,
  Escalation: escalationSchema,
  Intent: intentSchema,
  Article: articleSchema,
  PassageEmbedding: passageEmbeddingSchema,
  AnswerFeedback: answerFeedbackSchema,
  User: userSchema,
  AuditEntry: auditEntrySchema,
  Settings: settingsSchema,
  TurnRecord: turnRecordSchema,
} as const;
