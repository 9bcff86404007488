/**
 * Language of a customer message: a tiny model of our own, fast enough for every message.
 *
 * Why not @nlpjs/language-min: its Latin-script trigram tables are empty strings in the published
 * package (only the script detector works), so every Latin-script text comes out as the first
 * language in its list. We use the same idea at a smaller scale:
 *
 * 1. the script decides non-Latin languages (Cyrillic → ru/uk, Greek → el, Arabic → ar/fa/ur, Hebrew,
 *    Devanagari, Thai, Hangul, kana → ja, Han → zh, Georgian, Armenian);
 * 2. for Latin script, function words and greetings of en, fr, es, de, it, pt and nl vote (a word in
 *    several lists splits its vote), helped by letters and endings typical of each language (ñ ¿ ß ç ã,
 *    -ción, -ção, -ung, -zione, elisions like "j'ai");
 * 3. short ASCII text without evidence for another language is English ("refund", "A1234 status"):
 *    the bias this product needs, since most support traffic is English.
 *
 * Bad input: non-strings, empty text, emoji or digits only give `und` with confidence 0. Only the first
 * {@link MAX_LANGUAGE_CHARS} characters are read.
 */
import { blankControls } from '../text';

export interface LanguageGuess {
  /** ISO 639-1 code, or "und" when unsure. */
  language: string;
  /** 0…1. */
  confidence: number;
}

export const MAX_LANGUAGE_CHARS = 2000;

const FUNCTION_WORDS: Record<string, string> = {
  en: `the be to of and a in that have i it for not on with he as you do at this but his by from they we say her
    she or an will my one all would there their what so up out if about who get which go me when make can
    like no just him know take is are was were been has had where why how your our did does don't i'm it's
    can't won't isn't doesn't didn't haven't i've i'll you're there's what's order hi hello hey thanks thank
    please yes ok okay help still yet any some am should could want need my account refund card payment
    received arrived delivery shipping problem issue cancel change password email working`,
  fr: `le la les de des du un une et est en que qui je tu il elle nous vous ils elles pas ne ce cette ces dans pour
    sur avec mais ou où mon ma mes votre vos au aux été suis ai avez avons sont très bien merci bonjour salut
    commande reçu quand comment pourquoi toujours encore rien aucun aucune plaît oui non se sa son ses lui
    leur par plus tout aussi être avoir fait faire depuis livraison remboursement colis veux voudrais besoin`,
  es: `el la los las de del y que en un una es por con no se su sus para como más pero lo le les al mi mis muy
    ya está están estoy tengo tiene hola gracias pedido dónde donde cuando cuándo qué porque todavía aún
    nada nadie sí hay ha he han fue ser estar este esta eso esto yo usted ustedes me te nos puede puedo
    quiero necesito ayuda recibido recibí llegado envío reembolso cuenta buenos buenas días favor`,
  de: `der die das den dem des und ist ich du er sie es wir ihr nicht ein eine einen einem einer mit auf für von zu
    im in an aus bei nach wie was wo warum wann aber oder auch noch nur schon sehr mein meine meinen meiner
    habe hat haben bin sind war wurde kann können bitte danke hallo bestellung keine kein nichts immer heute
    morgen gestern geld zurück dass doch mal hier jetzt guten tag lieferung paket erhalten möchte`,
  it: `il lo la i gli le di del della dei delle e è che un una uno in per con non si mi ti ci sono ho hai ha
    abbiamo hanno ma come dove quando perché anche ancora già molto mio mia miei mie suo sua questo questa
    quello ciao grazie ordine ricevuto niente nessuno sempre oggi domani ieri aiuto posso vorrei essere avere
    fatto al alla nel nella dal dalla buongiorno salve ordinato arrivato spedizione rimborso`,
  pt: `o a os as de do da dos das e é que um uma em no na nos nas por para com não se seu sua meu minha mais mas
    como onde quando porque ainda já muito está estou tenho tem foi ser estar olá oi obrigado obrigada
    pedido recebi nada ninguém sempre hoje amanhã ontem ajuda posso quero preciso você vocês eu ele ela
    isso isto este esta bom dia entrega reembolso chegou`,
  nl: `de het een en van ik je jij u is dat die niet op te in met voor zijn er maar om hij ze wij we mijn uw jouw
    heb hebt heeft hebben was werd wordt kan kunt wil nog al ook wel geen niets waar wanneer waarom hoe wat
    hallo hoi dank bedankt alstublieft bestelling ontvangen altijd vandaag morgen gisteren hulp graag bij
    naar uit over goedemorgen geleverd pakket terugbetaling`,
};

