/** The console's state in one place, with a tiny change notification. */
import type { Session } from './api';
import type {
  AgentView,
  CannedResponseView,
  ConversationDetailView,
  EscalationCardView,
  InboxScopeView,
  LiveConversationView,
  SuggestionView,
} from './protocol';

export interface ConsoleState {
  session: Session;
  me: AgentView | null;
  canned: CannedResponseView[];
  teams: string[];
  tab: InboxScopeView;
  /** Open escalations (queued and assigned) by id. */
  cards: Map<string, EscalationCardView>;
  live: LiveConversationView[];
  roster: AgentView[];
  /** Index of the keyboard focus in the inbox list. */
  focus: number;
  detail: ConversationDetailView | null;
  suggestions: SuggestionView[];
  customerTyping: boolean;
  unread: Map<string, number>;
  connected: boolean;
  /** When the list was last synced (for the wait counters). */
  syncedAt: number;
}

export function initialState(session: Session): ConsoleState {
  return {
    session,
    me: null,
    canned: [],
    teams: [],
    tab: 'queued',
    cards: new Map(),
    live: [],
    roster: [],
    focus: 0,
    detail: null,
    suggestions: [],
    customerTyping: false,
    unread: new Map(),
    connected: false,
    syncedAt: Date.now(),
  };
}

/** Cards of a tab in display order. */
export function cardsFor(state: ConsoleState, tab: InboxScopeView): EscalationCardView[] {
  const all = [...state.cards.values()];
  const byPosition = (a: EscalationCardView, b: EscalationCardView) =>
    (a.position ?? Infinity) - (b.position ?? Infinity) ||
    b.priority - a.priority ||
    a.createdAt.localeCompare(b.createdAt);
  if (tab === 'queued') return all.filter((c) => c.status === 'queued').sort(byPosition);
  if (tab === 'mine')
    return all
      .filter((c) => c.status === 'assigned' && c.agentId === state.session.user.id)
      .sort((a, b) => (a.assignedAt ?? '').localeCompare(b.assignedAt ?? ''));
  return all.sort((a, b) => (a.status === b.status ? byPosition(a, b) : a.status === 'queued' ? -1 : 1));
}

export const isOpen = (card: EscalationCardView) => card.status === 'queued' || card.status === 'assigned';
