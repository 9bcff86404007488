/**
 * A lexicon-and-rules sentiment analyser for customer messages (VADER-like, our own rules).
 *
 * Valence per word comes from AFINN-165 plus our support lexicon (and natural's pattern adjectives for
 * words AFINN lacks). Rules: negation scope, intensifiers and diminishers, "but" clauses, emoji and
 * emoticons, ALL-CAPS words, repeated punctuation and support-language frustration phrases. The sum
 * is normalised with x/√(x²+α) into [−1, 1].
 *
 * Bad input: non-strings and empty text give a neutral result; text is cut to the first
 * {@link MAX_SENTIMENT_CHARS} characters and control characters become spaces, so cost is bounded.
 */
import { blankControls } from '../text';
import {
  EMOJI_VALENCE,
  FRUSTRATION_PATTERNS,
  GENERAL_WORDS,
  INTENSIFIERS,
  NEGATABLE_SUPPORT_WORDS,
  NEGATORS,
  SUPPORT_PHRASES,
  SUPPORT_WORDS,
  loadAfinn165,
  loadPatternLexicon,
  type Lexicon,
} from './lexicon';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface SentimentResult {
  /** Normalised score in [−1, 1], rounded to 4 decimals. */
  score: number;
  label: SentimentLabel;
  /**
   * True when the message shows frustration: a support frustration phrase ("third time I ask", "still
   * nothing", "waste of time", …), an angry emoji, or a negative score (≤ −0.4) said with emphasis
   * (ALL CAPS, shouting, "!!!" / "???").
   */
  frustration: boolean;
  /** What moved the score, e.g. `negated:working`, `frustration:still nothing`, `emoji:😡`, `caps:NEVER`. */
  signals: string[];
}

/** Only this many leading characters are analysed. */
export const MAX_SENTIMENT_CHARS = 2000;

export interface SentimentOptions {
  /** Normalisation constant in x/√(x²+α). */
  alpha: number;
  /** Multiplier of a negated word's valence (when the word has no explicit negated value). */
  negationScale: number;
  /** How many words after a negator stay negated (the scope also ends at punctuation and "but"). */
  negationWindow: number;
  /** Weights of the clause before and after the last "but". */
  butBefore: number;
  butAfter: number;
  /** Magnitude added to a sentiment word written in ALL CAPS (in a mixed-case message). */
  capsBoost: number;
  /** Magnitude added per "!" (at most 4) and for "??"/"???" runs, when the message already leans. */
  exclamationBoost: number;
  questionBoost: number;
  /** Valence added per support frustration phrase. */
  frustrationValence: number;
  /** Valence of a message written entirely in capitals that has no positive words (shouting). */
  shoutingValence: number;
  /** Scale for natural's pattern adjectives (−1…+1) onto AFINN's range; 0 turns them off. */
  patternScale: number;
  /** Valence of "too" before a word that is not positive ("too slow"); 0 turns the rule off. */
  tooValence: number;
  /** |score| below this is `neutral`. */
  neutralBand: number;
  /** Score at or above which {@link toBinaryLabel} says positive (tuned on SST-2 train). */
  binaryCut: number;
}

export const DEFAULT_SENTIMENT_OPTIONS: Readonly<SentimentOptions> = Object.freeze({
  alpha: 15,
  negationScale: -0.74,
  negationWindow: 4,
  butBefore: 0.5,
  butAfter: 1.5,
  capsBoost: 0.733,
  exclamationBoost: 0.292,
  questionBoost: 0.18,
  frustrationValence: -1.5,
  shoutingValence: -1,
  patternScale: 2,
  tooValence: -1,
  neutralBand: 0.05,
  binaryCut: 0.2,
});

export type SentimentAnalyzer = (text: string) => SentimentResult;

interface Phrase {
  words: string[];
  valence: number;
}

interface Resources {
  words: Lexicon;
  negatable: Map<string, readonly [number, number]>;
  phrases: Map<string, Phrase[]>;
}

let baseLexicons: { afinn: Lexicon; pattern: Lexicon } | undefined;
function lexicons(): { afinn: Lexicon; pattern: Lexicon } {
  baseLexicons ??= { afinn: loadAfinn165(), pattern: loadPatternLexicon() };
  return baseLexicons;
}

