/** Stored documents → the plain port types: `_id` → `id`, BSON dates → ISO strings, no mongoose internals. */
import type {
  Article,
  Conversation,
  Customer,
  Escalation,
  Intent,
  Message,
  Order,
  Ticket,
  User,
} from '../ports';
import type {
  ArticleDoc,
  ConversationDoc,
  CustomerDoc,
  EscalationDoc,
  IntentDoc,
  MessageDoc,
  OrderDoc,
  TicketDoc,
  UserDoc,
} from './schemas';

const iso = (date: Date): string => date.toISOString();
const isoOrNull = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);
/** Plain copies of JSON-ish values, so callers never hold references into mongoose documents. */
const plain = <T>(value: T): T => (value === undefined ? value : structuredClone(value));

export const toCustomer = (doc: CustomerDoc): Customer => ({
  id: doc._id,
  externalId: doc.externalId,
  name: doc.name,
  email: doc.email,
  phone: doc.phone ?? null,
  tier: doc.tier,
  consent: doc.consent,
  createdAt: iso(doc.createdAt),
});

export const toOrder = (doc: OrderDoc): Order => ({
  id: doc._id,
  number: doc.number,
  customerId: doc.customerId,
  lines: (doc.lines ?? []).map((line) => ({
    sku: line.sku,
    name: line.name,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
  })),
  subtotal: doc.subtotal,
  shipping: doc.shipping,
  total: doc.total,
  currency: doc.currency,
  status: doc.status,
  trackingNumber: doc.trackingNumber ?? null,
  carrier: doc.carrier ?? null,
  placedAt: iso(doc.placedAt),
  shippedAt: isoOrNull(doc.shippedAt),
  deliveredAt: isoOrNull(doc.deliveredAt),
  estimatedDelivery: isoOrNull(doc.estimatedDelivery),
});

export const toTicket = (doc: TicketDoc): Ticket => ({
  id: doc._id,
  customerId: doc.customerId ?? null,
  email: doc.email ?? null,
  conversationId: doc.conversationId ?? null,
  orderNumber: doc.orderNumber ?? null,
  kind: doc.kind,
  subject: doc.subject,
  body: doc.body,
  status: doc.status,
  createdAt: iso(doc.createdAt),
  updatedAt: iso(doc.updatedAt),
});

export const toConversation = (doc: ConversationDoc): Conversation => ({
  id: doc._id,
  channel: doc.channel,
  customerId: doc.customerId ?? null,
  visitorId: doc.visitorId,
  state: doc.state,
  assignedAgentId: doc.assignedAgentId ?? null,
  lastSeq: doc.lastSeq,
  createdAt: iso(doc.createdAt),
  updatedAt: iso(doc.updatedAt),
  closedAt: isoOrNull(doc.closedAt),
});

export const toMessage = (doc: MessageDoc): Message => ({
  id: doc._id,
  conversationId: doc.conversationId,
  seq: doc.seq,
  sender: doc.sender,
  senderId: doc.senderId ?? null,
  text: doc.text,
  attachments: plain(doc.attachments ?? []),
  clientMessageId: doc.clientMessageId ?? null,
  createdAt: iso(doc.createdAt),
});

export const toEscalation = (doc: EscalationDoc): Escalation => ({
  id: doc._id,
  conversationId: doc.conversationId,
  reason: doc.reason,
  priority: doc.priority,
  packet: plain(doc.packet ?? null),
  status: doc.status,
  agentId: doc.agentId ?? null,
  team: doc.team ?? null,
  createdAt: iso(doc.createdAt),
  assignedAt: isoOrNull(doc.assignedAt),
  resolvedAt: isoOrNull(doc.resolvedAt),
});

export const toIntent = (doc: IntentDoc): Intent => ({
  id: doc._id,
  name: doc.name,
  utterances: [...(doc.utterances ?? [])],
  responses: [...(doc.responses ?? [])],
  settings: plain(doc.settings ?? {}),
  version: doc.version,
  updatedAt: iso(doc.updatedAt),
});

export const toArticle = (doc: ArticleDoc): Article => ({
  id: doc._id,
  kind: doc.kind,
  title: doc.title,
  body: doc.body,
  alternatives: [...(doc.alternatives ?? [])],
  tags: [...(doc.tags ?? [])],
  locale: doc.locale,
  published: doc.published,
  version: doc.version,
  updatedAt: iso(doc.updatedAt),
});

export const toUser = (doc: UserDoc): User => ({
  id: doc._id,
  email: doc.email,
  name: doc.name,
  role: doc.role,
  passwordHash: doc.passwordHash,
  skills: [...(doc.skills ?? [])],
  capacity: doc.capacity,
  version: doc.version ?? 1,
  createdAt: iso(doc.createdAt),
});
