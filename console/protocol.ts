/**
 * The agent console protocol on the socket.io namespace `/agents` (authenticated by the session
 * cookie). Types and event names only, no runtime dependencies, so the browser bundle stays small;
 * the server validates payloads with zod (server/agents/schemas.ts).
 *
 * Belongs with the shared protocol (protocol/agents.ts) once the lead moves it; it imports nothing.
 */

export const AGENTS_NAMESPACE = '/agents';

export const AgentEvents = {
  // client → server, answered by acknowledgement { data } | { error }
  inbox: 'inbox:list',
  live: 'conversations:live',
  open: 'conversation:open',
  leave: 'conversation:leave',
  claim: 'escalation:claim',
  takeover: 'conversation:takeover',
  send: 'agent:message',
  typing: 'agent:typing',
  transfer: 'escalation:transfer',
  resolve: 'escalation:resolve',
  handBack: 'escalation:handback',
  status: 'agent:status',
  heartbeat: 'agent:heartbeat',
  suggest: 'suggestions:get',
  roster: 'agents:list',
  // server → client
  hello: 'agent:hello',
  escalationNew: 'escalation:new',
  escalationUpdated: 'escalation:updated',
  message: 'conversation:message',
  customerTyping: 'conversation:typing',
  agentUpdated: 'agent:updated',
  sessionEnded: 'session:ended',
} as const;

/** How often the console sends `agent:heartbeat`; three missed ones mark the agent offline. */
export const HEARTBEAT_INTERVAL_MS = 15_000;
export const MAX_AGENT_MESSAGE_CHARS = 2000;

export interface ErrorView {
  code: string;
  message: string;
}
export type AckView<T> = { data: T; error?: never } | { error: ErrorView; data?: never };
export type AckFn<T> = (response: AckView<T>) => void;

export type PresenceView = 'online' | 'away' | 'offline';
export type InboxScopeView = 'queued' | 'mine' | 'all';
export type EscalationStatusView = 'queued' | 'assigned' | 'resolved' | 'handed_back' | 'abandoned';
export type SenderView = 'customer' | 'bot' | 'agent' | 'system';

export interface AgentView {
  id: string;
  name: string;
  role: 'agent' | 'admin';
  skills: readonly string[];
  capacity: number;
  presence: PresenceView;
  activeChats: number;
}

export interface PacketView {
  reason: string;
  reasonDetail: string;
  reasonLabel: string;
  problem: string;
  summary: string;
  summarySentences: { speaker: 'customer' | 'agent' | 'bot'; text: string }[];
  entities: { type: string; text: string; value: unknown; count: number }[];
  sentiment: {
    scores: number[];
    average: number;
    trend: number;
    fallingFast: boolean;
    last: number;
    frustration: boolean;
  };
  intents: { intent: string; confidence: number; count: number }[];
  tried: {
    answers: string[];
    articles: { id: string | null; title: string; link: string | null }[];
    notes: string[];
  };
  customer: CustomerView | null;
  team: string | null;
  category: string | null;
  messageCount: number;
  requestedAt: string;
  buildMs: number;
  computeMs: number;
}

export interface CustomerView {
  id: string;
  name: string;
  email: string;
  tier: 'standard' | 'silver' | 'gold' | 'platinum';
  lifetimeValue: number;
  currency: string;
  orderCount: number;
  recentOrders: { number: string; status: string; total: number; currency: string; placedAt: string }[];
  openTickets: { id: string; subject: string; kind: string; status: string; createdAt: string }[];
}

export interface EscalationCardView {
  id: string;
  conversationId: string;
  status: EscalationStatusView;
  reason: string;
  reasonLabel: string;
  priority: number;
  team: string | null;
  agentId: string | null;
  agentName: string | null;
  createdAt: string;
  assignedAt: string | null;
  position: number | null;
  waitedMs: number;
  packet: PacketView;
}

export interface AgentMessageView {
  id: string;
  conversationId: string;
  seq: number;
  sender: SenderView;
  senderId: string | null;
  text: string;
  /** Cards the bot showed, as titles and links (never markup). */
  cards: { title: string; subtitle?: string; link?: string | null }[];
  quickReplies: string[];
  event: { name: string; value: unknown } | null;
  createdAt: string;
}

export interface ConversationView {
  id: string;
  state: 'bot' | 'queued' | 'agent' | 'closed';
  channel: string;
  customerId: string | null;
  assignedAgentId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ConversationDetailView {
  conversation: ConversationView;
  messages: AgentMessageView[];
  escalation: EscalationCardView | null;
  customer: CustomerView | null;
}

export interface LiveConversationView {
  id: string;
  channel: string;
  customerId: string | null;
  updatedAt: string;
  lastMessage: string | null;
}

export interface SuggestionView {
  title: string;
  text: string;
  link?: string | null;
}

export interface CannedResponseView {
  /** Typed as "/shortcut" in the composer, expanded with Tab. */
  shortcut: string;
  title: string;
  text: string;
}

export interface HelloView {
  me: AgentView;
  canned: CannedResponseView[];
  teams: string[];
  heartbeatMs: number;
}

export interface AgentClientToServerEvents {
  'inbox:list': (payload: { scope: InboxScopeView }, ack: AckFn<EscalationCardView[]>) => void;
  'conversations:live': (payload: Record<string, never>, ack: AckFn<LiveConversationView[]>) => void;
  'conversation:open': (payload: { conversationId: string }, ack: AckFn<ConversationDetailView>) => void;
  'conversation:leave': (payload: { conversationId: string }, ack: AckFn<{ left: true }>) => void;
  'escalation:claim': (payload: { escalationId: string }, ack: AckFn<EscalationCardView>) => void;
  'conversation:takeover': (payload: { conversationId: string }, ack: AckFn<EscalationCardView>) => void;
  'agent:message': (
    payload: { conversationId: string; text: string; clientMessageId: string },
    ack: AckFn<AgentMessageView>,
  ) => void;
  'agent:typing': (payload: { conversationId: string; active: boolean }) => void;
  'escalation:transfer': (
    payload: { escalationId: string; agentId?: string; team?: string },
    ack: AckFn<EscalationCardView>,
  ) => void;
  'escalation:resolve': (payload: { escalationId: string }, ack: AckFn<EscalationCardView>) => void;
  'escalation:handback': (
    payload: { escalationId: string; note?: string },
    ack: AckFn<EscalationCardView>,
  ) => void;
  'agent:status': (payload: { presence: 'online' | 'away' }, ack: AckFn<AgentView>) => void;
  'agent:heartbeat': () => void;
  'suggestions:get': (payload: { conversationId: string }, ack: AckFn<SuggestionView[]>) => void;
  'agents:list': (payload: Record<string, never>, ack: AckFn<AgentView[]>) => void;
}

export interface AgentServerToClientEvents {
  'agent:hello': (hello: HelloView) => void;
  'escalation:new': (card: EscalationCardView) => void;
  'escalation:updated': (card: EscalationCardView) => void;
  'conversation:message': (message: AgentMessageView) => void;
  'conversation:typing': (typing: { conversationId: string; active: boolean }) => void;
  'agent:updated': (agent: AgentView) => void;
  'session:ended': (reason: { message: string }) => void;
}
