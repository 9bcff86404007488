/**
 * What the recognizer made of the customer's message, in botbuilder's RecognizerResult shape (intents
 * and LUIS-style entities) plus the flat entity list, the ranking and the sentiment. The bot's
 * recognizer middleware puts it in the turn state; dialogs read it with `understandingOf`.
 */
import type { RecognizerResult, TurnContext } from 'botbuilder';

export const RECOGNIZED_KEY = 'parley.recognized';
export const NONE_INTENT = 'none';
/** The recognizer's reason for "none" when the message is not something the bot handles at all. */
export const OUT_OF_SCOPE_REASON = 'out_of_scope';

/** One entity found in the message (the nlp module's Entity, narrowed to what dialogs read). */
export interface RecognizedEntity {
  type: string;
  text: string;
  start?: number;
  end?: number;
  value: unknown;
  /** For products: the catalogue name; `value` is the SKU. */
  canonical?: string;
}

export interface SentimentReading {
  score: number;
  label: string;
  frustration: boolean;
}

/** The analysis the recognizer is given (structurally the nlp module's `Analysis`). */
export interface TextAnalysis {
  language?: string;
  /** How sure the language guess is, 0–1 (absent: the analyzer does not say, take it as sure). */
  languageConfidence?: number;
  ranking: { intent: string; score: number }[];
  /** Top intent, or "none". */
  intent: string;
  /** ok, out_of_scope, below_threshold or ambiguous (see the nlp module's RecognitionReason). */
  reason: string;
  entities: RecognizedEntity[];
  sentiment: SentimentReading;
}

export interface Understanding extends RecognizerResult {
  text: string;
  /** The decided intent ("none" when unsure), its score and why. */
  topIntent: { intent: string; score: number; reason: string };
  ranking: { intent: string; score: number }[];
  found: RecognizedEntity[];
  sentiment: SentimentReading;
  language?: string;
  languageConfidence?: number;
}

/** How many ranked intents go into `intents` (botbuilder consumers read the map). */
const RANKED_INTENTS = 5;

export function toUnderstanding(text: string, analysis: TextAnalysis): Understanding {
  const intents: Record<string, { score: number }> = {};
  for (const { intent, score } of analysis.ranking.slice(0, RANKED_INTENTS)) intents[intent] = { score };
  const top = analysis.ranking[0];
  const score =
    analysis.intent === NONE_INTENT
      ? (top?.score ?? 0)
      : (analysis.ranking.find((r) => r.intent === analysis.intent)?.score ?? top?.score ?? 0);
  if (analysis.intent === NONE_INTENT) intents[NONE_INTENT] = { score: 1 - (top?.score ?? 0) };

  // LUIS-style entities: values per type, and where each was found under $instance.
  const entities: Record<string, unknown[]> = {};
  const instances: Record<string, unknown[]> = {};
  for (const entity of analysis.entities) {
    (entities[entity.type] ??= []).push(entity.value);
    (instances[entity.type] ??= []).push({
      startIndex: entity.start,
      endIndex: entity.end,
      text: entity.text,
      ...(entity.canonical ? { canonical: entity.canonical } : {}),
    });
  }
  return {
    text,
    intents,
    entities: { ...entities, $instance: instances },
    topIntent: { intent: analysis.intent, score, reason: analysis.reason },
    ranking: analysis.ranking,
    found: analysis.entities,
    sentiment: analysis.sentiment,
    language: analysis.language,
    languageConfidence: analysis.languageConfidence,
  };
}

const EMPTY_SENTIMENT: SentimentReading = { score: 0, label: 'neutral', frustration: false };

/** The turn's understanding; a turn the recognizer skipped reads as "none" with no entities. */
export function understandingOf(context: TurnContext): Understanding {
  const found = context.turnState.get(RECOGNIZED_KEY) as Understanding | undefined;
  if (found) return found;
  const text = context.activity.text ?? '';
  return toUnderstanding(text, {
    ranking: [],
    intent: NONE_INTENT,
    reason: 'below_threshold',
    entities: [],
    sentiment: EMPTY_SENTIMENT,
  });
}

/** Values of one entity type, in order of appearance. */
export function entityValues(u: Understanding, type: string): unknown[] {
  return u.found.filter((e) => e.type === type).map((e) => e.value);
}

/**
 * The recognizer found the message out of scope (its out-of-scope class won, or no word of it is one
 * the intents know), not merely unsure: no help article answers it.
 */
export function isOutOfScope(u: Understanding): boolean {
  return u.topIntent.intent === NONE_INTENT && u.topIntent.reason === OUT_OF_SCOPE_REASON;
}

export function firstEntity(u: Understanding, type: string): RecognizedEntity | undefined {
  return u.found.find((e) => e.type === type);
}
