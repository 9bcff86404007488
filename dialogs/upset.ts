/**
 * An upset customer gets one answer per message, never a question and a "connecting you" notice:
 *
 * - when the escalation policy's mood trigger is due for this message (the handoff decides, with the
 *   policy's own rule and counts, before the dialogs run: `moodTriggerOf`), the router hands over
 *   itself, before any dialog asks anything: the customer hears sorry and that a person is coming,
 *   and the agent gets the request in the transcript;
 * - otherwise (the bot's one chance, or a trigger the router cannot see: a high-value or high-risk
 *   customer in trouble) the bot serves the request and, on the same reply, says sorry and offers a
 *   person ("Talk to a person" among at most three quick replies, as the handoff's `offersPerson`
 *   reads an offer). The handoff middleware reads that offer as "the customer decides" and holds its
 *   own triggers back. A tap is an explicit request.
 *
 * The router opens the offer at the start of its work on a message and closes it when it is done or
 * escalates; only messages sent in between are changed (never the handoff's own notices).
 *
 * Sorry is said once per stretch of upset messages (a calm message ends the stretch), not on every
 * re-ask. An upset customer who was offered a person and is upset again at a waiting question is
 * handed over instead of being asked once more (see the router).
 */
import type { Activity, TurnContext } from 'botbuilder';
import { DEFAULT_POLICY, MAX_OFFER_CHOICES, isPersonOffer, moodTriggerOf, offersPerson } from '../handoff';
import { quickReplyActions } from './replies';
import { TALK_TO_A_PERSON } from './results';
import { decorateOutbound } from './turn-info';
import type { MoodSettings } from './services';
import type { Understanding } from './understanding';

export const UpsetTexts = {
  sorry: "I'm sorry about this.",
  /** Leads a question when the turn has not said sorry yet. */
  offer: "I'm sorry this is frustrating. If you'd rather, I can bring in a person from our team right now.",
  /** The same offer once the turn has said sorry. */
  offerAgain: "If you'd rather, I can bring in a person from our team right now.",
  /** Before the handover notice when the customer is upset enough for a person to take over. */
  handingOver: "I'm sorry this has been so frustrating.",
  /** An upset complaint, never answered with a help article: sorry, and the choice of a person. */
  complaint:
    "I'm sorry, that's not how it should be. Would you like me to bring in a person from our team? Or tell me what went wrong and I'll do my best to put it right.",
};

const OFFER_KEY = 'parley.upsetOffer';

interface OfferState {
  active: boolean;
  apologised: boolean;
  /** A prompt is being sent that keeps its own choices (it offered a person in a message of its own). */
  keepChoices: boolean;
}

/**
 * Upset enough that the handoff policy could hand the chat over on its mood: the message shows
 * frustration, or its sentiment is at or below the policy's threshold.
 */
export function isUpset(u: Understanding, mood: MoodSettings = DEFAULT_POLICY): boolean {
  return u.sentiment.frustration || u.sentiment.score <= mood.sentimentThreshold;
}

/**
 * Whether the policy's mood trigger is due for this message: the handoff middleware decides before
 * the dialogs run, with the rule and the counts the policy reads after them, so the router's handover
 * and the policy's never disagree. Without the handoff's policy there is no mood trigger.
 */
export function moodTriggerDue(context: TurnContext): boolean {
  return Boolean(moodTriggerOf(context));
}

/**
 * Starts offering a person on this turn's replies when the message is upset. `apologised`: sorry was
 * said earlier in this stretch of upset messages, so it is not said again.
 */
export function openUpsetOffer(
  context: TurnContext,
  u: Understanding,
  mood?: MoodSettings,
  apologised = false,
): void {
  if (context.activity.type !== 'message' || !isUpset(u, mood)) return;
  const existing = context.turnState.get(OFFER_KEY) as OfferState | undefined;
  if (existing) {
    existing.active = true;
    return;
  }
  const state: OfferState = { active: true, apologised, keepChoices: false };
  context.turnState.set(OFFER_KEY, state);
  decorateOutbound(context, (activities) => {
    if (!state.active || state.keepChoices) return;
    for (const activity of activities) decorate(activity, state);
  });
}

/** Stops changing replies: the router's work on the message is done, or it is escalating. */
export function closeUpsetOffer(context: TurnContext): void {
  const state = context.turnState.get(OFFER_KEY) as OfferState | undefined;
  if (state) state.active = false;
}

/** True when this turn's replies said sorry to an upset customer (or it was said earlier in the stretch). */
export function upsetApologised(context: TurnContext): boolean {
  return (context.turnState.get(OFFER_KEY) as OfferState | undefined)?.apologised === true;
}

/** True while this turn's replies offer a person (the message is upset and the router is at work). */
export function offeringPerson(context: TurnContext): boolean {
  return (context.turnState.get(OFFER_KEY) as OfferState | undefined)?.active === true;
}

/** The words that lead a question in an upset turn (sorry only once per turn). */
export function upsetLead(context: TurnContext): string {
  const state = context.turnState.get(OFFER_KEY) as OfferState | undefined;
  return state?.apologised ? UpsetTexts.offerAgain : UpsetTexts.offer;
}

/** Sends a prompt whose choices must stay as they are (e.g. three items to pick from). */
export async function sendKeepingChoices(context: TurnContext, activity: Partial<Activity>): Promise<void> {
  const state = context.turnState.get(OFFER_KEY) as OfferState | undefined;
  if (state) state.keepChoices = true;
  try {
    await context.sendActivity(activity);
  } finally {
    if (state) state.keepChoices = false;
  }
}

function decorate(activity: Partial<Activity>, state: OfferState): void {
  if (activity.type !== 'message' || !activity.text) return;
  if (/\bsorry\b/i.test(activity.text)) state.apologised = true;
  else if (!state.apologised) {
    activity.text = `${UpsetTexts.sorry} ${activity.text}`;
    state.apologised = true;
  }
  if (offersPerson(activity)) return;
  // A menu longer than the offer allows loses its last topics: for an upset customer a person
  // matters more than a fourth topic.
  const others = (activity.suggestedActions?.actions ?? []).filter((a) => !isPersonOffer(a));
  activity.suggestedActions = {
    actions: [...others.slice(0, MAX_OFFER_CHOICES - 1), ...quickReplyActions([TALK_TO_A_PERSON])],
    to: activity.suggestedActions?.to ?? [],
  };
}
