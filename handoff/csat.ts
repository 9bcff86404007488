/**
 * Customer satisfaction after a person resolved the chat, when no bot bridge does it: the question
 * with 1–5 quick replies, and a 1–5 answer recorded as a `parley.csat` event. Asked once; any other
 * reply drops the question and goes to the bot as usual.
 */
import type { Outbox } from './outbox';
import { botText } from './outgoing';
import type { HandoffTexts } from './texts';

const SCORE = /^\s*([1-5])(?:\s*(?:\/\s*5|out of 5|stars?))?\s*[.!]?\s*$/i;

export class CsatAsker {
  private readonly pending = new Set<string>();

  constructor(private readonly texts: Pick<HandoffTexts, 'csatQuestion' | 'csatThanks'>) {}

  async ask(conversationId: string, outbox: Outbox): Promise<void> {
    this.pending.add(conversationId);
    const scores = ['1', '2', '3', '4', '5'].map((n) => ({ title: n, value: n }));
    await outbox.send(conversationId, [botText(this.texts.csatQuestion, scores)]);
  }

  /** True when `text` answered the question (recorded and thanked); the bot should not answer it. */
  async answer(conversationId: string, text: string, outbox: Outbox): Promise<boolean> {
    if (!this.pending.delete(conversationId)) return false;
    const match = SCORE.exec(text);
    if (!match) return false;
    const score = Number(match[1]);
    await outbox.send(conversationId, [
      { kind: 'event', name: 'parley.csat', value: { score }, text: `Rated this chat ${score} out of 5.` },
      botText(this.texts.csatThanks(score)),
    ]);
    return true;
  }
}
