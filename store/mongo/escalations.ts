import type { EscalationRepository, NewEscalation } from '../ports';
import { StoreError } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { escalationStatusFields, OPEN_ESCALATION } from '../internal/rules';
import { isoRange, rangeLimit } from '../internal/admin';
import { pageLimit } from '../internal/values';
import { guard } from './errors';
import { toEscalation } from './mappers';
import type { Models } from './models';
import { compareAndSet, requireExists } from './references';
import type { EscalationDoc } from './schemas';

const toDate = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

export function mongoEscalations(
  { Escalation, Conversation }: Models,
  deps: ResolvedDeps,
): EscalationRepository {
  const get = async (id: string) => {
    const doc = await Escalation.findById(id).lean<EscalationDoc>();
    return doc ? toEscalation(doc) : null;
  };

  return {
    async create(input: NewEscalation) {
      const doc = new Escalation({
        _id: deps.newId(),
        conversationId: input.conversationId,
        reason: input.reason,
        priority: input.priority,
        packet: input.packet ?? null,
        status: 'queued',
        agentId: null,
        team: input.team ?? null,
        createdAt: deps.clock(),
        assignedAt: null,
        resolvedAt: null,
      });
      await guard('escalation', () => doc.validate());
      await requireExists(Conversation, input.conversationId, 'escalation', 'conversation');
      await guard('escalation', () => doc.save());
      return toEscalation(doc.toObject());
    },
    get,
    // One conditional update: MongoDB applies it atomically to the document, so of any number of
    // racing agents (in any number of server processes) exactly one sees status "queued".
    async claim(id, agentId) {
      const doc = await guard('escalation', () =>
        Escalation.findOneAndUpdate(
          { _id: id, status: 'queued' },
          { $set: { status: 'assigned', agentId, assignedAt: deps.clock() } },
          { returnDocument: 'after' },
        ).lean<EscalationDoc>(),
      );
      if (doc) return toEscalation(doc);
      if (!(await Escalation.exists({ _id: id })))
        throw new StoreError('not_found', `escalation ${id} not found`);
      return null;
    },
    async updateStatus(id, status, patch = {}) {
      const doc = await compareAndSet(`escalation ${id}`, async () => {
        const current = await get(id);
        if (!current) throw new StoreError('not_found', `escalation ${id} not found`);
        const fields = escalationStatusFields(current, status, patch, deps.clock().toISOString());
        return guard('escalation', () =>
          Escalation.findOneAndUpdate(
            // Conditional on what the fields were computed from (a claim may land in between).
            { _id: id, status: current.status, agentId: current.agentId },
            {
              $set: {
                ...fields,
                assignedAt: toDate(fields.assignedAt),
                resolvedAt: toDate(fields.resolvedAt),
              },
            },
            { returnDocument: 'after', runValidators: true },
          ).lean<EscalationDoc>(),
        );
      });
      return toEscalation(doc);
    },
    async listByStatus(statuses, options = {}) {
      const docs = await Escalation.find({ status: { $in: statuses } })
        .sort({ priority: -1, createdAt: 1, _id: 1 })
        .limit(pageLimit(options.limit))
        .lean<EscalationDoc[]>();
      return docs.map(toEscalation);
    },
    async getOpenForConversation(conversationId) {
      const doc = await Escalation.findOne({ conversationId, status: { $in: OPEN_ESCALATION } })
        .sort({ createdAt: -1, _id: -1 })
        .lean<EscalationDoc>();
      return doc ? toEscalation(doc) : null;
    },
    async listBetween(from, to, options = {}) {
      const range = isoRange(from, to);
      const docs = await Escalation.find({
        createdAt: { $gte: new Date(range.from), $lt: new Date(range.to) },
      })
        .sort({ createdAt: 1, _id: 1 })
        .limit(rangeLimit(options.limit))
        .lean<EscalationDoc[]>();
      return docs.map(toEscalation);
    },
  };
}
