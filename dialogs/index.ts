/** botbuilder-dialogs conversations of the support bot. */
export { AccountDialog, AccountTexts, readAddress, type AccountField, type AccountOptions } from './account';
export { CSAT_EVENT, CsatDialog, CsatTexts } from './csat';
export { EscalationTexts, QueueingEscalator } from './escalator';
export { FaqDialog, FaqTexts, KNOWLEDGE_ANSWER_KEY, type FaqOptions } from './faq';
export {
  FindOrderDialog,
  FindOrderTexts,
  orderNumberIn,
  type FindOrderOptions,
  type FindOrderResult,
} from './find-order';
export { GreetingDialog, GreetingTexts } from './greeting';
export { detectInterruption, type Interruption, type InterruptionOptions } from './interruptions';
export { knowledgeAnswers, type KnowledgeBaseLike } from './knowledge';
export {
  CONTINUE_IN_ENGLISH,
  DEFAULT_LANGUAGES,
  LanguageTexts,
  languageNote,
  unsupportedLanguage,
} from './languages';
export { MainDialog, MainTexts } from './main-dialog';
export { OrderStatusDialog, type OrderStatusOptions } from './order-status';
export {
  answersActivePrompt,
  ChoiceInputPrompt,
  ConfirmInputPrompt,
  InputPrompt,
  matchChoice,
  PromptTexts,
  topicSwitched,
  TOPIC_SWITCH_KEY,
  type PromptSettings,
} from './prompts';
export { RecommendDialog } from './recommend';
export { SmallTalkTexts, isHowAreYou } from './small-talk';
export { articleCard, orderCard, productCard, quickReplyActions, reply, type QuickReply } from './replies';
export { DialogIds, PromptIds, TALK_TO_A_PERSON, THATS_ALL, type ChildResult } from './results';
export {
  ReturnTexts,
  ReturnsDialog,
  returnEligibility,
  returnReference,
  type Eligibility,
  type ReturnsOptions,
} from './returns';
export type {
  DialogServices,
  EscalationRequest,
  Escalator,
  KnowledgeAnswers,
  KnowledgeFeedback,
  KnowledgeResult,
  MoodSettings,
  ReturnPolicy,
} from './services';
export * from './text';
export { DEFAULT_TOPICS } from './topics';
export { UpsetTexts, isUpset } from './upset';
export {
  TRANSCRIPT_ACTIVE_KEY,
  TURN_INFO_KEY,
  applyOutboundDecorators,
  decorateOutbound,
  setTurnInfo,
  turnInfoOf,
  type ConversationData,
  type OutboundDecorator,
  type TurnInfo,
} from './turn-info';
export {
  NONE_INTENT,
  OUT_OF_SCOPE_REASON,
  RECOGNIZED_KEY,
  entityValues,
  firstEntity,
  isOutOfScope,
  toUnderstanding,
  understandingOf,
  type RecognizedEntity,
  type SentimentReading,
  type TextAnalysis,
  type Understanding,
} from './understanding';
