/**
 * Light prompts: free text read by a parser, a choice among quick replies, and yes/no. Each re-asks
 * at most `maxRetries` times (default 2) and then ends with `undefined`, so the dialog can say what
 * to do instead of asking forever. A message that is clearly about something else (a confident intent
 * the prompt does not own, three words or more) also ends it with `undefined` and marks a topic switch
 * that the dialogs pass up to the router.
 */
import type { Activity, TurnContext } from 'botbuilder';
import {
  Prompt,
  type PromptOptions,
  type PromptRecognizerResult,
  type PromptValidatorContext,
  type Choice,
} from 'botbuilder-dialogs';
import { quickReplyActions } from './replies';
import { normalize, readYesNo } from './text';
import { NONE_INTENT, understandingOf } from './understanding';

export const TOPIC_SWITCH_KEY = 'parley.topicSwitch';

/** Intents that never count as a topic switch (short social turns the prompt should just re-ask on). */
const NEVER_SWITCH = new Set(['smalltalk.greeting', 'smalltalk.thanks', 'help', NONE_INTENT]);

export interface PromptSettings {
  maxRetries?: number;
  /** Intents this prompt's dialog handles itself (not a topic switch). */
  ownIntents?: readonly string[];
  /** Minimum score of a different intent to count as a topic switch (default 0.85). */
  switchScore?: number;
}

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

function limitedValidator<T>(settings: PromptSettings) {
  return async (prompt: PromptValidatorContext<T>): Promise<boolean> => {
    if (prompt.recognized.succeeded) return true;
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
        quickReplies.map((c) => ({ title: c.action?.title ?? c.value, value: c.value })),
      ),
      to: [],
    };
  await context.sendActivity(activity);
}

/** Free text read by `parse` (e.g. an order number or an email address). */
export class InputPrompt extends Prompt<string> {
  constructor(
    dialogId: string,
    private readonly parse: (context: TurnContext) => string | undefined,
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

  protected async onRecognize(context: TurnContext): Promise<PromptRecognizerResult<string>> {
    const value = context.activity.type === 'message' ? this.parse(context) : undefined;
    return value === undefined ? { succeeded: false } : { succeeded: true, value };
  }
}

/** One of a few choices, offered as quick replies; matched on value, title and synonyms. */
export class ChoiceInputPrompt extends Prompt<string> {
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
export class ConfirmInputPrompt extends Prompt<string> {
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
