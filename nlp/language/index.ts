/** Language of a customer message (ISO 639-1, or "und"). */
export { detectLanguage, MAX_LANGUAGE_CHARS } from './detect';
export type { LanguageGuess } from './detect';
