/**
 * The customer chat protocol on the socket.io namespace `/chat`. Browser code (the widget) and the
 * server share these types and schemas; docs/protocol.md describes the same thing for integrators.
 */
import { z } from 'zod';
import type { AckCallback } from './errors';

export const CHAT_NAMESPACE = '/chat';

/** Longest customer message accepted, in characters. Longer ones are refused with `message_too_long`. */
export const MAX_MESSAGE_CHARS = 2000;
/** Most messages one `chat:resume` returns; a client pages by resuming again after the last seq. */
export const MAX_RESUME_BATCH = 500;

export const ChatEvents = {
  message: 'chat:message',
  resume: 'chat:resume',
  reply: 'chat:reply',
  session: 'chat:session',
  error: 'chat:error',
  identify: 'chat:identify',
  /** Both ways: the customer is typing (client → server); a person is typing (server → client). */
  typing: 'chat:typing',
  /** Server → client: the customer's place in the queue for a person changed. */
  queue: 'chat:queue',
} as const;

/**
 * Sent in the socket.io handshake `auth` object. The server checks each field on its own: a bad
 * identity field (`siteId`, `customerId`, `customerSignature`) is ignored and reported with
 * `chat:error` `{ code: "validation_failed", event: "handshake" }`, and never costs the visitor token;
 * `null` or `""` in an identity field means the field is absent.
 */
export const ChatAuthSchema = z.object({
  /** Token from an earlier `chat:session`; omit on the first visit to get a new visitor identity. */
  visitorToken: z.string().max(200).optional(),
  siteId: z.string().max(100).optional(),
  /** The company's own id of a signed-in customer (sent together with `customerSignature`). */
  customerId: z.string().min(1).max(200).optional(),
  /** Lower-case hex HMAC-SHA256 of `customerId` with the site secret, computed by the company's server. */
  customerSignature: z.string().max(200).optional(),
});
export type ChatAuth = z.infer<typeof ChatAuthSchema>;

export const ChatMessageSchema = z.strictObject({
  /** Chosen by the client, unique per message; a re-send with the same id is stored once. */
  clientMessageId: z.string().min(1).max(100),
  /** Conversation to post into; omit to start a new conversation. */
  conversationId: z.string().min(1).max(100).optional(),
  text: z.string(),
});
export type ChatMessagePayload = z.infer<typeof ChatMessageSchema>;

export const ChatResumeSchema = z.strictObject({
  conversationId: z.string().min(1).max(100),
  afterSeq: z.number().int().min(0),
});
export type ChatResumePayload = z.infer<typeof ChatResumeSchema>;

/** Identifies a signed-in customer after connecting (e.g. they signed in while the chat was open). */
export const ChatIdentifySchema = z.strictObject({
  customerId: z.string().min(1).max(200),
  /** Lower-case hex HMAC-SHA256 of `customerId` with the site secret. */
  signature: z.string().min(1).max(200),
});
export type ChatIdentifyPayload = z.infer<typeof ChatIdentifySchema>;

/** The customer started or stopped typing in a conversation of theirs. */
export const ChatTypingSchema = z.strictObject({
  conversationId: z.string().min(1).max(100),
  active: z.boolean(),
});
export type ChatTypingPayload = z.infer<typeof ChatTypingSchema>;

/** A person (the agent) started or stopped typing. */
export interface ChatTypingNotice {
  conversationId: string;
  active: boolean;
  name: string | null;
}

/** The customer's place in the queue for a person, and the estimated wait. */
export interface ChatQueueNotice {
  conversationId: string;
  position: number;
  estimatedWaitSeconds: number | null;
}

export interface ChatIdentifyAckData {
  verified: true;
}

export type SenderRole = 'customer' | 'bot' | 'agent' | 'system';

/** A quick reply the customer can tap (botbuilder's suggested action, simplified for the widget). */
export interface QuickReply {
  title: string;
  value: string;
}

/** One stored message as the client sees it. */
export interface ChatMessageView {
  conversationId: string;
  seq: number;
  sender: SenderRole;
  /** On agent messages: the agent's display name ("Sam Ortega"), as the "joined" notice named them. */
  senderName?: string;
  text: string;
  attachments: unknown[];
  quickReplies?: QuickReply[];
  /** Present on `system` messages that carry an event (e.g. `handoff.initiate`, `parley.csat`). */
  event?: ChatEventInfo;
  clientMessageId: string | null;
  createdAt: string;
}

/** An event the bot recorded in the conversation (Bot Framework event activity: name and value). */
export interface ChatEventInfo {
  name: string;
  value?: unknown;
}

/**
 * Rich content in `attachments`, in Bot Framework attachment shapes (`{ contentType, content }`).
 * Order cards are receipt cards; articles and products are hero cards.
 */
export const CardContentTypes = {
  receipt: 'application/vnd.microsoft.card.receipt',
  hero: 'application/vnd.microsoft.card.hero',
  /** How an event travels in a stored system message (not a card: clients read `event` instead). */
  event: 'application/vnd.parley.event',
} as const;

export interface CardAction {
  /** `imBack`: send `value` as the customer's message; `openUrl`: open `value` in a new tab. */
  type: 'imBack' | 'openUrl' | string;
  title: string;
  value: string;
}

export interface HeroCard {
  title?: string;
  subtitle?: string;
  text?: string;
  images?: { url: string; alt?: string }[];
  buttons?: CardAction[];
}

export interface ReceiptCard {
  title?: string;
  facts?: { key: string; value: string }[];
  items?: { title: string; subtitle?: string; price?: string; quantity?: string }[];
  total?: string;
  tax?: string;
  vat?: string;
  buttons?: CardAction[];
}

export type CardAttachment =
  | { contentType: typeof CardContentTypes.receipt; content: ReceiptCard; name?: string }
  | { contentType: typeof CardContentTypes.hero; content: HeroCard; name?: string };

export interface ChatMessageAckData {
  conversationId: string;
  seq: number;
  /** False when this clientMessageId had already been stored (a re-send). */
  created: boolean;
}

export interface ChatResumeAckData {
  conversationId: string;
  state: 'bot' | 'queued' | 'agent' | 'closed';
  messages: ChatMessageView[];
  /** True when more messages follow; resume again after the last seq. */
  more: boolean;
}

export interface ChatSessionPayload {
  visitorId: string;
  /** Keep it (e.g. localStorage) and send it as `auth.visitorToken` when reconnecting. */
  visitorToken: string;
}

export interface ChatClientToServerEvents {
  'chat:message': (payload: ChatMessagePayload, ack: AckCallback<ChatMessageAckData>) => void;
  'chat:resume': (payload: ChatResumePayload, ack: AckCallback<ChatResumeAckData>) => void;
  'chat:identify': (payload: ChatIdentifyPayload, ack: AckCallback<ChatIdentifyAckData>) => void;
  'chat:typing': (payload: ChatTypingPayload, ack: AckCallback<Record<string, never>>) => void;
}

export interface ChatServerToClientEvents {
  'chat:reply': (message: ChatMessageView) => void;
  'chat:session': (session: ChatSessionPayload) => void;
  'chat:error': (error: { code: string; message: string; event?: string }) => void;
  'chat:typing': (notice: ChatTypingNotice) => void;
  'chat:queue': (notice: ChatQueueNotice) => void;
}
