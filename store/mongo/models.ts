import type { Connection, Model } from 'mongoose';
import {
  SCHEMAS,
  type AnswerFeedbackDoc,
  type ArticleDoc,
  type AuditEntryDoc,
  type SettingsDoc,
  type TurnRecordDoc,
  type PassageEmbeddingDoc,
  type ConversationDoc,
  type CustomerDoc,
  type EscalationDoc,
  type IntentDoc,
  type MessageDoc,
  type OrderDoc,
  type TicketDoc,
  type UserDoc,
} from './schemas';

export interface Models {
  Customer: Model<CustomerDoc>;
  Order: Model<OrderDoc>;
  Ticket: Model<TicketDoc>;
  Conversation: Model<ConversationDoc>;
  Message: Model<MessageDoc>;
  Escalation: Model<EscalationDoc>;
  Intent: Model<IntentDoc>;
  Article: Model<ArticleDoc>;
  PassageEmbedding: Model<PassageEmbeddingDoc>;
  AnswerFeedback: Model<AnswerFeedbackDoc>;
  User: Model<UserDoc>;
  AuditEntry: Model<AuditEntryDoc>;
  Settings: Model<SettingsDoc>;
  TurnRecord: Model<TurnRecordDoc>;
}

/** Compiles every schema on the given connection (never on mongoose's global default connection). */
export function bindModels(conn: Connection): Models {
  return {
    Customer: conn.model<CustomerDoc>('Customer', SCHEMAS.Customer),
    Order: conn.model<OrderDoc>('Order', SCHEMAS.Order),
    Ticket: conn.model<TicketDoc>('Ticket', SCHEMAS.Ticket),
    Conversation: conn.model<ConversationDoc>('Conversation', SCHEMAS.Conversation),
    Message: conn.model<MessageDoc>('Message', SCHEMAS.Message),
    Escalation: conn.model<EscalationDoc>('Escalation', SCHEMAS.Escalation),
    Intent: conn.model<IntentDoc>('Intent', SCHEMAS.Intent),
    Article: conn.model<ArticleDoc>('Article', SCHEMAS.Article),
    PassageEmbedding: conn.model<PassageEmbeddingDoc>('PassageEmbedding', SCHEMAS.PassageEmbedding),
    AnswerFeedback: conn.model<AnswerFeedbackDoc>('AnswerFeedback', SCHEMAS.AnswerFeedback),
    User: conn.model<UserDoc>('User', SCHEMAS.User),
    AuditEntry: conn.model<AuditEntryDoc>('AuditEntry', SCHEMAS.AuditEntry),
    Settings: conn.model<SettingsDoc>('Settings', SCHEMAS.Settings),
    TurnRecord: conn.model<TurnRecordDoc>('TurnRecord', SCHEMAS.TurnRecord),
  };
}

/**
 * Waits until every collection and index exists. The unique indexes are what make duplicate
 * detection and idempotent appends correct, so the store is not handed out before they are built.
 */
export async function ensureIndexes(models: Models): Promise<void> {
  await Promise.all(Object.values(models).map((model: Model<unknown>) => model.init()));
}
