/**
 * "Would you like me to bring in a person?" [Talk to a person] [No thanks]: the bot asks when a
 * message may mean a person but is not sure enough to hand over (or after not understanding twice),
 * and the customer's next message answers. "Talk to a person" is an explicit request the router
 * always hands over on; a short yes or no is read here; anything longer is a message of its own.
 */
import type { TurnContext } from 'botbuilder';
import { reply } from './replies';
import { TALK_TO_A_PERSON } from './results';
import { readYesNo } from './text';
import type { ConversationData } from './turn-info';

export type PersonQuestion = NonNullable<ConversationData['personQuestion']>;

const ASKED_KEY = 'parley.personQuestion';
export const NO_THANKS = 'No thanks';
/** Longer replies say more than yes or no ("No thanks, I'll rephrase" fits). */
const MAX_ANSWER_WORDS = 5;

/** Asks; the customer's next message answers (`personAnswer`). */
export async function askAboutPerson(
  context: TurnContext,
  data: ConversationData,
  text: string,
  kind: PersonQuestion,
  no = NO_THANKS,
): Promise<void> {
  data.personQuestion = kind;
  await context.sendActivity(reply(text, { quickReplies: [TALK_TO_A_PERSON, { title: no, value: no }] }));
}

/** At the start of a message's turn: only the message right after the question answers it. */
export function takePersonQuestion(context: TurnContext, data: ConversationData): void {
  context.turnState.set(ASKED_KEY, data.personQuestion);
  delete data.personQuestion;
}

/**
 * The answer to the question asked on the previous turn: yes, no (with the kind of question), or
 * undefined when there was none or the message is not a plain yes or no ("no, I want to know where my
 * order is" is a request, routed as one).
 */
export function personAnswer(
  context: TurnContext,
  text: string,
): { yes: boolean; asked: PersonQuestion } | undefined {
  const asked = context.turnState.get(ASKED_KEY) as PersonQuestion | undefined;
  if (!asked || text.trim().split(/\s+/).length > MAX_ANSWER_WORDS) return undefined;
  const yes = readYesNo(text);
  return yes === undefined ? undefined : { yes, asked };
}
