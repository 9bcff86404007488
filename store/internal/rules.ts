/**
 * Status side effects shared by both adapters, as pure functions, so SQLite and MongoDB cannot
 * drift apart on what a status change also does to timestamps and assignment.
 */
import type { ConversationState, Escalation, EscalationStatus, Order, OrderStatus } from '../ports';

/** Escalation statuses after which nobody is working on it any more. */
export const FINISHED_ESCALATION: readonly EscalationStatus[] = ['resolved', 'handed_back', 'abandoned'];
/** Statuses getOpenForConversation considers open. */
export const OPEN_ESCALATION: readonly EscalationStatus[] = ['queued', 'assigned'];

export type OrderStatusFields = Pick<Order, 'status' | 'shippedAt' | 'deliveredAt'>;

/** Shipping/delivery timestamps are stamped the first time an order reaches that status. */
export function orderStatusFields(current: Order, status: OrderStatus, now: string): OrderStatusFields {
  return {
    status,
    shippedAt:
      status === 'shipped' || status === 'delivered' ? (current.shippedAt ?? now) : current.shippedAt,
    deliveredAt: status === 'delivered' ? (current.deliveredAt ?? now) : current.deliveredAt,
  };
}

export type EscalationStatusFields = Pick<
  Escalation,
  'status' | 'agentId' | 'team' | 'assignedAt' | 'resolvedAt'
>;

/**
 * Back to "queued" means nobody owns it (agent and timestamps cleared unless the patch names an
 * agent); a finished status stamps resolvedAt; "assigned" stamps assignedAt on first assignment.
 */
export function escalationStatusFields(
  current: Escalation,
  status: EscalationStatus,
  patch: { agentId?: string | null; team?: string | null },
  now: string,
): EscalationStatusFields {
  const requeued = status === 'queued';
  return {
    status,
    agentId: patch.agentId !== undefined ? patch.agentId : requeued ? null : current.agentId,
    team: patch.team !== undefined ? patch.team : current.team,
    assignedAt:
      status === 'assigned'
        ? current.status === 'assigned' && current.assignedAt
          ? current.assignedAt
          : now
        : requeued
          ? null
          : current.assignedAt,
    resolvedAt: FINISHED_ESCALATION.includes(status) ? now : null,
  };
}

/** A conversation is closed at the moment it enters "closed"; any other state clears it. */
export function closedAtFor(to: ConversationState, now: string): string | null {
  return to === 'closed' ? now : null;
}
