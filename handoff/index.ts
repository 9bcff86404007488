/**
 * Human handoff: escalation policy (reason codes), packets for agents (TextRank summary, entities,
 * mood, intents, what the bot tried, CRM profile), queue with priority and wait estimates, routing by
 * skills, capacity and presence, atomic claims, transfer, resolve and hand-back, email + ticket when
 * nobody can answer. Other folders import from here.
 */
export { HandoffService } from './service';
export type {
  BotBridge,
  ConversationDetail,
  EscalateRequest,
  EscalateResult,
  HandoffLogger,
  HandoffServiceOptions,
  HandoffStore,
  InboxScope,
} from './service';
export { AgentDirectory, profileOf } from './directory';
export { handBackContext, type HandBackContext } from './handback';
export { OfflineDesk, transcriptText, type OfferWhy, type TicketOutcome } from './offline-desk';
export { CsatAsker } from './csat';
export { botText, initiateEvent, statusEvent } from './outgoing';
export { HandoffError, type HandoffErrorCode } from './errors';
export {
  EscalationPolicy,
  DEFAULT_POLICY,
  moodSignalsOf,
  moodTrigger,
  resolvePolicy,
  triggerFromRequest,
} from './policy';
export type { CustomerRisk, MoodConfig, MoodSignals, PolicyConfig, TurnSignals } from './policy';
export {
  REASON_PRIORITY,
  TIER_PRIORITY,
  basePriority,
  compareQueued,
  effectivePriority,
  type PriorityInput,
} from './priority';
export {
  DEFAULT_ROUTING,
  compareLoad,
  eligible,
  notifiable,
  pickAgent,
  resolveRouting,
  routingIntent,
  teamFor,
} from './routing';
export type { RouteRequest, RoutingConfig } from './routing';
export { PresenceRegistry, type AgentProfile, type PresenceOptions } from './presence';
export { HandoffQueue, describeWait, type QueueEntry, type QueueOptions } from './queue';
export {
  ALWAYS_OPEN,
  businessHours,
  type BusinessHours,
  type BusinessHoursConfig,
  type Weekday,
} from './business-hours';
export { buildPacket, defaultPacketAnalyzers, type PacketAnalyzers, type PacketInput } from './packet';
export { IntentCatalog, PacketBuilder, type PacketRequest } from './packet-builder';
export {
  CrmCustomerSource,
  riskOf,
  toPacketCustomer,
  type CrmCustomerSourceOptions,
  type CustomerSource,
} from './customers';
export { InsightStore, type ConversationInsight, type TurnEntity, type TurnRecord } from './insights';
export {
  EVENT_ATTACHMENT_TYPE,
  SENDER_ATTACHMENT_TYPE,
  StoreOutbox,
  eventOf,
  senderNameOf,
  type Outbox,
  type Outgoing,
  type QuickReply,
} from './outbox';
export { DEFAULT_ASSISTANT_NAME, DEFAULT_TEXTS, assistantOf, type HandoffTexts } from './texts';
export {
  HandoffEscalator,
  HandoffMiddleware,
  MAX_OFFER_CHOICES,
  TurnOutbox,
  isPersonOffer,
  moodTriggerOf,
  offersPerson,
  relayToAgents,
  toActivity,
  type EscalationRequestLike,
  type HandoffEscalatorOptions,
  type HandoffMiddlewareOptions,
  type OutgoingActivity,
  type TurnFacts,
  type TurnLike,
  type TurnStateLike,
  type TurnUnderstanding,
} from './bot-bridge';
export { toView, type ViewContext } from './views';
export { tapMessages, type AppendListener } from './message-tap';
export * from './types';
