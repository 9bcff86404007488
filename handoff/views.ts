/** Escalations as the console shows them: the stored record plus live position, wait and agent name. */
import type { Escalation } from '../store';
import { REASON_LABELS, type EscalationPacket, type EscalationView, type ReasonCode } from './types';

export interface ViewContext {
  now: number;
  positionOf(id: string): number | null;
  agentName(id: string): string | null;
}

const REASONS = new Set(Object.keys(REASON_LABELS));

export function toView(escalation: Escalation, context: ViewContext): EscalationView {
  const packet = escalation.packet as EscalationPacket;
  const reason = (REASONS.has(escalation.reason) ? escalation.reason : 'dialog') as ReasonCode;
  const requested = Date.parse(packet?.requestedAt ?? escalation.createdAt);
  const until =
    escalation.assignedAt && escalation.status !== 'queued' ? Date.parse(escalation.assignedAt) : context.now;
  return {
    id: escalation.id,
    conversationId: escalation.conversationId,
    status: escalation.status,
    reason,
    reasonLabel: REASON_LABELS[reason],
    priority: escalation.priority,
    team: escalation.team,
    agentId: escalation.agentId,
    agentName: escalation.agentId ? context.agentName(escalation.agentId) : null,
    createdAt: escalation.createdAt,
    assignedAt: escalation.assignedAt,
    position: escalation.status === 'queued' ? context.positionOf(escalation.id) : null,
    waitedMs: Math.max(0, until - requested),
    packet,
  };
}
