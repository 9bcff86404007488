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
  | 'processing'
  | 'shipped'
  | 'delivered'
  | 'delayed'
  | 'returned'
  | 'refunded'
  | 'cancelled';

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
export type NewUser = Omit<User, 'id' | 'createdAt'>;

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
  update(id: string, patch: Partial<Pick<Customer, 'name' | 'email' | 'phone' | 'tier' | 'consent'>>): Promise<Customer>;
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
  updateStatus(id: string, status: EscalationStatus, patch?: { agentId?: string | null; team?: string | null }): Promise<Escalation>;
  listByStatus(status: EscalationStatus[], options?: { limit?: number }): Promise<Escalation[]>;
  getOpenForConversation(conversationId: string): Promise<Escalation | null>;
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
  update(id: string, expectedVersion: number, patch: Partial<Pick<Intent, 'name' | 'utterances' | 'responses' | 'settings'>>): Promise<Intent>;
  delete(id: string): Promise<void>;
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
  delete(id: string): Promise<void>;
  count(): Promise<number>;
}

export interface UserRepository {
  create(input: NewUser): Promise<User>;
  get(id: string): Promise<User | null>;
  getByEmail(email: string): Promise<User | null>;
  list(): Promise<User[]>;
  count(): Promise<number>;
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
  users: UserRepository;
  /** Cheap round trip used by /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type StoreErrorCode = 'not_found' | 'conflict' | 'duplicate' | 'invalid';

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
