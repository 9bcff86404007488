import { detectLanguage, MAX_LANGUAGE_CHARS } from './index';

describe('detectLanguage', () => {
  // [text, language, confidence]
  const table: [string, string, number][] = [
    ['hi', 'en', 0.65],
    ['hello', 'en', 0.65],
    ['ok', 'en', 0.65],
    ['thanks!', 'en', 0.695],
    ['where is my order?', 'en', 0.95],
    ['refund', 'en', 0.65],
    ['My order', 'en', 0.8],
    ['I want to cancel my subscription', 'en', 0.95],
    ['The package was supposed to arrive yesterday but it is still not here', 'en', 0.858],
    ['A1234 status', 'en', 0.5],
    ["Bonjour, je n'ai pas reçu ma commande", 'fr', 0.903],
    ["Je voudrais un remboursement s'il vous plaît", 'fr', 0.908],
    ['merci', 'fr', 0.393],
    ['Hola, ¿dónde está mi pedido?', 'es', 0.766],
    ['Mi pedido no ha llegado todavía y nadie me responde', 'es', 0.807],
    ['gracias', 'es', 0.393],
    ['Hallo, wo ist meine Bestellung?', 'de', 0.837],
    ['Ich möchte mein Geld zurück', 'de', 0.97],
    ['danke', 'de', 0.393],
    ['Ciao, dove è il mio ordine?', 'it', 0.681],
    ['Olá, onde está o meu pedido?', 'pt', 0.734],
    ['Hallo, waar is mijn bestelling?', 'nl', 0.727],
    ['Где мой заказ?', 'ru', 1],
    ['Де моє замовлення?', 'uk', 1],
    ['Πού είναι η παραγγελία μου;', 'el', 1],
    ['أين طلبي؟', 'ar', 1],
    ['मेरा ऑर्डर कहाँ है?', 'hi', 1],
    ['我的订单在哪里', 'zh', 1],
    ['注文はどこですか', 'ja', 0.875],
    ['내 주문은 어디에 있나요?', 'ko', 1],
    ['die', 'en', 0.5],
    ['', 'und', 0],
    ['   ', 'und', 0],
    ['12345', 'und', 0],
    ['A1234', 'und', 0],
    ['😡😡', 'und', 0],
    ['\u0000\u0001\u0002', 'und', 0],
    ['!!!???', 'und', 0],
    ['https://example.com/track?id=1', 'und', 0],
    ['ok merci', 'en', 0.65],
  ];

  it.each(table)('%j', (text, language, confidence) => {
    expect(detectLanguage(text)).toEqual({ language, confidence });
  });

  it('handles bad input: non-strings, 100 KB, mixed noise', () => {
    expect(detectLanguage(undefined as unknown as string)).toEqual({ language: 'und', confidence: 0 });
    expect(detectLanguage({} as unknown as string)).toEqual({ language: 'und', confidence: 0 });
    const huge = 'Je ne suis pas content de la livraison. '.repeat(3000); // ~120 KB
    const started = performance.now();
    expect(detectLanguage(huge).language).toBe('fr');
    expect(performance.now() - started).toBeLessThan(100);
    expect(MAX_LANGUAGE_CHARS).toBe(2000);
    expect(detectLanguage('\u0007where\u0000 is my order').language).toBe('en');
  });

  it('short English support messages are English', () => {
    for (const text of [
      'hi',
      'hey there',
      'where is my order?',
      'refund please',
      'still waiting',
      'cancel',
      'help!!',
      'status of A1234?',
    ]) {
      expect([text, detectLanguage(text).language]).toEqual([text, 'en']);
    }
  });
});
