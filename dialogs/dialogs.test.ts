import type { Order } from '../crm';
import { readAddress } from './account';
import { detectInterruption } from './interruptions';
import { CONTINUE_IN_ENGLISH, LanguageTexts, languageNote, unsupportedLanguage } from './languages';
import { isHowAreYou } from './small-talk';
import { orderHoldingNamedProduct } from './which-order';
import { matchChoice } from './prompts';
import { returnEligibility } from './returns';
import {
  describeOrder,
  formatDay,
  formatMoney,
  maskEmail,
  mentionsOtherOrder,
  normalize,
  orderHeadline,
  readYesNo,
  relativeDay,
} from './text';
import { toUnderstanding, type TextAnalysis, type Understanding } from './understanding';

const NOW = new Date('2026-11-01T12:00:00Z');
const analysis = (
  intent = 'none',
  score = 0.9,
  reason = intent === 'none' ? 'below_threshold' : 'ok',
): TextAnalysis => ({
  ranking: intent === 'none' ? [] : [{ intent, score }],
  intent,
  reason,
  entities: [],
  sentiment: { score: 0, label: 'neutral', frustration: false },
});

describe('wording', () => {
  it('dates relative to now, in calendar days of the time zone', () => {
    expect(relativeDay('2026-10-31T15:20:00Z', NOW)).toBe('yesterday');
    expect(relativeDay('2026-11-01T00:10:00Z', NOW)).toBe('today');
    expect(relativeDay('2026-11-04T18:00:00Z', NOW)).toBe('in 3 days');
    expect(relativeDay('2026-10-16T11:00:00Z', NOW)).toBe('16 days ago');
    // 23:30 UTC on 31 October is already 1 November in Amsterdam.
    expect(relativeDay('2026-10-31T23:30:00Z', NOW, 'Europe/Amsterdam')).toBe('today');
    expect(formatDay('2026-11-04T18:00:00Z')).toBe('Wednesday 4 November');
    expect(formatMoney(17800)).toBe('€178.00');
    expect(formatMoney(1995, 'GBP')).toBe('£19.95');
    expect(maskEmail('maya.okafor@example.com')).toBe('m•••@example.com');
  });

  const order = (overrides: Partial<Order>): Order => ({
    id: 'o',
    number: 'A1',
    customerId: 'c',
    lines: [{ sku: 'S', name: 'Shell — M, Slate', quantity: 1, unitPrice: 100 }],
    subtotal: 100,
    shipping: 0,
    total: 100,
    currency: 'EUR',
    status: 'processing',
    trackingNumber: null,
    carrier: null,
    placedAt: '2026-10-31T10:00:00Z',
    shippedAt: null,
    deliveredAt: null,
    estimatedDelivery: '2026-11-05T18:00:00Z',
    ...overrides,
  });

  it.each([
    [
      'processing',
      {},
      "Order A1 is being prepared and hasn't left our warehouse yet. Estimated delivery: Thursday 5 November. Items: Shell (M, Slate). It can still be changed or cancelled.",
    ],
    [
      'delayed before shipping',
      { status: 'delayed' as const },
      "Order A1 is delayed: it hasn't shipped yet because an item is waiting for stock, sorry about that. The new estimate is Thursday 5 November. Items: Shell (M, Slate).",
    ],
    [
      'cancelled',
      { status: 'cancelled' as const },
      "Order A1 was cancelled before it shipped, so you haven't been charged for it. Items: Shell (M, Slate).",
    ],
    [
      'refunded',
      { status: 'refunded' as const },
      'Order A1 was returned and refunded (€1.00). Items: Shell (M, Slate).',
    ],
  ])('describes a %s order', (_label, overrides, text) => {
    expect(describeOrder(order(overrides), NOW)).toBe(text);
  });

  it('headlines for "is this about that one?"', () => {
    expect(orderHeadline(order({ status: 'shipped', shippedAt: '2026-10-31T15:00:00Z' }), NOW)).toBe(
      'order A1 shipped yesterday',
    );
    expect(orderHeadline(order({ status: 'returned' }), NOW)).toBe(
      'your return of order A1 is being checked',
    );
  });

  it('return eligibility follows the written policy', () => {
    const policy = { windowDays: 30, finalSaleTag: 'final-sale' };
    const delivered = (days: number) =>
      order({ status: 'delivered', deliveredAt: new Date(NOW.getTime() - days * 86_400_000).toISOString() });
    expect(returnEligibility(delivered(30), NOW, policy, () => false)).toMatchObject({ eligible: true });
    expect(returnEligibility(delivered(31), NOW, policy, () => false)).toEqual({
      eligible: false,
      reason: 'outside_window',
      days: 31,
    });
    // Final-sale items stay in, marked: the policy covers them when faulty.
    const finalSale = delivered(3);
    expect(returnEligibility(finalSale, NOW, policy, () => true)).toEqual({
      eligible: true,
      lines: finalSale.lines,
      finalSale: finalSale.lines,
    });
    expect(returnEligibility(order({ status: 'shipped' }), NOW, policy, () => false)).toEqual({
      eligible: false,
      reason: 'not_delivered',
    });
  });
});

