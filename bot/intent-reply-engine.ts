/**
 * The foundation's bot: recognise the intent, answer with one of that intent's written responses,
 * or ask to rephrase with a few topics to pick from. The dialogs replace it piece by piece.
 */
import type { BotReply, BotTurnInput, ReplyEngine, SuggestedAction } from './reply-engine';

export interface RecognizedIntent {
  /** Intent name, or "none" when nothing is confident enough. */
  intent: string;
  score: number;
}

export type IntentAnalyzer = (text: string) => RecognizedIntent | Promise<RecognizedIntent>;

export interface IntentReplyEngineOptions {
  analyze: IntentAnalyzer;
  /** Intent name → response variants. */
  responses: ReadonlyMap<string, readonly string[]>;
  /** Topics offered when the bot did not understand. */
  fallbackTopics?: SuggestedAction[];
}

export const DEFAULT_FALLBACK_TOPICS: SuggestedAction[] = [
  { title: 'Where is my order?', value: 'Where is my order?' },
  { title: 'Return an item', value: 'I want to return an item' },
  { title: 'Shipping costs', value: 'How much is shipping?' },
  { title: 'Talk to a person', value: 'I would like to talk to a person' },
];

export class IntentReplyEngine implements ReplyEngine {
  constructor(private readonly options: IntentReplyEngineOptions) {}

  async respond({ message }: BotTurnInput): Promise<BotReply[]> {
    const { intent, score } = await this.options.analyze(message.text);
    const variants = intent === 'none' ? undefined : this.options.responses.get(intent);
    if (!variants || variants.length === 0) {
      return [
        {
          text: "Sorry, I didn't quite get that. Could you put it another way, or pick one of these?",
          suggestedActions: this.options.fallbackTopics ?? DEFAULT_FALLBACK_TOPICS,
          meta: { intent: 'none', score },
        },
      ];
    }
    // Vary the wording over a conversation, deterministically (same seq, same answer).
    const text = variants[message.seq % variants.length];
    return [{ text, meta: { intent, score } }];
  }
}
