/** zod schemas for every /agents payload (the console's types are in console/protocol.ts). */
import { z } from 'zod';
import { MAX_AGENT_MESSAGE_CHARS } from '../../console/protocol';

const id = z.string().min(1).max(100);

export const InboxSchema = z.strictObject({ scope: z.enum(['queued', 'mine', 'all']) });
export const ConversationRefSchema = z.strictObject({ conversationId: id });
export const EscalationRefSchema = z.strictObject({ escalationId: id });
export const HandBackSchema = z.strictObject({
  escalationId: id,
  note: z.string().trim().max(500).optional(),
});
export const SendSchema = z.strictObject({
  conversationId: id,
  text: z.string().trim().min(1, 'must not be empty').max(MAX_AGENT_MESSAGE_CHARS),
  clientMessageId: id,
});
export const TypingSchema = z.strictObject({ conversationId: id, active: z.boolean() });
export const TransferSchema = z
  .strictObject({
    escalationId: id,
    agentId: id.optional(),
    team: z.string().trim().min(1).max(50).optional(),
  })
  .refine((p) => (p.agentId === undefined) !== (p.team === undefined), 'name either an agent or a team');
export const StatusSchema = z.strictObject({ presence: z.enum(['online', 'away']) });
export const EmptySchema = z.strictObject({});
