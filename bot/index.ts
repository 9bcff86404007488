export * from './reply-engine';
export * from './intent-reply-engine';
export type { AnalyzeContext, TextAnalysis, TextAnalyzer } from './analyzer';
export {
  botFrameworkHandler,
  createCloudAdapter,
  type BotFrameworkCredentials,
  type BotFrameworkHandler,
} from './bot-framework';
export {
  APOLOGY,
  createSupportBot,
  type BotLogger,
  type ParleyBot,
  type SupportBotDependencies,
} from './create-support-bot';
export {
  HandoffGateMiddleware,
  RecognizerMiddleware,
  TranscriptMiddleware,
  conversationIdFor,
  type HandoffGateOptions,
  type RecognizerOptions,
  type TranscriptOptions,
} from './middleware';
export {
  BOT_ACCOUNT,
  SocketIoAdapter,
  WEB_CHANNEL_ID,
  type SocketIoAdapterOptions,
} from './socket-io-adapter';
export { StoreStateStorage, type StoreStateStorageOptions } from './state-storage';
export { ParleyConversationState, ParleyUserState } from './state';
export { WriteCoalescer, withGroupCommit } from './group-commit';
export { EVENT_ATTACHMENT_TYPE, isStorable, storedMessageOf, toNewMessage } from './stored-activity';
export { SupportBot, type SupportBotOptions, type UserProfile } from './support-bot';
export { FALLBACK_TEXTS, TurnRecorder, type TurnRecorderOptions } from './turn-recorder';