describe('reading short answers', () => {
  it.each([
    ['Yes, please!', true],
    ['yep', true],
    ['ok', true],
    ['No thanks', false],
    ['nope', false],
    ['maybe', undefined],
    ['I guess', undefined],
  ])('%s → %s', (text, expected) => {
    expect(readYesNo(text)).toBe(expected);
  });

  it('matches a choice by value, title, synonym or position', () => {
    const choices = [
      {
        value: 'email',
        action: { type: 'imBack', title: 'Email address', value: 'Email address' },
        synonyms: ['e-mail'],
      },
      { value: 'address', action: { type: 'imBack', title: 'Delivery address', value: 'Delivery address' } },
    ];
    expect(matchChoice('Email address', choices)).toBe('email');
    expect(matchChoice('my e-mail please', choices)).toBe('email');
    expect(matchChoice('the delivery address', choices)).toBe('address');
    expect(matchChoice('2', choices)).toBe('address');
    expect(matchChoice('phone', choices)).toBeUndefined();
    expect(normalize('  Yes,  PLEASE!! ')).toBe('yes please');
  });

  it('reads a one-line address', () => {
    expect(readAddress('1200 SE Morrison St, Portland OR 97214, USA')).toBe(
      '1200 SE Morrison St, Portland OR 97214, USA',
    );
    expect(readAddress('Portland')).toBeUndefined();
    expect(readAddress('somewhere nice by the sea')).toBeUndefined();
  });
});

describe('interruptions', () => {
  const u = (text: string, intent?: string, score?: number) => toUnderstanding(text, analysis(intent, score));
  it.each([
    ['cancel', 'cancel'],
    ['Never mind', 'cancel'],
    ['stop it please', 'cancel'],
    ['help', 'help'],
    ['what can you do?', 'help'],
    ['talk to a human', 'human'],
    ['Can I speak with a real person please', 'human'],
    ['agent', 'human'],
  ])('%s → %s', (text, expected) => {
    expect(detectInterruption(u(text))).toBe(expected);
  });

  it('leaves ordinary messages alone, including "cancel my order" and "that helped"', () => {
    expect(detectInterruption(u('cancel my order A1050', 'order.cancel'))).toBeUndefined();
    expect(detectInterruption(u('That helped', 'help', 0.9))).toBeUndefined();
    expect(detectInterruption(u('where is my order'))).toBeUndefined();
    expect(detectInterruption(u('I would like someone to call me', 'human.agent', 0.95))).toBe('human');
  });

  it('with explicitOnly (an answer to the prompt, or a foreign language) only the phrases count', () => {
    const email = u('jonas.weber@example.com', 'human.agent', 0.88);
    expect(detectInterruption(email)).toBe('human');
    expect(detectInterruption(email, { explicitOnly: true })).toBeUndefined();
    expect(detectInterruption(u('talk to a person', 'human.agent', 0.9), { explicitOnly: true })).toBe(
      'human',
    );
    expect(detectInterruption(u('cancel'), { explicitOnly: true })).toBe('cancel');
    expect(detectInterruption(u('help'), { explicitOnly: true })).toBe('help');
  });
});

