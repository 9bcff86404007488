/**
 * The widget's own strings, in English and German (written by us, not machine-translated), and the
 * choice of language: an explicit setting (the script tag's `data-locale`, then the site's
 * configuration) wins; with "auto" the browser's preferred languages decide; English otherwise.
 */
export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];
/** What a site (or the script tag) may configure. */
export type LocaleSetting = Locale | 'auto';

export interface Strings {
  openChat: string;
  closeChat: string;
  unread: (count: number) => string;
  defaultTitle: string;
  defaultGreeting: string;
  conversation: string;
  inputLabel: string;
  placeholder: string;
  send: string;
  you: string;
  agent: string;
  /** The header while the assistant answers. */
  online: string;
  /** The header while the customer waits in the queue for a person. */
  waitingForPerson: string;
  /** The header while a person from the team has the chat (named when known). */
  chattingWith: (name: string | null) => string;
  offline: string;
  offlineBanner: string;
  connecting: string;
  sending: string;
  notSent: string;
  retry: string;
  discard: string;
  tooLong: (max: number) => string;
  /** Near the limit: how much of it is used. */
  charCount: (used: number, max: number) => string;
  /** Over the limit (e.g. a long paste): by how much; nothing was cut. */
  overLimit: (over: number, max: number) => string;
  typing: (name: string) => string;
  suggestedReplies: string;
  cards: (count: number) => string;
  newTab: string;
  /** A link to the help-centre article a bot answer was taken from. */
  readArticle: string;
  newConversation: string;
  handoffStarted: string;
  queued: (position: number | null) => string;
  wait: (seconds: number | null) => string;
  agentJoined: (name: string | null) => string;
  transferred: string;
  handedBack: string;
  agentLeft: string;
  noOneAvailable: string;
  emailLabel: string;
  emailInvalid: string;
  emailSend: string;
  rateChat: string;
  stars: (n: number) => string;
  rated: (n: number) => string;
  order: string;
  total: string;
  tax: string;
  vat: string;
  quantity: string;
}

const en: Strings = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  unread: (n) => (n === 1 ? '1 unread message' : `${n} unread messages`),
  defaultTitle: 'Support',
  defaultGreeting: 'Hi! How can we help you today?',
  conversation: 'Conversation',
  inputLabel: 'Your message',
  placeholder: 'Type your message…',
  send: 'Send',
  you: 'You',
  agent: 'Agent',
  online: 'We reply in a few seconds',
  waitingForPerson: 'Waiting for a person from our team',
  chattingWith: (name) =>
    name ? `You're chatting with ${name}` : "You're chatting with a person from our team",
  offline: 'Offline',
  offlineBanner: "You're offline. Your messages will be sent as soon as the connection is back.",
  connecting: 'Connecting…',
  sending: 'Sending…',
  notSent: 'Not sent.',
  retry: 'Retry',
  discard: 'Delete',
  tooLong: (max) => `Messages can be at most ${max} characters long.`,
  charCount: (used, max) => `${used} / ${max} characters`,
  overLimit: (over, max) =>
    `Your message is ${over} ${over === 1 ? 'character' : 'characters'} over the ${max}-character limit. Please shorten it (or send it in parts).`,
  typing: (name) => `${name} is typing…`,
  suggestedReplies: 'Suggested replies',
  cards: (n) => `${n} cards, scroll sideways`,
  newTab: '(opens in a new tab)',
  readArticle: 'Read the full article',
  newConversation: 'New conversation',
  handoffStarted: 'Connecting you with a person from our team…',
  queued: (p) => (p === null ? "You're in the queue." : `You're number ${p} in the queue.`),
  wait: (s) =>
    s === null
      ? "We'll be with you as soon as someone is free."
      : s < 90
        ? 'Expected wait: about a minute.'
        : `Expected wait: about ${Math.round(s / 60)} minutes.`,
  agentJoined: (name) => (name ? `${name} joined the chat.` : 'A person from our team joined the chat.'),
  transferred: "You're being passed to a colleague who can help with this.",
  handedBack: "You're chatting with our assistant again.",
  agentLeft: 'The conversation has ended.',
  noOneAvailable: "No one is available right now. Leave your email and we'll get back to you.",
  emailLabel: 'Your email address',
  emailInvalid: 'Please enter a valid email address.',
  emailSend: 'Send email address',
  rateChat: 'Rate this chat',
  stars: (n) => (n === 1 ? '1 of 5 stars' : `${n} of 5 stars`),
  rated: (n) => `You rated this chat ${n} out of 5.`,
  order: 'Order',
  total: 'Total',
  tax: 'Tax',
  vat: 'VAT',
  quantity: 'Qty',
};