/** word → languages that list it */
const WORD_LANGUAGES = new Map<string, string[]>();
for (const [language, words] of Object.entries(FUNCTION_WORDS)) {
  for (const word of words.split(/\s+/)) {
    if (!word) continue;
    const list = WORD_LANGUAGES.get(word) ?? [];
    if (!list.includes(language)) list.push(language);
    WORD_LANGUAGES.set(word, list);
  }
}
const LANGUAGES = Object.keys(FUNCTION_WORDS);

/** Character and ending cues: [pattern, language, weight per match]. */
const CUES: readonly [RegExp, string, number, boolean?][] = [
  [/[ñ¿¡]/g, 'es', 2, true],
  [/ción\b|ciones\b/g, 'es', 1.5, true],
  [/ß/g, 'de', 2, true],
  [/[äöü]/g, 'de', 1, true],
  [/(?:ung|keit|heit|lich|chen)\b/g, 'de', 0.7],
  [/sch/g, 'de', 0.3],
  [/œ/g, 'fr', 2, true],
  [/[èêëâîïôûù]/g, 'fr', 1, true],
  [/ç/g, 'fr', 0.6, true],
  [/\b(?:j|l|d|n|c|qu|s|m|t)['’][aeiouyhéèêàâ]/g, 'fr', 1.5],
  [/(?:eau|eux|aux)\b/g, 'fr', 0.7],
  [/[ãõ]/g, 'pt', 2, true],
  [/ç[ãõ]/g, 'pt', 2, true],
  [/[ìò]/g, 'it', 1, true],
  [/zion[ei]\b/g, 'it', 1.5],
  [/\bgli\b|\bdell['’]|\bun['’]/g, 'it', 1],
  [/ij/g, 'nl', 0.6],
  [/(?:aa|uu|oe)/g, 'nl', 0.3],
  [/th/g, 'en', 0.3],
  [/ing\b/g, 'en', 0.5],
  [/\b\w+['’](?:s|t|re|ve|ll|d|m)\b/g, 'en', 1],
  [/\bwh/g, 'en', 0.4],
];

const SCRIPTS: readonly [RegExp, string][] = [
  [/[\u0400-\u04FF]/g, 'cyrillic'],
  [/[\u0370-\u03FF\u1F00-\u1FFF]/g, 'el'],
  [/[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/g, 'arabic'],
  [/[\u0590-\u05FF]/g, 'he'],
  [/[\u0900-\u097F]/g, 'hi'],
  [/[\u0E00-\u0E7F]/g, 'th'],
  [/[\uAC00-\uD7AF\u1100-\u11FF\u3130-\u318F]/g, 'ko'],
  [/[\u3040-\u30FF\u31F0-\u31FF]/g, 'ja'],
  [/[\u4E00-\u9FFF\u3400-\u4DBF]/g, 'han'],
  [/[\u10A0-\u10FF]/g, 'ka'],
  [/[\u0530-\u058F]/g, 'hy'],
];

const NON_ASCII_RE = /[^\u0000-\u007f]/;
const NOISE_RE = /(?:https?:\/\/|www\.)\S+|\S+@\S+|\S*\d\S*/g;
const NOISY_HINT_RE = /[\d@]|https?:|www\./i;
const WORD_RE = /[a-z\u00C0-\u024F]+(?:['’][a-z\u00C0-\u024F]+)*/g;

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const UND: LanguageGuess = Object.freeze({ language: 'und', confidence: 0 });

function count(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text) !== null) n++;
  return n;
}

function detectScript(text: string, latin: number): LanguageGuess | undefined {
  let best = '';
  let bestCount = 0;
  let total = latin;
  for (const [re, name] of SCRIPTS) {
    const n = count(re, text);
    total += n;
    if (n > bestCount) {
      best = name;
      bestCount = n;
    }
  }
  if (bestCount === 0 || bestCount < latin) return undefined;
  const share = bestCount / total;
  let language = best;
  if (best === 'cyrillic') language = /[іїєґ]/i.test(text) ? 'uk' : 'ru';
  else if (best === 'arabic') language = /[ٹڈڑںے]/.test(text) ? 'ur' : /[پچژگ]/.test(text) ? 'fa' : 'ar';
  else if (best === 'han') language = count(SCRIPTS[7][0], text) > 0 ? 'ja' : 'zh';
  return { language, confidence: round3(Math.min(1, 0.5 + share / 2) * Math.min(1, 0.6 + bestCount / 10)) };
}

export function detectLanguage(input: string): LanguageGuess {
  if (typeof input !== 'string' || input.length === 0) return { ...UND };
  const raw = blankControls(input.length > MAX_LANGUAGE_CHARS ? input.slice(0, MAX_LANGUAGE_CHARS) : input);
  // URLs, e-mail addresses and tokens with digits (order numbers, prices) say nothing about the language.
  const cleaned = NOISY_HINT_RE.test(raw) ? raw.replace(NOISE_RE, ' ') : raw;
  let latin = 0;
  let nonAscii = false;
  for (let i = 0; i < cleaned.length; i++) {
    const c = cleaned.charCodeAt(i);
    if (c < 128) {
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) latin++;
    } else {
      nonAscii = true;
      if (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) latin++;
    }
  }
  if (nonAscii) {
    const script = detectScript(cleaned, latin);
    if (script) return script;
  }
  if (latin === 0) return { ...UND };

  const lower = nonAscii ? cleaned.toLowerCase().replace(/’/g, "'") : cleaned.toLowerCase();
  const scores: Record<string, number> = {};
  for (const l of LANGUAGES) scores[l] = 0;
  let words = 0;
  let asciiOnly = true;
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(lower); m !== null; m = WORD_RE.exec(lower)) {
    const word = m[0];
    words++;
    if (nonAscii && asciiOnly && NON_ASCII_RE.test(word)) asciiOnly = false;
    const langs = WORD_LANGUAGES.get(word);
    if (langs) for (const l of langs) scores[l] += 1 / langs.length;
  }
  if (words === 0) return { ...UND };
  for (const [re, language, weight, needsNonAscii] of CUES) {
    if (needsNonAscii && !nonAscii) continue;
    const n = count(re, lower);
    if (n) scores[language] += n * weight;
  }

  const ranked = LANGUAGES.map((l) => [l, scores[l]] as const).sort((a, b) => b[1] - a[1]);
  const [bestLang, best] = ranked[0];
  const second = ranked[1][1];
  // Short ASCII text with no clear evidence for another language: English.
  const otherIsClear = bestLang !== 'en' && best >= 1 && scores.en <= best / 2;
  if (asciiOnly && words <= 6 && !otherIsClear && (bestLang === 'en' || best - second < 1 || best < 1.5)) {
    const support = bestLang === 'en' ? best : scores.en;
    return { language: 'en', confidence: round3(Math.min(0.95, 0.5 + 0.15 * support)) };
  }
  if (best < 1) return { ...UND };
  const margin = (best - second) / best;
  const evidence = 1 - Math.exp(-best / 2);
  const confidence = round3(Math.max(0, Math.min(1, margin * evidence)));
  if (confidence < 0.15) return { language: 'und', confidence: 0 };
  return { language: bestLang, confidence };
}
