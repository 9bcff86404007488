/**
 * The text analysis the bot needs, as a narrow interface: the nlp module's `Analyzer` fits it as is
 * (`new Analyzer({ recognizer, gazetteer, patterns })`), and tests pass small fakes.
 */
import type { TextAnalysis } from '../dialogs';

export type { TextAnalysis };

export interface AnalyzeContext {
  referenceDate?: Date;
  timeZone?: string;
}

export interface TextAnalyzer {
  analyze(text: string, context?: AnalyzeContext): TextAnalysis | Promise<TextAnalysis>;
}
