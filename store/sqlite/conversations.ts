import type { Conversation, ConversationRepository, ConversationState, NewConversation } from '../ports';
import { StoreError } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { closedAtFor } from '../internal/rules';
import { isoRange, rangeLimit } from '../internal/admin';
import { pageLimit } from '../internal/values';
import { bindable, toJson } from './codec';
import type { Db } from './database';
import { guard } from './errors';

export interface ConversationRow {
  id: string;
  channel: string;
  customer_id: string | null;
  visitor_id: string;
  state: ConversationState;
  assigned_agent_id: string | null;
  last_seq: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

const toConversation = (row: ConversationRow): Conversation => ({
  id: row.id,
  channel: row.channel,
  customerId: row.customer_id,
  visitorId: row.visitor_id,
  state: row.state,
  assignedAgentId: row.assigned_agent_id,
  lastSeq: row.last_seq,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  closedAt: row.closed_at,
});

export function sqliteConversations(db: Db, deps: ResolvedDeps): ConversationRepository {
  const insert =
    db.prepare(`INSERT INTO conversations (id, channel, customer_id, visitor_id, state, assigned_agent_id,
      last_seq, created_at, updated_at, closed_at)
    VALUES (@id, @channel, @customerId, @visitorId, 'bot', NULL, 0, @now, @now, NULL)`);
  const byId = db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE id = ?');
  // Compare-and-set in one statement: the WHERE clause is the "compare", so two callers racing
  // from the same state cannot both succeed, in one process or across processes on one file.
  const transition = db.prepare<
    {
      id: string;
      from: string;
      to: ConversationState;
      now: string;
      closedAt: string | null;
      setAgent: number;
      agentId: string | null;
    },
    ConversationRow
  >(`UPDATE conversations
    SET state = @to, updated_at = @now, closed_at = @closedAt,
        assigned_agent_id = CASE WHEN @setAgent THEN @agentId ELSE assigned_agent_id END
    WHERE id = @id AND state IN (SELECT value FROM json_each(@from))
    RETURNING *`);
  const link = db.prepare<[string, string, string], ConversationRow>(
    'UPDATE conversations SET customer_id = ?, updated_at = ? WHERE id = ? RETURNING *',
  );
  const byState = db.prepare<[ConversationState, number], ConversationRow>(
    'SELECT * FROM conversations WHERE state = ? ORDER BY created_at, id LIMIT ?',
  );
  const recentByState = db.prepare<[ConversationState, number], ConversationRow>(
    'SELECT * FROM conversations WHERE state = ? ORDER BY updated_at DESC, id DESC LIMIT ?',
  );
  const between = db.prepare<{ from: string; to: string; limit: number }, ConversationRow>(
    `SELECT * FROM conversations WHERE created_at >= @from AND created_at < @to
     ORDER BY created_at, id LIMIT @limit`,
  );

  const get = (id: string): Conversation | null => {
    const row = byId.get(id);
    return row ? toConversation(row) : null;
  };

  return {
    async create(input: NewConversation) {
      const id = input.id ?? deps.newId();
      guard('conversation', () =>
        insert.run(
          bindable({
            id,
            channel: input.channel,
            customerId: input.customerId,
            visitorId: input.visitorId,
            now: deps.clock().toISOString(),
          }),
        ),
      );
      return get(id)!;
    },
    async get(id) {
      return get(id);
    },
    async transition(id, from, to, patch = {}) {
      const now = deps.clock().toISOString();
      const row = guard('conversation', () =>
        transition.get({
          id,
          from: toJson(from),
          to,
          now,
          closedAt: closedAtFor(to, now),
          setAgent: patch.assignedAgentId === undefined ? 0 : 1,
          agentId: patch.assignedAgentId ?? null,
        }),
      );
      if (row) return toConversation(row);
      if (!byId.get(id)) throw new StoreError('not_found', `conversation ${id} not found`);
      return null;
    },
    async linkCustomer(id, customerId) {
      const row = guard('conversation', () => link.get(customerId, deps.clock().toISOString(), id));
      if (!row) throw new StoreError('not_found', `conversation ${id} not found`);
      return toConversation(row);
    },
    async listByState(state, options = {}) {
      return byState.all(state, pageLimit(options.limit)).map(toConversation);
    },
    async listRecent(state, options = {}) {
      return recentByState.all(state, pageLimit(options.limit)).map(toConversation);
    },
    async listBetween(from, to, options = {}) {
      return between.all({ ...isoRange(from, to), limit: rangeLimit(options.limit) }).map(toConversation);
    },
  };
}