function buildResources(options: SentimentOptions): Resources {
  const { afinn, pattern } = lexicons();
  const words: Lexicon = new Map();
  if (options.patternScale !== 0) {
    for (const [word, polarity] of pattern) words.set(word, polarity * options.patternScale);
  }
  for (const [word, valence] of Object.entries(GENERAL_WORDS)) words.set(word, valence);
  const phraseEntries: [string, number][] = [];
  for (const [word, valence] of afinn) {
    if (word.includes(' ')) phraseEntries.push([word, valence]);
    else words.set(word, valence);
  }
  for (const [word, valence] of Object.entries(SUPPORT_WORDS)) words.set(word, valence);
  phraseEntries.push(...Object.entries(SUPPORT_PHRASES));
  const phrases = new Map<string, Phrase[]>();
  for (const [text, valence] of phraseEntries) {
    const parts = text.split(' ');
    const list = phrases.get(parts[0]) ?? [];
    // Later entries (ours) replace earlier ones (AFINN) for the same phrase.
    const existing = list.findIndex((p) => p.words.join(' ') === text);
    if (existing >= 0) list.splice(existing, 1);
    list.push({ words: parts, valence });
    list.sort((a, b) => b.words.length - a.words.length);
    phrases.set(parts[0], list);
  }
  return { words, negatable: new Map(Object.entries(NEGATABLE_SUPPORT_WORDS)), phrases };
}

const enum Kind {
  Word,
  Emoji,
  Boundary,
  Exclaim,
  Question,
}

// word (with inner apostrophes) | emoticon | emoji (with modifiers/ZWJ sequences) | number | punctuation
const TOKEN_RE =
  /(\p{L}[\p{L}\p{M}]*(?:'\p{L}+)*)|((?:>:\(|:'\(|[:;=][-o^]?[)(\][dDpP/\\|]|<3)(?![\p{L}\p{N}]))|(\p{Extended_Pictographic}(?:[\u{1F3FB}-\u{1F3FF}]|\uFE0F)*(?:\u200D\p{Extended_Pictographic}(?:[\u{1F3FB}-\u{1F3FF}]|\uFE0F)*)*)|(\p{N}+)|(!+)|(\?+)|([.,;:\u2026]+|\s-\s|\))/gu;
