/**
 * Messages in a language the intents do not cover. The intent model only knows the shop's languages
 * (the demo: English), so its reading of anything else is noise: a Spanish "where is my order?" can
 * score as a data-protection request. Instead the bot says, in the customer's language where we have
 * the sentence and in English, that it answers in English and can bring in a person.
 */
import type { Activity } from 'botbuilder';
import { reply, type QuickReply } from './replies';
import { TALK_TO_A_PERSON } from './results';
import type { Understanding } from './understanding';

/** The languages the demo's intents are written in. */
export const DEFAULT_LANGUAGES: readonly string[] = ['en'];

/** Below this the language guess is too weak to act on ("merci", "hola" alone score about 0.4). */
export const MIN_LANGUAGE_CONFIDENCE = 0.6;

/** Sent when "Continue in English" is tapped: it reads as a request for help, so the bot says what it can do. */
export const CONTINUE_IN_ENGLISH = 'What can you do?';

interface LanguageNote {
  text: string;
  continueInEnglish: string;
  talkToAPerson: string;
}

export const LanguageTexts: { en: LanguageNote } & Record<string, LanguageNote> = {
  en: {
    text: 'Sorry, I can only answer in English for now. We can carry on in English, or I can bring in a person from our team.',
    continueInEnglish: 'Continue in English',
    talkToAPerson: TALK_TO_A_PERSON,
  },
  es: {
    text: 'Lo siento, por ahora solo puedo responder en inglés. Podemos seguir en inglés o puedo pasarte con una persona de nuestro equipo.',
    continueInEnglish: 'Seguir en inglés',
    talkToAPerson: 'Hablar con una persona',
  },
  de: {
    text: 'Entschuldigung, ich kann im Moment nur auf Englisch antworten. Wir können auf Englisch weitermachen, oder ich hole eine Person aus unserem Team dazu.',
    continueInEnglish: 'Auf Englisch weiter',
    talkToAPerson: 'Mit einer Person sprechen',
  },
  fr: {
    text: "Désolé, pour l'instant je ne peux répondre qu'en anglais. Nous pouvons continuer en anglais, ou je peux faire appel à une personne de notre équipe.",
    continueInEnglish: 'Continuer en anglais',
    talkToAPerson: 'Parler à une personne',
  },
};

function base(language: string): string {
  return language.trim().toLowerCase().split(/[-_]/)[0];
}

/**
 * The message's language when it is one the bot's intents do not cover and the guess is confident;
 * otherwise undefined (English, undetermined — "A1042", an email address — or too short to tell).
 */
export function unsupportedLanguage(
  u: Pick<Understanding, 'language' | 'languageConfidence'>,
  supported: readonly string[] = DEFAULT_LANGUAGES,
): string | undefined {
  if (!u.language) return undefined;
  const language = base(u.language);
  if (!language || language === 'und') return undefined;
  if ((u.languageConfidence ?? 1) < MIN_LANGUAGE_CONFIDENCE) return undefined;
  return supported.some((s) => base(s) === language) ? undefined : language;
}

/** The note in the customer's language (when we have it) followed by English, with two quick replies. */
export function languageNote(language: string): Partial<Activity> {
  const own = LanguageTexts[language];
  const en = LanguageTexts.en;
  const text = own && own !== en ? `${own.text}\n\n${en.text}` : en.text;
  const words = own ?? en;
  const quickReplies: QuickReply[] = [
    { title: words.continueInEnglish, value: CONTINUE_IN_ENGLISH },
    { title: words.talkToAPerson, value: TALK_TO_A_PERSON },
  ];
  return reply(text, { quickReplies });
}
