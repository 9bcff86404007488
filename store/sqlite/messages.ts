import type { AppendResult, Message, MessageRepository, NewMessage, Sender } from '../ports';
import { StoreError } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { DEFAULT_MESSAGE_LIMIT, pageLimit } from '../internal/values';
import { fromJson, toJson } from './codec';
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

type InsertParams = [
  id: string,
  conversationId: string,
  seq: number,
  sender: Sender | null,
  senderId: string | null,
  text: string | null,
  attachments: string,
  clientMessageId: string | null,
  createdAt: string,
];

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
  const nextSeq = db
    .prepare<[string, string], number>(
      'UPDATE conversations SET last_seq = last_seq + 1, updated_at = ? WHERE id = ? RETURNING last_seq',
    )
    .pluck(); // the one column's value instead of a row object
  const insert = db.prepare<InsertParams>(`INSERT INTO messages (id, conversation_id, seq, sender,
      sender_id, text, attachments, client_message_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const after = db.prepare<[string, number, number], MessageRow>(
    'SELECT * FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  );

  /*
   * One IMMEDIATE transaction (a savepoint inside a group commit): look up the client id, bump
   * last_seq, insert. The write lock is held from the first statement, so no other connection (or
   * process) can allocate the same seq or insert the same client id in between; if the insert fails
   * (bad sender…) the bump rolls back too, so a failed append never leaves a gap. The stored message
   * is built from the values bound rather than read back (no RETURNING *): the columns hold exactly
   * these values.
   */
  const write = (input: NewMessage): AppendResult => {
    if (input.clientMessageId != null) {
      const existing = byClientId.get(input.conversationId, input.clientMessageId);
      if (existing) return { message: toMessage(existing), created: false };
    }
    const now = deps.clock().toISOString();
    const seq = nextSeq.get(now, input.conversationId);
    if (seq === undefined)
      throw new StoreError('not_found', `conversation ${input.conversationId} not found`);
    const attachments = toJson(input.attachments ?? []);
    const message: Message = {
      id: deps.newId(),
      conversationId: input.conversationId,
      seq,
      sender: input.sender,
      senderId: input.senderId ?? null,
      text: input.text,
      // A copy, as a read would give (never the caller's array); "[]" is by far the most common.
      attachments: attachments === '[]' ? [] : fromJson<unknown[]>(attachments),
      clientMessageId: input.clientMessageId ?? null,
      createdAt: now,
    };
    // undefined binds as NULL, so NOT NULL reports a missing field as StoreError('invalid').
    insert.run(
      message.id,
      message.conversationId,
      message.seq,
      message.sender ?? null,
      message.senderId,
      message.text ?? null,
      attachments,
      message.clientMessageId,
      message.createdAt,
    );
    return { message, created: true };
  };
  const append = (input: NewMessage) => immediate(db, () => write(input));

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
