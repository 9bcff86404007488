/**
 * What the dialogs need from the rest of Parley, as narrow interfaces passed in by the composition
 * root: knowledge-base answers, the CRM, escalation to a human, the shop's written return policy and
 * its catalogue. Nothing here is constructed from globals.
 */
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { CatalogueProduct, CustomerCare, CustomerProfiles, OrderLookup, Recommender } from '../crm';
import type { ConversationData } from './turn-info';

/** A knowledge-base answer with its source, or topics to pick from when nothing answers well. */
export type KnowledgeResult =
  | {
      kind: 'answer';
      text: string;
      source: { id: string; kind: string; title: string; link?: string | null };
      confidence: number;
      /** Id of this answer, for "did this help?" feedback. */
      answerId?: string;
    }
  | { kind: 'suggestions'; topics: { id: string; title: string }[] };

export interface KnowledgeFeedback {
  answerId?: string;
  articleId: string;
  helpful: boolean;
  conversationId: string | null;
  query: string;
}

/** The part of the knowledge base the FAQ dialog uses. */
export interface KnowledgeAnswers {
  answer(query: string): Promise<KnowledgeResult> | KnowledgeResult;
  /** Records "that helped" / "not quite" (optional). */
  recordFeedback?(feedback: KnowledgeFeedback): Promise<void> | void;
}

export interface EscalationRequest {
  /** Why: 'customer_request', 'always_human:<intent>', 'fallback', 'frustration', 'dialog:<name>'… */
  reason: string;
  intent?: string;
  /** Higher is more urgent (tier and mood raise it). */
  priority: number;
  customerId: string | null;
  conversationId: string;
  /** What the bot tried, for the agent. */
  notes?: string[];
}

/**
 * Hands a conversation to a person. The default (QueueingEscalator) marks the conversation queued,
 * tells the customer and records a `handoff.initiate` event; the handoff module replaces it.
 */
export interface Escalator {
  escalate(context: TurnContext, request: EscalationRequest): Promise<void>;
}

/** The shop's written return policy (the demo shop: 30 days, unused with tags, final sale excluded). */
export interface ReturnPolicy {
  windowDays: number;
  /** Catalogue tag of items that cannot be returned unless faulty. */
  finalSaleTag: string;
  /** How refunds are paid, e.g. "5–10 business days". */
  refundBusinessDays?: string;
  /** Warranty years, for items outside the window (mentioned, never promised). */
  warrantyYears?: number;
}

/**
 * The handoff policy's mood threshold (handoff's PolicyConfig fits). Whether the mood trigger is due
 * is not read from settings here: the handoff decides it for each message (see ./upset).
 */
export interface MoodSettings {
  /** A message scoring at or below this is upset: its replies offer a person. */
  sentimentThreshold: number;
}

export interface DialogServices {
  profiles: CustomerProfiles;
  orders: OrderLookup;
  care: CustomerCare;
  recommender?: Recommender;
  knowledge?: KnowledgeAnswers;
  escalator: Escalator;
  policy: ReturnPolicy;
  catalogue: readonly CatalogueProduct[];
  shopName: string;
  conversationData: StatePropertyAccessor<ConversationData>;
  /** Intent → written answers (the store's intents), used when the knowledge base has nothing better. */
  intentResponses?: ReadonlyMap<string, readonly string[]>;
  /** Intents always handed to a person (e.g. account.close, legal.complaint). */
  alwaysHuman?: ReadonlySet<string>;
  /**
   * The escalation policy's mood settings as they are now (read at each message; default: the
   * handoff's DEFAULT_POLICY): an upset message's replies offer a person.
   */
  mood?: () => MoodSettings;
  /**
   * Languages the intents are written in (default ['en']). A message confidently in another
   * language gets a note that the bot answers in these, and the offer of a person.
   */
  languages?: readonly string[];
  /** Time zone for dates in replies (default UTC). */
  timeZone?: string;
  /** The admin's greeting for visitors, read at each greeting (undefined: the built-in one). */
  greeting?: () => string | undefined;
  /**
   * Knowledge answers below this confidence are offered as suggestions instead (default 0: the
   * knowledge base already answers with suggestions below its calibrated threshold).
   */
  minAnswerConfidence?: number;
}
