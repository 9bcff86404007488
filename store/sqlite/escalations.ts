import type { Escalation, EscalationRepository, EscalationStatus, NewEscalation } from '../ports';
import { StoreError } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { escalationStatusFields, OPEN_ESCALATION } from '../internal/rules';
import { isoRange, rangeLimit } from '../internal/admin';
import { pageLimit } from '../internal/values';
import { bindable, fromJson, toJson } from './codec';
import { immediate, type Db } from './database';
import { guard } from './errors';

interface EscalationRow {
  id: string;
  conversation_id: string;
  reason: string;
  priority: number;
  packet: string;
  status: EscalationStatus;
  agent_id: string | null;
  team: string | null;
  created_at: string;
  assigned_at: string | null;
  resolved_at: string | null;
}

const toEscalation = (row: EscalationRow): Escalation => ({
  id: row.id,
  conversationId: row.conversation_id,
  reason: row.reason,
  priority: row.priority,
  packet: fromJson<unknown>(row.packet),
  status: row.status,
  agentId: row.agent_id,
  team: row.team,
  createdAt: row.created_at,
  assignedAt: row.assigned_at,
  resolvedAt: row.resolved_at,
});

export function sqliteEscalations(db: Db, deps: ResolvedDeps): EscalationRepository {
  const insert =
    db.prepare(`INSERT INTO escalations (id, conversation_id, reason, priority, packet, status, agent_id,
      team, created_at, assigned_at, resolved_at)
    VALUES (@id, @conversationId, @reason, @priority, @packet, 'queued', NULL, @team, @createdAt, NULL, NULL)`);
  const byId = db.prepare<[string], EscalationRow>('SELECT * FROM escalations WHERE id = ?');
  // The claim is a single conditional UPDATE: SQLite serialises writers on the file lock, so of
  // any number of connections (or processes) racing, exactly one sees status = 'queued'.
  const claim = db.prepare<[string, string, string], EscalationRow>(`UPDATE escalations
    SET status = 'assigned', agent_id = ?, assigned_at = ?
    WHERE id = ? AND status = 'queued'
    RETURNING *`);
  const setStatus = db.prepare(`UPDATE escalations SET status = @status, agent_id = @agentId, team = @team,
    assigned_at = @assignedAt, resolved_at = @resolvedAt WHERE id = @id`);
  const byStatus = db.prepare<[string, number], EscalationRow>(`SELECT * FROM escalations
    WHERE status IN (SELECT value FROM json_each(?))
    ORDER BY priority DESC, created_at, id LIMIT ?`);
  const openFor = db.prepare<[string, string], EscalationRow>(`SELECT * FROM escalations
    WHERE conversation_id = ? AND status IN (SELECT value FROM json_each(?))
    ORDER BY created_at DESC, id DESC LIMIT 1`);
  const between = db.prepare<{ from: string; to: string; limit: number }, EscalationRow>(
    `SELECT * FROM escalations WHERE created_at >= @from AND created_at < @to
     ORDER BY created_at, id LIMIT @limit`,
  );

  const get = (id: string): Escalation | null => {
    const row = byId.get(id);
    return row ? toEscalation(row) : null;
  };

  return {
    async create(input: NewEscalation) {
      const id = deps.newId();
      guard('escalation', () =>
        insert.run(
          bindable({
            id,
            conversationId: input.conversationId,
            reason: input.reason,
            priority: input.priority,
            packet: toJson(input.packet),
            team: input.team,
            createdAt: deps.clock().toISOString(),
          }),
        ),
      );
      return get(id)!;
    },
    async get(id) {
      return get(id);
    },
    async claim(id, agentId) {
      const row = guard('escalation', () => claim.get(agentId, deps.clock().toISOString(), id));
      if (row) return toEscalation(row);
      if (!byId.get(id)) throw new StoreError('not_found', `escalation ${id} not found`);
      return null;
    },
    async updateStatus(id, status, patch = {}) {
      return guard('escalation', () =>
        immediate(db, () => {
          const current = get(id);
          if (!current) throw new StoreError('not_found', `escalation ${id} not found`);
          const fields = escalationStatusFields(current, status, patch, deps.clock().toISOString());
          setStatus.run(bindable({ id, ...fields }));
          return { ...current, ...fields };
        }),
      );
    },
    async listByStatus(statuses, options = {}) {
      return byStatus.all(toJson(statuses), pageLimit(options.limit)).map(toEscalation);
    },
    async getOpenForConversation(conversationId) {
      const row = openFor.get(conversationId, toJson(OPEN_ESCALATION));
      return row ? toEscalation(row) : null;
    },
    async listBetween(from, to, options = {}) {
      return between.all({ ...isoRange(from, to), limit: rangeLimit(options.limit) }).map(toEscalation);
    },
  };
}
