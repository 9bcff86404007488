/**
 * The one entry point of text analysis: `analyze(text, context)` gives the language, ranked intents
 * (or "none"), entities and sentiment of a message. Each capability lives in its own subfolder; this
 * module only composes them and caps the input once.
 */
import { detectLanguage, type LanguageGuess } from './language';
import {
  MAX_ENTITY_CHARS,
  extractEntities,
  type CustomEntityMatcher,
  type Entity,
  type ProductGazetteer,
} from './entities';
import { createSentimentAnalyzer, type SentimentAnalyzer, type SentimentResult } from './sentiment';
import { NONE_INTENT, type IntentRecognizer, type IntentScore, type RecognitionReason } from './intents';

/** Longest text analysed; the rest of a longer message is ignored (the store keeps all of it). */
export const MAX_ANALYZE_CHARS = 2000;

export interface AnalyzeContext {
  /** "Now" for resolving relative dates ("yesterday"); defaults to the analyzer's clock. */
  referenceDate?: Date;
  /** IANA time zone the customer writes in (default UTC). */
  timeZone?: string;
}

export interface Analysis {
  language: LanguageGuess['language'];
  languageConfidence: number;
  ranking: IntentScore[];
  /** Top intent, or "none" when nothing is confident enough. */
  intent: string;
  /** Why the intent is what it is: ok, below_threshold, ambiguous or out_of_scope. */
  reason: RecognitionReason;
  entities: Entity[];
  sentiment: SentimentResult;
}

export interface AnalyzerOptions {
  /** Trained intent model; without one every message is "none". */
  recognizer?: IntentRecognizer;
  gazetteer?: ProductGazetteer;
  patterns?: { orderNumber?: RegExp; trackingNumber?: RegExp };
  /** An admin's own entity lists and patterns. */
  customEntities?: CustomEntityMatcher;
  sentiment?: SentimentAnalyzer;
  clock?: () => Date;
}

export class Analyzer {
  private readonly sentiment: SentimentAnalyzer;
  private readonly clock: () => Date;

  constructor(private readonly options: AnalyzerOptions = {}) {
    this.sentiment = options.sentiment ?? createSentimentAnalyzer();
    this.clock = options.clock ?? (() => new Date());
  }

  get recognizer(): IntentRecognizer | undefined {
    return this.options.recognizer;
  }

  async analyze(text: string, context: AnalyzeContext = {}): Promise<Analysis> {
    const input = typeof text === 'string' ? text.slice(0, MAX_ANALYZE_CHARS) : '';
    const language = detectLanguage(input);
    const recognition = this.options.recognizer
      ? await this.options.recognizer.recognize(input)
      : { ranking: [], intent: NONE_INTENT, reason: 'below_threshold' as const };
    return {
      language: language.language,
      languageConfidence: language.confidence,
      ranking: recognition.ranking,
      intent: recognition.intent,
      reason: recognition.reason,
      entities: [
        ...extractEntities(input, {
          referenceDate: context.referenceDate ?? this.clock(),
          timeZone: context.timeZone,
          patterns: this.options.patterns,
          gazetteer: this.options.gazetteer,
        }),
        ...(this.options.customEntities?.find(input.slice(0, MAX_ENTITY_CHARS)) ?? []),
      ],
      sentiment: this.sentiment(input),
    };
  }
}