const TOO_SKIP = new Set([
  'and',
  'but',
  'or',
  'i',
  'we',
  'you',
  'he',
  'she',
  'they',
  'it',
  'the',
  'a',
  'is',
  'was',
  'are',
  'am',
  'have',
  'has',
  'had',
  'will',
  'would',
  'please',
  'thanks',
  'lol',
]);
/** One pass that any frustration pattern needs to pass, so most messages skip the individual patterns. */
const FRUSTRATION_SCAN = new RegExp(FRUSTRATION_PATTERNS.map((p) => p.pattern.source).join('|'));
const ANGRY_EMOJI = new Set(['emoji:😡', 'emoji:😠', 'emoji:🤬', 'emoji:😤', 'emoji:🖕']);
const UPPER_WORD_RE = /^[A-Z][A-Z']*[A-Z]$/;
const HAS_LOWER_RE = /\p{Ll}/u;

function normaliseText(text: unknown): string {
  if (typeof text !== 'string' || text.length === 0) return '';
  let value = text.length > MAX_SENTIMENT_CHARS ? text.slice(0, MAX_SENTIMENT_CHARS) : text;
  value = blankControls(value).replace(/[\u2018\u2019\u02BC`´]/g, "'");
  return value;
}

/** Valence of an unlisted inflected form through its base: "terribly" → "terrible", "disappoints" → "disappoint". */
function stripAffixes(word: string, words: Lexicon): number | undefined {
  if (word.length < 5) return undefined;
  const candidates: string[] = [];
  if (word.endsWith('ly')) {
    const stem = word.slice(0, -2);
    candidates.push(stem, stem + 'e');
    if (stem.endsWith('i')) candidates.push(stem.slice(0, -1) + 'y');
    if (word.endsWith('bly')) candidates.push(word.slice(0, -1) + 'e');
  } else if (word.endsWith('ing')) {
    const stem = word.slice(0, -3);
    candidates.push(stem, stem + 'e');
    if (stem.length > 2 && stem[stem.length - 1] === stem[stem.length - 2])
      candidates.push(stem.slice(0, -1));
  } else if (word.endsWith('ed')) {
    candidates.push(word.slice(0, -2), word.slice(0, -1));
    if (word.endsWith('ied')) candidates.push(word.slice(0, -3) + 'y');
  } else if (word.endsWith('s') && !word.endsWith('ss')) {
    candidates.push(word.slice(0, -1));
    if (word.endsWith('es')) candidates.push(word.slice(0, -2));
    if (word.endsWith('ies')) candidates.push(word.slice(0, -3) + 'y');
  }
  for (const c of candidates) {
    const v = words.get(c);
    if (v !== undefined && v !== 0) return v;
  }
  return undefined;
}

/** Creates an analyser with the given options (lexicons are built once per analyser). */
export function createSentimentAnalyzer(overrides: Partial<SentimentOptions> = {}): SentimentAnalyzer {
  const options: SentimentOptions = { ...DEFAULT_SENTIMENT_OPTIONS, ...overrides };
  const res = buildResources(options);
  const { words, negatable, phrases } = res;

  return function analyze(input: string): SentimentResult {
    const text = normaliseText(input);
    const signals: string[] = [];
    const addSignal = (s: string) => {
      if (!signals.includes(s)) signals.push(s);
    };
    if (text.trim() === '') return { score: 0, label: 'neutral', frustration: false, signals };

    // Tokenise.
    const kinds: Kind[] = [];
    const lowers: string[] = [];
    const raws: string[] = [];
    let letterWords = 0;
    let upperWords = 0;
    let exclaims = 0;
    let questions = 0;
    let repeatedPunct = false;
    TOKEN_RE.lastIndex = 0;
    for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
      if (m[1] !== undefined) {
        kinds.push(Kind.Word);
        raws.push(m[1]);
        lowers.push(m[1].toLowerCase());
        if (m[1].length >= 2) {
          letterWords++;
          if (!HAS_LOWER_RE.test(m[1])) upperWords++;
        }
      } else if (m[2] !== undefined || m[3] !== undefined) {
        const raw = (m[2] ?? m[3]).toLowerCase();
        kinds.push(Kind.Emoji);
        raws.push(raw);
        lowers.push(raw.replace(/[\u{1F3FB}-\u{1F3FF}]|\uFE0F|\u200D/gu, ''));
      } else if (m[4] !== undefined) {
        continue; // numbers carry no sentiment and do not break a clause
      } else if (m[5] !== undefined) {
        kinds.push(Kind.Exclaim);
        raws.push(m[5]);
        lowers.push('!');
        exclaims += m[5].length;
        if (m[5].length >= 2) repeatedPunct = true;
      } else if (m[6] !== undefined) {
        kinds.push(Kind.Question);
        raws.push(m[6]);
        lowers.push('?');
        if (m[6].length >= 2) {
          questions += m[6].length;
          repeatedPunct = true;
        }
      } else {
        kinds.push(Kind.Boundary);
        raws.push(m[7]);
        lowers.push('.');
      }
    }
    const shouting = letterWords >= 2 && upperWords === letterWords;

    // Score sentiment units.
    const unitValence: number[] = [];
    const unitIndex: number[] = [];
    let lastBut = -1;
    const n = kinds.length;
    for (let i = 0; i < n; i++) {
      const kind = kinds[i];
      if (kind === Kind.Emoji) {
        const v = EMOJI_VALENCE[lowers[i]];
        if (v !== undefined) {
          unitValence.push(v);
          unitIndex.push(i);
          addSignal(`emoji:${raws[i]}`);
        }
        continue;
      }
      if (kind !== Kind.Word) continue;
      const word = lowers[i];
      if (word === 'but') {
        lastBut = i;
        continue;
      }

      // Phrase first (longest match), then single words.
      let valence: number | undefined;
      let negatedValence: number | undefined;
      let span = 1;
      const candidates = phrases.get(word);
      if (candidates) {
        for (const phrase of candidates) {
          const len = phrase.words.length;
          if (i + len > n) continue;
          let ok = true;
          for (let k = 1; k < len; k++) {
            if (kinds[i + k] !== Kind.Word || lowers[i + k] !== phrase.words[k]) {
              ok = false;
              break;
            }
          }
          if (ok) {
            valence = phrase.valence;
            span = len;
            break;
          }
        }
      }
      if (valence === undefined && word === 'too' && options.tooValence !== 0) {
        // "too slow", "too expensive", "too long": excess is a complaint; "me too" (no word after) is not.
        const next = i + 1 < n && kinds[i + 1] === Kind.Word ? lowers[i + 1] : undefined;
        if (next !== undefined && !TOO_SKIP.has(next)) {
          const nextValence = words.get(next) ?? 0;
          if (nextValence <= 0) {
            unitValence.push(options.tooValence);
            unitIndex.push(i);
            addSignal('too');
          }
        }
        continue;
      }
      if (valence === undefined) {
        const pair = negatable.get(word);
        if (pair) {
          valence = pair[0];
          negatedValence = pair[1];
        } else {
          valence = words.get(word) ?? stripAffixes(word, words);
        }
      }
      if (valence === undefined || (valence === 0 && negatedValence === undefined)) {
        i += span - 1;
        continue;
      }

      // Look back within the clause for negators and intensifiers.
      let factor = 1;
      let negated = false;
      let seen = 0;
      for (let j = i - 1; j >= 0 && seen < options.negationWindow; j--) {
        if (kinds[j] !== Kind.Word) break;
        const prev = lowers[j];
        if (prev === 'but') break;
        seen++;
        const bare = prev.includes("'") ? prev.replace(/'/g, '') : prev;
        if (NEGATORS.has(bare) || prev.endsWith("n't")) {
          negated = true;
          continue;
        }
        const boost = INTENSIFIERS[prev];
        if (boost !== undefined) factor *= seen === 1 ? boost : 1 + (boost - 1) * (seen === 2 ? 0.95 : 0.9);
      }
      let v = valence * factor;
      if (negated) {
        if (negatedValence !== undefined) v = negatedValence * (factor > 1 ? factor : 1);
        else v *= options.negationScale;
        addSignal(`negated:${lowers.slice(i, i + span).join(' ')}`);
      }
      if (v !== 0 && !shouting && span === 1 && raws[i].length >= 3 && UPPER_WORD_RE.test(raws[i])) {
        v += v > 0 ? options.capsBoost : -options.capsBoost;
        addSignal(`caps:${raws[i]}`);
      }
      if (v !== 0) {
        unitValence.push(v);
        unitIndex.push(i);
        if (factor > 1) addSignal('intensifier');
        else if (factor < 1) addSignal('diminisher');
      }
      i += span - 1;
    }

    let sum = 0;
    for (let u = 0; u < unitValence.length; u++) {
      let v = unitValence[u];
      if (lastBut >= 0) v *= unitIndex[u] < lastBut ? options.butBefore : options.butAfter;
      sum += v;
    }
    if (lastBut >= 0 && unitValence.length > 0) addSignal('but-clause');

    // Support frustration phrases.
    let frustration = false;
    const lower = text.toLowerCase().replace(/\s+/g, ' ');
    for (const { name, pattern } of FRUSTRATION_SCAN.test(lower) ? FRUSTRATION_PATTERNS : []) {
      if (pattern.test(lower)) {
        frustration = true;
        sum += options.frustrationValence;
        addSignal(`frustration:${name}`);
      }
    }

    if (shouting) {
      addSignal('shouting');
      if (sum <= 0) sum += options.shoutingValence;
    }

    // Emphasis from punctuation and shouting amplifies whatever the message already leans to.
    if (sum !== 0) {
      const sign = sum > 0 ? 1 : -1;
      sum += sign * Math.min(exclaims, 4) * options.exclamationBoost;
      if (questions > 1) sum += sign * (questions <= 3 ? questions * options.questionBoost : 0.96);
      if (shouting) sum *= 1.25;
    }
    if (repeatedPunct) addSignal('repeated-punctuation');

    let score = sum / Math.sqrt(sum * sum + options.alpha);
    score = Math.max(-1, Math.min(1, Math.round(score * 10000) / 10000));
    if (Object.is(score, -0)) score = 0;
    const label: SentimentLabel =
      score >= options.neutralBand ? 'positive' : score <= -options.neutralBand ? 'negative' : 'neutral';
    if (!frustration && signals.some((s) => ANGRY_EMOJI.has(s))) {
      frustration = true;
      addSignal('frustration:angry emoji');
    }
    if (
      !frustration &&
      score <= -0.4 &&
      (shouting || repeatedPunct || signals.some((s) => s.startsWith('caps:')))
    ) {
      frustration = true;
      addSignal('frustration:emphatic');
    }
    return { score, label, frustration, signals };
  };
}

let defaultAnalyzer: SentimentAnalyzer | undefined;

/** Analyses one message with the default options. Never throws. */
export function analyzeSentiment(text: string): SentimentResult {
  defaultAnalyzer ??= createSentimentAnalyzer();
  return defaultAnalyzer(text);
}

/** Binary decision (for SST-2-style evaluation): positive when score ≥ cut. */
export function toBinaryLabel(
  result: Pick<SentimentResult, 'score'>,
  cut: number = DEFAULT_SENTIMENT_OPTIONS.binaryCut,
): 'negative' | 'positive' {
  return result.score >= cut ? 'positive' : 'negative';
}
