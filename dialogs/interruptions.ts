/** Words that interrupt any dialog at any step: "cancel", "help", "talk to a human". */
import type { Understanding } from './understanding';

export type Interruption = 'cancel' | 'help' | 'human';

export interface InterruptionOptions {
  /**
   * Only the explicit phrases count, not the intent model's reading. Set when the message answers
   * the prompt the customer is looking at (an email at an email prompt is an answer, whatever the
   * model thinks of it) and when it is in a language the intents do not cover (the reading is noise).
   */
  explicitOnly?: boolean;
}

const CANCEL =
  /^(?:(?:please|ok|okay|oh)\s+)?(?:cancel|stop|quit|abort|exit|never\s*mind|nevermind|forget\s+(?:it|that|about\s+it))(?:\s+(?:it|that|this|please|thanks))*[\s.!]*$/i;
const HELP =
  /^(?:help|help me|help please|please help|what can you do|what can i (?:ask|say)|what are my options|options|menu|i(?:'m| am) (?:stuck|confused|lost))[\s.!?]*$/i;
const HUMAN =
  /\b(?:talk|speak|chat|connect me|put me through|transfer me|get me|i want|i need|can i have)\b.{0,30}\b(?:human|person|agent|someone|somebody|representative|people|staff|operator|real one)\b|^(?:a\s+)?(?:human|agent|representative|operator|real person|person)(?:\s+please)?[\s.!?]*$/i;

export function detectInterruption(
  u: Understanding,
  options: InterruptionOptions = {},
): Interruption | undefined {
  const text = u.text.trim();
  if (!text) return undefined;
  if (CANCEL.test(text)) return 'cancel';
  if (HUMAN.test(text)) return 'human';
  const { intent, reason, score } = u.topIntent;
  if (!options.explicitOnly && intent === 'human.agent' && reason === 'ok' && score >= 0.8) return 'human';
  if (HELP.test(text)) return 'help';
  return undefined;
}