const de: Strings = {
  openChat: 'Chat öffnen',
  closeChat: 'Chat schließen',
  unread: (n) => (n === 1 ? '1 ungelesene Nachricht' : `${n} ungelesene Nachrichten`),
  defaultTitle: 'Kundenservice',
  defaultGreeting: 'Hallo! Wie können wir Ihnen helfen?',
  conversation: 'Unterhaltung',
  inputLabel: 'Ihre Nachricht',
  placeholder: 'Nachricht eingeben…',
  send: 'Senden',
  you: 'Sie',
  agent: 'Mitarbeiter',
  online: 'Wir antworten in wenigen Sekunden',
  waitingForPerson: 'Sie warten auf eine Person aus unserem Team',
  chattingWith: (name) =>
    name ? `Sie chatten mit ${name}` : 'Sie chatten mit einer Person aus unserem Team',
  offline: 'Offline',
  offlineBanner: 'Sie sind offline. Ihre Nachrichten werden gesendet, sobald die Verbindung wieder steht.',
  connecting: 'Verbindung wird hergestellt…',
  sending: 'Wird gesendet…',
  notSent: 'Nicht gesendet.',
  retry: 'Erneut senden',
  discard: 'Löschen',
  tooLong: (max) => `Nachrichten dürfen höchstens ${max} Zeichen lang sein.`,
  charCount: (used, max) => `${used} / ${max} Zeichen`,
  overLimit: (over, max) =>
    `Ihre Nachricht ist ${over} Zeichen länger als erlaubt (höchstens ${max}). Bitte kürzen Sie sie (oder senden Sie sie in Teilen).`,
  typing: (name) => `${name} schreibt…`,
  suggestedReplies: 'Antwortvorschläge',
  cards: (n) => `${n} Karten, seitlich blättern`,
  newTab: '(öffnet in einem neuen Tab)',
  readArticle: 'Ganzen Artikel lesen',
  newConversation: 'Neue Unterhaltung',
  handoffStarted: 'Wir verbinden Sie mit einer Person aus unserem Team…',
  queued: (p) =>
    p === null ? 'Sie sind in der Warteschlange.' : `Sie sind Nummer ${p} in der Warteschlange.`,
  wait: (s) =>
    s === null
      ? 'Wir sind für Sie da, sobald jemand frei ist.'
      : s < 90
        ? 'Voraussichtliche Wartezeit: etwa eine Minute.'
        : `Voraussichtliche Wartezeit: etwa ${Math.round(s / 60)} Minuten.`,
  agentJoined: (name) =>
    name ? `${name} ist dem Chat beigetreten.` : 'Eine Person aus unserem Team ist dem Chat beigetreten.',
  transferred:
    'Wir verbinden Sie mit einer Kollegin oder einem Kollegen, die oder der Ihnen dabei helfen kann.',
  handedBack: 'Sie chatten wieder mit unserem Assistenten.',
  agentLeft: 'Die Unterhaltung wurde beendet.',
  noOneAvailable:
    'Gerade ist niemand erreichbar. Hinterlassen Sie Ihre E-Mail-Adresse, und wir melden uns bei Ihnen.',
  emailLabel: 'Ihre E-Mail-Adresse',
  emailInvalid: 'Bitte geben Sie eine gültige E-Mail-Adresse ein.',
  emailSend: 'E-Mail-Adresse senden',
  rateChat: 'Bewerten Sie diesen Chat',
  stars: (n) => (n === 1 ? '1 von 5 Sternen' : `${n} von 5 Sternen`),
  rated: (n) => `Sie haben diesen Chat mit ${n} von 5 bewertet.`,
  order: 'Bestellung',
  total: 'Summe',
  tax: 'Steuer',
  vat: 'MwSt.',
  quantity: 'Menge',
};

export const STRINGS: Readonly<Record<Locale, Strings>> = { en, de };

/** The supported locale for a BCP 47 tag ("de-AT" → "de"), or null. */
export function supportedLocale(tag: string | null | undefined): Locale | null {
  const base = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(base) ? (base as Locale) : null;
}

/**
 * Picks the widget's language: the script tag's `data-locale`, then the site's setting, then the
 * browser's languages in order of preference; English when nothing matches.
 */
export function pickLocale(input: {
  scriptLocale?: string | null;
  siteLocale?: LocaleSetting | string | null;
  browserLanguages?: readonly string[];
}): Locale {
  for (const explicit of [input.scriptLocale, input.siteLocale]) {
    if (explicit && explicit !== 'auto') {
      const locale = supportedLocale(explicit);
      if (locale) return locale;
    }
  }
  for (const tag of input.browserLanguages ?? []) {
    const locale = supportedLocale(tag);
    if (locale) return locale;
  }
  return 'en';
}

/** A configured text in several languages (or one string for all): the best one for `locale`. */
export function localized(
  text: string | Readonly<Record<string, string>> | undefined,
  locale: Locale,
): string | undefined {
  if (text === undefined || typeof text === 'string') return text;
  return text[locale] ?? text.en ?? Object.values(text)[0];
}
