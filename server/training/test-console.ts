/**
 * The test console: what the live model makes of a message, and what the bot would answer, with the
 * reasons. Reads only: the analysis is the live analyzer's, knowledge passages come from the
 * knowledge base's search, and the reply from a throwaway run of the dialogs (reply-preview.ts).
 */
import type { Analysis } from '../../nlp';
import type { LiveLanguageModel } from '../language-model';
import type { ReplyPreview, ReplyPreviewer } from './reply-preview';

export interface KnowledgeSearch {
  search(
    query: string,
    k: number,
  ): Promise<{ id: string; title: string; snippet: string; score: number; link?: string }[]>;
}

export interface TestConsoleOptions {
  live: LiveLanguageModel;
  knowledge?: KnowledgeSearch;
  preview?: ReplyPreviewer;
  /** Ranked intents returned (default 10). */
  maxRanking?: number;
}

export interface TestConsoleResult {
  text: string;
  language: string;
  languageConfidence: number;
  ranking: { intent: string; score: number }[];
  /** The decided intent, or "none". */
  intent: string;
  entities: Analysis['entities'];
  sentiment: Analysis['sentiment'];
  knowledge: { articleId: string; title: string; snippet: string; score: number; link?: string }[];
  /** Null when no reply previewer is configured. */
  reply: (Pick<ReplyPreview, 'text' | 'quickReplies'> & Omit<ReplyPreview, 'text' | 'quickReplies'>) | null;
  why: {
    /** Threshold the top intent had to reach, and whether it is the intent's own or the calibrated one. */
    threshold: number;
    thresholdSource: 'intent' | 'calibrated';
    /** Calibrated global threshold of the live model. */
    calibratedThreshold: number;
    /** Ambiguity margin: the top two must be at least this far apart. */
    margin: number;
    topIntent: string | null;
    topScore: number;
    secondScore: number;
    /** ok, below_threshold, ambiguous or out_of_scope. */
    decision: Analysis['reason'];
    /** The decision in one sentence. */
    explanation: string;
    /** What the bot did with it: the route taken and why. */
    policy: {
      route: 'escalate' | 'dialog' | 'knowledge' | 'reply' | 'fallback' | 'unknown';
      detail: string;
      escalation: ReplyPreview['escalation'];
      dialog: string | null;
      knowledgeAnswer: ReplyPreview['knowledge'];
    };
  };
  model: { id: string | null; usesEmbeddings: boolean };
}

export async function runTestConsole(text: string, options: TestConsoleOptions): Promise<TestConsoleResult> {
  const { live } = options;
  // One snapshot of the live model for the whole request.
  const analyzer = live.analyzer;
  const recognizer = live.recognizer;
  const modelId = live.modelId;
  const margin = live.margin();
  const analysis = await analyzer.analyze(text);
  const top = analysis.ranking[0];
  const calibrated = recognizer.activeCalibration.threshold;
  const threshold = top ? recognizer.thresholdFor(top.intent) : calibrated;
  const [hits, preview] = await Promise.all([
    options.knowledge ? options.knowledge.search(text, 3) : Promise.resolve([]),
    options.preview ? options.preview(text, analysis) : Promise.resolve(null),
  ]);
  return {
    text,
    language: analysis.language,
    languageConfidence: analysis.languageConfidence,
    ranking: analysis.ranking.slice(0, options.maxRanking ?? 10),
    intent: analysis.intent,
    entities: analysis.entities,
    sentiment: analysis.sentiment,
    knowledge: hits.slice(0, 3).map((hit) => ({
      articleId: hit.id,
      title: hit.title,
      snippet: hit.snippet,
      score: hit.score,
      ...(hit.link ? { link: hit.link } : {}),
    })),
    reply: preview,
    why: {
      threshold,
      thresholdSource: top && threshold !== calibrated ? 'intent' : 'calibrated',
      calibratedThreshold: calibrated,
      margin,
      topIntent: top?.intent ?? null,
      topScore: top?.score ?? 0,
      secondScore: analysis.ranking[1]?.score ?? 0,
      decision: analysis.reason,
      explanation: explain(analysis, threshold, threshold !== calibrated, margin),
      policy: policyOf(analysis, preview),
    },
    model: { id: modelId, usesEmbeddings: recognizer.usesEmbeddings },
  };
}

function explain(analysis: Analysis, threshold: number, override: boolean, margin: number): string {
  const [top, second] = analysis.ranking;
  if (!top) return 'No usable text: nothing to classify.';
  const f = (x: number) => x.toFixed(2);
  const which = override ? `its own threshold ${f(threshold)}` : `the calibrated threshold ${f(threshold)}`;
  const gap = top.score - (second?.score ?? 0);
  if (analysis.reason === 'out_of_scope')
    return `Out of scope: the message is closest to the out-of-scope examples (or shares no word with any intent): none.`;
  if (analysis.reason === 'below_threshold')
    return `${top.intent} scored ${f(top.score)}, below ${which}: none.`;
  if (analysis.reason === 'ambiguous')
    return `${top.intent} (${f(top.score)}) and ${second?.intent} (${f(second?.score ?? 0)}) are ${f(gap)} apart, less than the margin ${f(margin)}: none.`;
  return `${top.intent} scored ${f(top.score)}, at or above ${which}, ${f(gap)} ahead of ${second ? second.intent : 'nothing'} (margin ${f(margin)}).`;
}

function policyOf(analysis: Analysis, preview: ReplyPreview | null): TestConsoleResult['why']['policy'] {
  const base = {
    escalation: preview?.escalation ?? null,
    dialog: preview?.dialog ?? null,
    knowledgeAnswer: preview?.knowledge ?? null,
  };
  if (!preview) return { route: 'unknown', detail: 'No reply preview is configured.', ...base };
  if (preview.escalation)
    return {
      route: 'escalate',
      detail: `Hands over to a person (${preview.escalation.reason}).`,
      ...base,
    };
  if (preview.knowledge?.kind === 'answer')
    return {
      route: 'knowledge',
      detail: `Answers from ${preview.knowledge.articleId} (confidence ${preview.knowledge.confidence.toFixed(2)}).`,
      ...base,
    };
  if (preview.dialog)
    return { route: 'dialog', detail: `Starts the ${preview.dialog} dialog, which asks for more.`, ...base };
  if (analysis.intent === 'none')
    return {
      route: 'fallback',
      detail:
        analysis.reason === 'ambiguous'
          ? 'The top two intents are closer than the margin: the bot asks to rephrase or offers topics.'
          : 'No intent reached its threshold: the bot asks to rephrase or offers topics.',
      ...base,
    };
  return { route: 'reply', detail: `Answers for intent ${analysis.intent}.`, ...base };
}
