import type { Message, MessageRepository, NewMessage, Sender } from '../ports';
import { StoreError } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { DEFAULT_MESSAGE_LIMIT, pageLimit } from '../internal/values';
import { bindable, fromJson, toJson } from './codec';
import { immediate, type Db } from './database';
import { guard } from './errors';

interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  sender: Sender;
  sender_id: string | null;
  text: string;
  attachments: string;
  client_message_id: string | null;
  created_at: string;
}

const toMessage = (row: MessageRow): Message => ({
  id: row.id,
  conversationId: row.conversation_id,
  seq: row.seq,
  sender: row.sender,
  senderId: row.sender_id,
  text: row.text,
  attachments: fromJson<unknown[]>(row.attachments),
  clientMessageId: row.client_message_id,
  createdAt: row.created_at,
});

export function sqliteMessages(db: Db, deps: ResolvedDeps): MessageRepository {
  const byClientId = db.prepare<[string, string], MessageRow>(
    'SELECT * FROM messages WHERE conversation_id = ? AND client_message_id = ?',
  );
  const nextSeq = db.prepare<[string, string], { last_seq: number }>(
    'UPDATE conversations SET last_seq = last_seq + 1, updated_at = ? WHERE id = ? RETURNING last_seq',
  );
  const insert = db.prepare<
    Record<string, unknown>,
    MessageRow
  >(`INSERT INTO messages (id, conversation_id, seq, sender,
      sender_id, text, attachments, client_message_id, created_at)
    VALUES (@id, @conversationId, @seq, @sender, @senderId, @text, @attachments, @clientMessageId, @createdAt)
    RETURNING *`);
  const after = db.prepare<[string, number, number], MessageRow>(
    'SELECT * FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  );

  /*
   * One IMMEDIATE transaction: look up the client id, bump last_seq, insert. The write lock is held
   * from the first statement, so no other connection (or process) can allocate the same seq or
   * insert the same client id in between; if the insert fails (bad sender…) the bump rolls back
   * too, so a failed append never leaves a gap.
   */
  const append = (input: NewMessage) =>
    immediate(db, () => {
      if (input.clientMessageId != null) {
        const existing = byClientId.get(input.conversationId, input.clientMessageId);
        if (existing) return { message: toMessage(existing), created: false };
      }
      const now = deps.clock().toISOString();
      const bumped = nextSeq.get(now, input.conversationId);
      if (!bumped) throw new StoreError('not_found', `conversation ${input.conversationId} not found`);
      const row = insert.get(
        bindable({
          id: deps.newId(),
          conversationId: input.conversationId,
          seq: bumped.last_seq,
          sender: input.sender,
          senderId: input.senderId,
          text: input.text,
          attachments: toJson(input.attachments ?? []),
          clientMessageId: input.clientMessageId,
          createdAt: now,
        }),
      )!;
      return { message: toMessage(row), created: true };
    });

  return {
    async append(input) {
      return guard('message', () => append(input));
    },
    async listAfter(conversationId, afterSeq, limit) {
      return after.all(conversationId, afterSeq, pageLimit(limit, DEFAULT_MESSAGE_LIMIT)).map(toMessage);
    },
    async getByClientId(conversationId, clientMessageId) {
      const row = byClientId.get(conversationId, clientMessageId);
      return row ? toMessage(row) : null;
    },
  };
}
