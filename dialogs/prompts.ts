/**
 * Light prompts: free text read by a parser, a choice among quick replies, and yes/no. Each re-asks
 * at most `maxRetries` times (default 2) and then ends with `undefined`, so the dialog can say what
 * to do instead of asking forever. A message that is clearly about something else (a confident intent
 * the prompt does not own, three words or more) also ends it with `undefined` and marks a topic switch
 * that the dialogs pass up to the router. A question to an upset customer says sorry and offers a person.
 *
 * The router asks the waiting prompt whether the message answers it (`answersActivePrompt`) before it
 * treats the message as an interruption, so an answer that fits is never taken for something else.
 */
import type { Activity, TurnContext } from 'botbuilder';
import {
  Prompt,
  type DialogContext,
  type PromptOptions,
  type PromptRecognizerResult,
  type PromptValidatorContext,
  type Choice,
} from 'botbuilder-dialogs';
import { quickReplyActions, reply } from './replies';
import { TALK_TO_A_PERSON } from './results';
import { normalize, readYesNo } from './text';
import { NONE_INTENT, understandingOf } from './understanding';
// The handoff's own reading of "the reply offers a person", so an offer made here is one it waits on.
import { MAX_OFFER_CHOICES, offersPerson } from '../handoff';
import { isUpset, offeringPerson, sendKeepingChoices, upsetLead, UpsetTexts } from './upset';

export const TOPIC_SWITCH_KEY = 'parley.topicSwitch';

/** Intents that never count as a topic switch (short social turns the prompt should just re-ask on). */
const NEVER_SWITCH = new Set(['smalltalk.greeting', 'smalltalk.thanks', 'help', NONE_INTENT]);

export interface PromptSettings {
  maxRetries?: number;
  /** Intents this prompt's dialog handles itself (not a topic switch). */
  ownIntents?: readonly string[];
  /** Minimum score of a different intent to count as a topic switch (default 0.85). */
  switchScore?: number;
  /**
   * Intents that take the message even when the prompt could read an answer in it: "I want to return
   * A1042" at the order-status flow's order-number prompt is a return, not a status question.
   */
  yieldTo?: readonly string[];
}

export const PromptTexts = {
  upset: UpsetTexts.offer,
};

/** True when a prompt ended this turn because the customer changed the subject. */
export function topicSwitched(context: TurnContext): boolean {
  return context.turnState.get(TOPIC_SWITCH_KEY) === true;
}

function isNewTopic(context: TurnContext, settings: PromptSettings): boolean {
  const u = understandingOf(context);
  const { intent, score, reason } = u.topIntent;
  if (reason !== 'ok' || NEVER_SWITCH.has(intent) || (settings.ownIntents ?? []).includes(intent))
    return false;
  if (score < (settings.switchScore ?? 0.85)) return false;
  return u.text.trim().split(/\s+/).length >= 3;
}

/** A message the prompt could read, but that is a confident request for one of `yieldTo`. */
function yields(context: TurnContext, settings: PromptSettings): boolean {
  const intent = understandingOf(context).topIntent.intent;
  return (settings.yieldTo ?? []).includes(intent) && isNewTopic(context, settings);
}

function limitedValidator<T>(settings: PromptSettings) {
  return async (prompt: PromptValidatorContext<T>): Promise<boolean> => {
    if (prompt.recognized.succeeded && !yields(prompt.context, settings)) return true;
    if (isNewTopic(prompt.context, settings)) {
      prompt.context.turnState.set(TOPIC_SWITCH_KEY, true);
      return true;
    }
    // Gave up after the last re-ask: end with undefined and let the dialog explain.
    return prompt.attemptCount > (settings.maxRetries ?? 2);
  };
}

async function sendPrompt(
  context: TurnContext,
  options: PromptOptions,
  isRetry: boolean,
  quickReplies?: Choice[],
): Promise<void> {
  const source = isRetry && options.retryPrompt ? options.retryPrompt : options.prompt;
  if (!source) return;
  const activity: Partial<Activity> =
    typeof source === 'string' ? { type: 'message', text: source } : { ...source };
  if (quickReplies?.length && !activity.suggestedActions)
    activity.suggestedActions = {
      actions: quickReplyActions(
        // A tap sends the words on the button, which the customer sees as their message; the prompt
        // matches them back to the choice (value, title and synonyms), so no internal value (a SKU,
        // "yes") is put in their mouth.
        quickReplies.map((c) => ({
          title: c.action?.title ?? c.value,
          value: typeof c.action?.value === 'string' ? c.action.value : c.value,
        })),
      ),
      to: [],
    };
  await sendUpsetAware(context, activity, isRetry);
}

/**
 * An upset customer is not answered with the bare question: sorry and the offer of a person lead it,
 * on its first ask as on a re-ask (see ./upset). A prompt with more choices than the offer allows
 * keeps them, and the offer goes just before it in a message of its own.
 */
async function sendUpsetAware(
  context: TurnContext,
  activity: Partial<Activity>,
  isRetry: boolean,
): Promise<void> {
  const u = understandingOf(context);
  const upset = offeringPerson(context) || (isRetry && isUpset(u));
  if (!upset || offersPerson(activity)) {
    await context.sendActivity(activity);
    return;
  }
  const lead = upsetLead(context);
  const actions = activity.suggestedActions?.actions ?? [];
  if (actions.length >= MAX_OFFER_CHOICES) {
    await context.sendActivity(reply(lead, { quickReplies: [TALK_TO_A_PERSON] }));
    await sendKeepingChoices(context, activity);
    return;
  }
  activity.text = `${lead} ${activity.text ?? ''}`.trim();
  activity.suggestedActions = { actions: [...actions, ...quickReplyActions([TALK_TO_A_PERSON])], to: [] };
  await context.sendActivity(activity);
}