describe('languages the intents do not cover', () => {
  it.each([
    ['es', 0.696, ['en'], 'es'],
    ['de', 0.905, ['en'], 'de'],
    ['fr', 0.39, ['en'], undefined], // "merci" alone: too weak to act on
    ['en', 0.95, ['en'], undefined],
    ['und', 0, ['en'], undefined], // "A1042", an email address
    ['de-AT', 0.9, ['en', 'de'], undefined],
    ['es', undefined, ['en-GB'], 'es'], // an analyzer that gives no confidence is taken as sure
    [undefined, undefined, ['en'], undefined],
  ] as const)('%s at %s with %j → %s', (language, languageConfidence, supported, expected) => {
    expect(unsupportedLanguage({ language, languageConfidence }, supported)).toBe(expected);
  });

  it('says it in the language when we have the sentence, and always in English', () => {
    expect(languageNote('es')).toMatchObject({
      text: `${LanguageTexts.es.text}\n\n${LanguageTexts.en.text}`,
      suggestedActions: {
        actions: [
          { title: 'Seguir en inglés', value: CONTINUE_IN_ENGLISH },
          { title: 'Hablar con una persona', value: 'Talk to a person' },
        ],
      },
    });
    expect(languageNote('it').text).toBe(LanguageTexts.en.text);
  });
});

describe('small talk and "another order"', () => {
  it.each([
    ['how are you today?', true],
    ['Hi, how are you?', true],
    ["how's it going", true],
    ['how are you doing', true],
    ['how are you going to refund me for the broken mug I got last week', false],
    ['how much is shipping?', false],
  ])('%j is "how are you?": %s', (text, expected) => {
    expect(isHowAreYou(text)).toBe(expected);
  });

  it('finds the one order holding a product the message names, and no order when several or none do', () => {
    const withLines = (number: string, ...names: string[]) =>
      ({ number, lines: names.map((name, i) => ({ sku: `S${number}${i}`, name, quantity: 1 })) }) as Order;
    const orders = [
      withLines('A1', 'Nightjar Two-Person Tent — Fern', 'Fjell Wool Beanie — Ecru'),
      withLines('A2', 'Fjell Wool Beanie — Rust', 'Corrie Wool Throw — Heather Check'),
      withLines('A3', 'Saltmarsh Fisherman Sweater — L, Ecru'),
    ];
    const said = (text: string, found: Understanding['found'] = []) =>
      orderHoldingNamedProduct(orders, { text, found })?.number ?? null;
    expect(said("my tent order still hasn't shipped")).toBe('A1');
    expect(said('I want to return the sweaters')).toBe('A3');
    expect(said('the beanie')).toBeNull(); // two orders hold a beanie
    expect(said('the throw')).toBe('A2');
    expect(said('where is my order?')).toBeNull();
    expect(said('that thing', [{ type: 'product', text: 'x', value: 'SA30' }])).toBe('A3');
  });

  it.each([
    ['another order', true],
    ['what about my other order?', true],
    ['a different one', true],
    ['where is my order?', false],
    ['the other day my parcel came', false],
  ])('%j means another order: %s', (text, expected) => {
    expect(mentionsOtherOrder(text)).toBe(expected);
  });
});

describe('understanding', () => {
  it('is a botbuilder RecognizerResult with LUIS-style entities', () => {
    const result = toUnderstanding('where is A1042', {
      ...analysis('order.status', 0.97),
      ranking: [
        { intent: 'order.status', score: 0.97 },
        { intent: 'return.item', score: 0.02 },
      ],
      entities: [{ type: 'order_number', text: 'A1042', start: 9, end: 14, value: 'A1042' }],
    });
    expect(result).toMatchObject({
      text: 'where is A1042',
      intents: { 'order.status': { score: 0.97 }, 'return.item': { score: 0.02 } },
      entities: {
        order_number: ['A1042'],
        $instance: { order_number: [{ startIndex: 9, endIndex: 14, text: 'A1042' }] },
      },
      topIntent: { intent: 'order.status', score: 0.97, reason: 'ok' },
    });
    expect(toUnderstanding('blorp', analysis()).intents).toEqual({ none: { score: 1 } });
  });
});

describe('knowledge base adapter', () => {
  it('passes answers through and names the source as sourceId in feedback', async () => {
    const recorded: unknown[] = [];
    const { knowledgeAnswers } = await import('./knowledge');
    const answers = knowledgeAnswers({
      answer: async () => ({ kind: 'suggestions', topics: [] }),
      recordFeedback: async (input) => recorded.push(input),
    });
    expect(await answers.answer('q')).toEqual({ kind: 'suggestions', topics: [] });
    await answers.recordFeedback!({
      answerId: 'a1',
      articleId: 'faq-x',
      helpful: true,
      conversationId: 'c',
      query: 'q',
    });
    expect(recorded).toEqual([
      { answerId: 'a1', sourceId: 'faq-x', helpful: true, conversationId: 'c', query: 'q' },
    ]);
  });
});
