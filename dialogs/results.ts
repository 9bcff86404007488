/** How a child dialog tells the router what to do when it ends. */
export interface ChildResult {
  /** The message was about something else: route it afresh. */
  reroute?: boolean;
  /** Nothing answered it: the router's fallback takes over. */
  miss?: boolean;
  /** Start this dialog next (e.g. the greeting's "yes, that order" → order status). */
  next?: { dialogId: string; options?: object };
  /** Hand the conversation to a person. */
  escalate?: { reason: string };
}

export const DialogIds = {
  main: 'main',
  faq: 'faq',
  orderStatus: 'orderStatus',
  findOrder: 'findOrder',
  returns: 'returns',
  account: 'account',
  recommend: 'recommend',
  greeting: 'greeting',
  csat: 'csat',
} as const;

/** Prompt ids (used for contextual help). */
export const PromptIds = {
  orderChoice: 'orderChoice',
  orderNumber: 'orderNumber',
  orderEmail: 'orderEmail',
  returnItem: 'returnItem',
  returnCondition: 'returnCondition',
  returnConfirm: 'returnConfirm',
  accountField: 'accountField',
  newEmail: 'newEmail',
  newAddress: 'newAddress',
  accountConfirm: 'accountConfirm',
  greetingOrder: 'greetingOrder',
  csatScore: 'csatScore',
  faqFeedback: 'faqFeedback',
} as const;

export const TALK_TO_A_PERSON = 'Talk to a person';
export const THATS_ALL = "That's all, thanks";

/** A waterfall's scratch values (botbuilder types them as `object`). */
export function valuesOf(step: { values: object }): Record<string, unknown> {
  return step.values as Record<string, unknown>;
}
