import type { NewTicket, TicketRepository } from '../ports';
import { StoreError } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { normalizeEmail } from '../internal/values';
import { guard } from './errors';
import { toTicket } from './mappers';
import type { Models } from './models';
import { requireExists } from './references';
import type { TicketDoc } from './schemas';

export function mongoTickets(
  { Ticket, Customer, Conversation }: Models,
  deps: ResolvedDeps,
): TicketRepository {
  return {
    async create(input: NewTicket) {
      const now = deps.clock();
      const doc = new Ticket({
        _id: input.id ?? deps.newId(),
        customerId: input.customerId ?? null,
        email: normalizeEmail(input.email) ?? null,
        conversationId: input.conversationId ?? null,
        orderNumber: input.orderNumber ?? null,
        kind: input.kind,
        subject: input.subject,
        body: input.body,
        status: input.status ?? 'open',
        createdAt: now,
        updatedAt: now,
      });
      await guard('ticket', () => doc.validate());
      await requireExists(Customer, input.customerId, 'ticket', 'customer');
      await requireExists(Conversation, input.conversationId, 'ticket', 'conversation');
      await guard('ticket', () => doc.save());
      return toTicket(doc.toObject());
    },
    async get(id) {
      const doc = await Ticket.findById(id).lean<TicketDoc>();
      return doc ? toTicket(doc) : null;
    },
    async listByCustomer(customerId, options = {}) {
      const filter =
        options.status === undefined ? { customerId } : { customerId, status: { $in: options.status } };
      const docs = await Ticket.find(filter).sort({ createdAt: -1, _id: -1 }).lean<TicketDoc[]>();
      return docs.map(toTicket);
    },
    async updateStatus(id, status) {
      const doc = await guard('ticket', () =>
        Ticket.findOneAndUpdate(
          { _id: id },
          { $set: { status, updatedAt: deps.clock() } },
          { returnDocument: 'after', runValidators: true },
        ).lean<TicketDoc>(),
      );
      if (!doc) throw new StoreError('not_found', `ticket ${id} not found`);
      return toTicket(doc);
    },
  };
}
