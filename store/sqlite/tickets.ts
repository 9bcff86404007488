import type { NewTicket, Ticket, TicketKind, TicketRepository, TicketStatus } from '../ports';
import { StoreError } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { normalizeEmail } from '../internal/values';
import { bindable, toJson } from './codec';
import type { Db } from './database';
import { guard } from './errors';

interface TicketRow {
  id: string;
  customer_id: string | null;
  email: string | null;
  conversation_id: string | null;
  order_number: string | null;
  kind: TicketKind;
  subject: string;
  body: string;
  status: TicketStatus;
  created_at: string;
  updated_at: string;
}

const toTicket = (row: TicketRow): Ticket => ({
  id: row.id,
  customerId: row.customer_id,
  email: row.email,
  conversationId: row.conversation_id,
  orderNumber: row.order_number,
  kind: row.kind,
  subject: row.subject,
  body: row.body,
  status: row.status,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function sqliteTickets(db: Db, deps: ResolvedDeps): TicketRepository {
  const insert =
    db.prepare(`INSERT INTO tickets (id, customer_id, email, conversation_id, order_number, kind, subject,
      body, status, created_at, updated_at)
    VALUES (@id, @customerId, @email, @conversationId, @orderNumber, @kind, @subject,
      @body, @status, @createdAt, @updatedAt)`);
  const byId = db.prepare<[string], TicketRow>('SELECT * FROM tickets WHERE id = ?');
  // The status filter arrives as a JSON array so one prepared statement serves any number of statuses.
  const byCustomer = db.prepare<
    { customerId: string; statuses: string | null },
    TicketRow
  >(`SELECT * FROM tickets
    WHERE customer_id = @customerId AND (@statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses)))
    ORDER BY created_at DESC, id DESC`);
  const setStatus = db.prepare<[string, string, string], TicketRow>(
    'UPDATE tickets SET status = ?, updated_at = ? WHERE id = ? RETURNING *',
  );

  const get = (id: string): Ticket | null => {
    const row = byId.get(id);
    return row ? toTicket(row) : null;
  };

  return {
    async create(input: NewTicket) {
      const id = input.id ?? deps.newId();
      const now = deps.clock().toISOString();
      guard('ticket', () =>
        insert.run(
          bindable({
            id,
            customerId: input.customerId,
            email: normalizeEmail(input.email),
            conversationId: input.conversationId,
            orderNumber: input.orderNumber,
            kind: input.kind,
            subject: input.subject,
            body: input.body,
            status: input.status ?? 'open',
            createdAt: now,
            updatedAt: now,
          }),
        ),
      );
      return get(id)!;
    },
    async get(id) {
      return get(id);
    },
    async listByCustomer(customerId, options = {}) {
      const statuses = options.status === undefined ? null : toJson(options.status);
      return byCustomer.all({ customerId, statuses }).map(toTicket);
    },
    async updateStatus(id, status) {
      const row = guard('ticket', () => setStatus.get(status, deps.clock().toISOString(), id));
      if (!row) throw new StoreError('not_found', `ticket ${id} not found`);
      return toTicket(row);
    },
  };
}
