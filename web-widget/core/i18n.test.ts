import { LOCALES, STRINGS, localized, pickLocale, supportedLocale } from './i18n';

describe('pickLocale', () => {
  it.each([
    [{ browserLanguages: ['de-AT', 'en'] }, 'de'],
    [{ browserLanguages: ['fr-FR', 'de'] }, 'de'],
    [{ browserLanguages: ['fr-FR'] }, 'en'],
    [{ siteLocale: 'de', browserLanguages: ['en-GB'] }, 'de'],
    [{ siteLocale: 'auto', browserLanguages: ['de-CH'] }, 'de'],
    [{ scriptLocale: 'en', siteLocale: 'de', browserLanguages: ['de'] }, 'en'],
    [{ scriptLocale: 'xx', siteLocale: 'auto', browserLanguages: ['de'] }, 'de'],
    [{}, 'en'],
  ] as const)('%j → %s', (input, expected) => {
    expect(pickLocale(input)).toBe(expected);
  });

  it('reads tags loosely', () => {
    expect(supportedLocale('DE_de')).toBe('de');
    expect(supportedLocale('')).toBeNull();
  });
});

describe('strings', () => {
  it('exist in every language', () => {
    const keys = Object.keys(STRINGS.en).sort();
    for (const locale of LOCALES) expect(Object.keys(STRINGS[locale]).sort()).toEqual(keys);
  });

  it('count and wait in words', () => {
    expect(STRINGS.en.unread(1)).toBe('1 unread message');
    expect(STRINGS.de.unread(3)).toBe('3 ungelesene Nachrichten');
    expect(STRINGS.en.wait(240)).toBe('Expected wait: about 4 minutes.');
    expect(STRINGS.de.wait(30)).toBe('Voraussichtliche Wartezeit: etwa eine Minute.');
    expect(STRINGS.de.queued(2)).toBe('Sie sind Nummer 2 in der Warteschlange.');
  });

  it('pick configured texts per language', () => {
    expect(localized({ en: 'Hi', de: 'Hallo' }, 'de')).toBe('Hallo');
    expect(localized({ en: 'Hi' }, 'de')).toBe('Hi');
    expect(localized('Hi', 'de')).toBe('Hi');
  });
});