/** A prompt that can say whether a message answers it without counting an attempt. */
abstract class AnsweringPrompt extends Prompt<string> {
  async answers(context: TurnContext, state: object, options: PromptOptions): Promise<boolean> {
    if (context.activity.type !== 'message') return false;
    return (await this.onRecognize(context, state, options)).succeeded;
  }
}

/**
 * True when the prompt the customer is looking at (the innermost active dialog) can read this turn's
 * message as its answer: an email address at an email prompt, an order number at an order-number
 * prompt, yes or no at a confirm.
 */
export async function answersActivePrompt(dc: DialogContext): Promise<boolean> {
  // `child` builds a new DialogContext on every read: read it once per level.
  let current: DialogContext = dc;
  for (let child = current.child; child; child = current.child) current = child;
  const active = current.activeDialog;
  if (!active) return false;
  const prompt = current.findDialog(active.id);
  if (!(prompt instanceof AnsweringPrompt)) return false;
  // botbuilder's Prompt keeps its own state and the options it was started with here.
  const saved = active.state as { state?: object; options?: PromptOptions };
  return prompt.answers(current.context, saved.state ?? {}, saved.options ?? {});
}

/** Free text read by `parse` (e.g. an order number or an email address). */
export class InputPrompt extends AnsweringPrompt {
  constructor(
    dialogId: string,
    /** Reads the answer; `options` are the prompt's own (e.g. `validations` carrying what was offered). */
    private readonly parse: (context: TurnContext, options: PromptOptions) => string | undefined,
    settings: PromptSettings = {},
  ) {
    super(dialogId, limitedValidator<string>(settings));
  }

  protected async onPrompt(
    context: TurnContext,
    _state: object,
    options: PromptOptions,
    isRetry: boolean,
  ): Promise<void> {
    await sendPrompt(context, options, isRetry, options.choices as Choice[] | undefined);
  }

  protected async onRecognize(
    context: TurnContext,
    _state: object,
    options: PromptOptions,
  ): Promise<PromptRecognizerResult<string>> {
    const value = context.activity.type === 'message' ? this.parse(context, options) : undefined;
    return value === undefined ? { succeeded: false } : { succeeded: true, value };
  }
}

/** One of a few choices, offered as quick replies; matched on value, title and synonyms. */
export class ChoiceInputPrompt extends AnsweringPrompt {
  constructor(dialogId: string, settings: PromptSettings = {}) {
    super(dialogId, limitedValidator<string>(settings));
  }

  protected async onPrompt(
    context: TurnContext,
    _state: object,
    options: PromptOptions,
    isRetry: boolean,
  ): Promise<void> {
    await sendPrompt(context, options, isRetry, choicesOf(options));
  }

  protected async onRecognize(
    context: TurnContext,
    _state: object,
    options: PromptOptions,
  ): Promise<PromptRecognizerResult<string>> {
    const value = matchChoice(context.activity.text ?? '', choicesOf(options));
    return value === undefined ? { succeeded: false } : { succeeded: true, value };
  }
}

/** Yes or no; the quick replies can be worded (`choices`: [yes title, no title]). Ends with "yes" or "no". */
export class ConfirmInputPrompt extends AnsweringPrompt {
  constructor(dialogId: string, settings: PromptSettings = {}) {
    super(dialogId, limitedValidator<string>(settings));
  }

  protected async onPrompt(
    context: TurnContext,
    _state: object,
    options: PromptOptions,
    isRetry: boolean,
  ): Promise<void> {
    const [yes, no] = choicesOf(options);
    await sendPrompt(context, options, isRetry, [yes ?? { value: 'Yes' }, no ?? { value: 'No' }]);
  }

  protected async onRecognize(
    context: TurnContext,
    _state: object,
    options: PromptOptions,
  ): Promise<PromptRecognizerResult<string>> {
    const text = context.activity.text ?? '';
    const [yes, no] = choicesOf(options);
    const worded = matchChoice(text, [yes, no].filter(Boolean) as Choice[]);
    const answer = worded !== undefined ? worded === yes?.value : readYesNo(text);
    return answer === undefined ? { succeeded: false } : { succeeded: true, value: answer ? 'yes' : 'no' };
  }
}

function choicesOf(options: PromptOptions): Choice[] {
  return (options.choices ?? []).map((c) => (typeof c === 'string' ? { value: c } : c));
}

/** The value of the one choice the text names, or undefined. */
export function matchChoice(text: string, choices: readonly Choice[]): string | undefined {
  const t = normalize(text);
  if (!t) return undefined;
  const names = (c: Choice) =>
    [c.value, c.action?.title, ...(c.synonyms ?? [])].filter(Boolean).map((n) => normalize(n as string));
  const exact = choices.filter((c) => names(c).includes(t));
  if (exact.length === 1) return exact[0].value;
  const padded = ` ${t} `;
  const contained = choices.filter((c) => names(c).some((n) => n.length > 0 && padded.includes(` ${n} `)));
  if (contained.length === 1) return contained[0].value;
  const index = /^\d$/.test(t) ? Number(t) - 1 : -1;
  return index >= 0 && index < choices.length && !choices.some((c) => normalize(c.value) === t)
    ? choices[index].value
    : undefined;
}
