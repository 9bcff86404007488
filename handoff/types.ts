/**
 * The handoff module's vocabulary: reason codes, the escalation packet an agent receives, agent and
 * queue views, and the narrow channels it talks through (to the customer, to the agents). Nothing here
 * depends on a transport: the server's socket namespaces implement the channels.
 */
import type {
  CustomerTier,
  EscalationStatus,
  IsoDate,
  Message,
  OrderStatus,
  TicketKind,
  TicketStatus,
} from '../store';

/** Why a conversation went to a person. Every trigger has exactly one code. */
export type ReasonCode =
  | 'customer_request'
  | 'repeated_fallback'
  | 'negative_sentiment'
  | 'sentiment_falling'
  | 'always_human'
  | 'high_value_customer'
  | 'high_risk_customer'
  | 'agent_takeover'
  | 'dialog';

export const REASON_LABELS: Readonly<Record<ReasonCode, string>> = {
  customer_request: 'Asked for a person',
  repeated_fallback: 'Bot did not understand (repeatedly)',
  negative_sentiment: 'Customer is upset',
  sentiment_falling: 'Mood falling fast',
  always_human: 'Topic always handled by a person',
  high_value_customer: 'High-value customer',
  high_risk_customer: 'High-risk customer',
  agent_takeover: 'Taken over by an agent',
  dialog: 'Bot could not finish the task',
};

/** A decision to escalate: the code, a detail for people ("always_human:legal.complaint"), and urgency. */
export interface Trigger {
  reason: ReasonCode;
  /** The dialog's or policy's own wording, e.g. `always_human:account.close`, `fallbacks:3`. */
  detail: string;
  /** Added to the base priority of the reason (tier, mood and wait are added by the queue). */
  boost?: number;
}

export interface PacketEntity {
  type: string;
  text: string;
  value: unknown;
  /** How often it was mentioned. */
  count: number;
}

export interface PacketIntent {
  intent: string;
  /** Highest confidence seen for it. */
  confidence: number;
  count: number;
}

export interface PacketSentiment {
  /** Customer message scores in [−1, 1], oldest first. */
  scores: number[];
  average: number;
  trend: number;
  fallingFast: boolean;
  last: number;
  /** The customer showed frustration in at least one message. */
  frustration: boolean;
}

export interface PacketOrder {
  number: string;
  status: OrderStatus;
  total: number;
  currency: string;
  placedAt: IsoDate;
}

export interface PacketTicket {
  id: string;
  subject: string;
  kind: TicketKind;
  status: TicketStatus;
  createdAt: IsoDate;
}

export interface PacketCustomer {
  id: string;
  name: string;
  email: string;
  tier: CustomerTier;
  /** Sum of the totals of orders that were not cancelled or refunded, in minor units. */
  lifetimeValue: number;
  currency: string;
  orderCount: number;
  /** Newest first. */
  recentOrders: PacketOrder[];
  openTickets: PacketTicket[];
}

export interface BotAttempt {
  /** What the bot said (replies after the first customer message, newest last, trimmed). */
  answers: string[];
  /** Articles and FAQs it offered. */
  articles: { id: string | null; title: string; link: string | null }[];
  /** Notes from the dialog that escalated (e.g. "Most relevant order: A1042 (shipped)"). */
  notes: string[];
}

/** Everything an agent needs to take over without asking the customer again. */
export interface EscalationPacket {
  version: 1;
  conversationId: string;
  reason: ReasonCode;
  reasonDetail: string;
  reasonLabel: string;
  /** The customer's problem in one line. */
  problem: string;
  /** TextRank summary, at most three sentences ("Customer: …\nBot: …"). */
  summary: string;
  summarySentences: { speaker: 'customer' | 'agent' | 'bot'; text: string }[];
  entities: PacketEntity[];
  sentiment: PacketSentiment;
  intents: PacketIntent[];
  tried: BotAttempt;
  customer: PacketCustomer | null;
  /** Team (skill) the escalation is routed to, null for anyone. */
  team: string | null;
  /** Intent category that chose the team. */
  category: string | null;
  messageCount: number;
  /** When the customer's triggering message was stored; the wait is counted from here. */
  requestedAt: IsoDate;
  /** How long building this took (ms, wall clock from request to packet, reads included), for the ≤ 20 ms budget. */
  buildMs: number;
  /** Of which computing (summary, entities, mood, intents: CPU only, ms). */
  computeMs: number;
}

export type Presence = 'online' | 'away' | 'offline';

/** An agent as routing sees it. */
export interface AgentState {
  id: string;
  name: string;
  role: 'agent' | 'admin';
  skills: readonly string[];
  capacity: number;
  presence: Presence;
  /** Conversations this agent owns right now. */
  activeChats: number;
  /** Last time an escalation was assigned to them (ms since epoch); least recently served wins ties. */
  lastAssignedAt: number;
}

/** An escalation as the console shows it. */
export interface EscalationView {
  id: string;
  conversationId: string;
  status: EscalationStatus;
  reason: ReasonCode;
  reasonLabel: string;
  priority: number;
  team: string | null;
  agentId: string | null;
  agentName: string | null;
  createdAt: IsoDate;
  assignedAt: IsoDate | null;
  /** 1-based position among queued escalations (null once assigned). */
  position: number | null;
  /** Milliseconds waited so far (from the triggering message). */
  waitedMs: number;
  packet: EscalationPacket;
}

/** What the customer is told about their place in the queue. */
export interface QueueStatus {
  conversationId: string;
  position: number;
  /** Seconds; null when nobody is online to estimate from. */
  estimatedWaitSeconds: number | null;
}

/** Bot Framework handoff event, as stored in the transcript (a `system` message). */
export type HandoffEventName = 'handoff.initiate' | 'handoff.status';
export type HandoffState = 'accepted' | 'failed' | 'completed' | 'transferred' | 'handed_back' | 'queued';

/**
 * How the handoff module reaches the customer. The composition root implements it on top of the
 * customer chat namespace (deliver = emit the stored message to the conversation's room).
 */
export interface CustomerChannel {
  /** Sends an already stored message to the customer. */
  deliver(message: Message): void | Promise<void>;
  /** A person is typing (or stopped). Optional: channels without typing indicators ignore it. */
  typing?(conversationId: string, typing: { active: boolean; name: string }): void;
  /** The customer's place in the queue changed. Optional (the stored message already says it once). */
  queueStatus?(status: QueueStatus): void;
}

/** Events the handoff module sends to agents; server/agents implements it with socket.io rooms. */
export interface AgentChannel {
  /** A new escalation is waiting (to every eligible online agent, or the one it was assigned to). */
  escalationNew(view: EscalationView, recipients: readonly string[] | 'all'): void;
  /** An escalation changed (claimed, transferred, resolved…): every console updates its inbox. */
  escalationUpdated(view: EscalationView): void;
  /** A stored message in a conversation agents watch (customer, agent, bot or system). */
  message(message: Message): void;
  /** The customer is typing. */
  customerTyping(conversationId: string, active: boolean): void;
  /** An agent's presence or load changed. */
  agentUpdated?(agent: AgentState): void;
}
