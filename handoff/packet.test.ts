import type { Message, Order, Ticket, Customer } from '../store';
import { buildPacket, defaultPacketAnalyzers } from './packet';
import { toPacketCustomer, riskOf } from './customers';
import type { TurnRecord } from './insights';

let seq = 0;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 10, minute)).toISOString();
const msg = (sender: Message['sender'], text: string, attachments: unknown[] = []): Message => {
  seq += 1;
  return {
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    sender,
    senderId: null,
    text,
    attachments,
    clientMessageId: null,
    createdAt: at(seq),
  };
};
const hero = (title: string, link?: string) => ({
  contentType: 'application/vnd.microsoft.card.hero',
  content: {
    title,
    text: '',
    buttons: link ? [{ type: 'openUrl', title: 'Read the article', value: link }] : [],
  },
});

function transcript(): Message[] {
  seq = 0;
  return [
    msg('bot', 'Hi! I can help with orders, returns, shipping and sizes.'),
    msg('customer', 'Hi, my order A1042 still has not arrived and I paid €178 for express shipping.'),
    msg('bot', 'Order A1042 shipped yesterday with Heronway; the estimated delivery is Thursday.', [
      hero('Shipping times and costs', '/help/kb-shipping#express'),
    ]),
    msg('customer', 'That is not good enough, the tracking has not moved since Monday.'),
    msg('bot', "Sorry, I didn't quite get that. Could you put it another way?"),
    msg('system', 'Handing over to a person from our team.'),
    msg('customer', 'I want to talk to a person please.'),
  ];
}

const turns: TurnRecord[] = [
  {
    seq: 2,
    intent: 'order.status',
    score: 0.91,
    entities: [
      { type: 'order_number', text: 'A1042', value: 'A1042' },
      { type: 'money', text: '€178', value: { amount: 178, currency: 'EUR' } },
    ],
    sentiment: { score: -0.2, frustration: true },
    fallback: false,
  },
  {
    seq: 7,
    intent: 'human.agent',
    score: 0.97,
    entities: [],
    sentiment: { score: 0.1, frustration: false },
    fallback: false,
  },
];

const customer: Customer = {
  id: 'cu1',
  externalId: 'cust-1001',
  name: 'Maya Okafor',
  email: 'maya.okafor@example.com',
  phone: null,
  tier: 'gold',
  consent: true,
  createdAt: at(0),
};
const order = (number: string, status: Order['status'], total: number): Order => ({
  id: `o-${number}`,
  number,
  customerId: 'cu1',
  lines: [],
  subtotal: total,
  shipping: 0,
  total,
  currency: 'EUR',
  status,
  trackingNumber: null,
  carrier: null,
  placedAt: at(0),
  shippedAt: null,
  deliveredAt: null,
  estimatedDelivery: null,
});
const ticket: Ticket = {
  id: 't1',
  customerId: 'cu1',
  email: null,
  conversationId: null,
  orderNumber: 'A1043',
  kind: 'complaint',
  subject: 'Delayed throw',
  body: '',
  status: 'open',
  createdAt: at(0),
  updatedAt: at(0),
};

describe('buildPacket', () => {
  const orders = [
    order('A1042', 'shipped', 17_800),
    order('A1043', 'delayed', 12_000),
    order('A1018', 'delivered', 9_900),
    order('A1001', 'refunded', 5_000),
  ];
  const packetCustomer = toPacketCustomer(
    { customer, recentOrders: orders.slice(0, 3), openTickets: [ticket] },
    orders,
  );
  const packet = buildPacket(
    {
      conversationId: 'c1',
      trigger: { reason: 'customer_request', detail: 'customer_request' },
      messages: transcript(),
      turns,
      notes: ['Most relevant order: A1042 (shipped)'],
      customer: packetCustomer,
      team: 'orders',
      category: 'orders',
      requestedAt: at(7),
    },
    defaultPacketAnalyzers(),
  );

  test('a TextRank summary of at most three sentences, both sides represented', () => {
    expect(packet.summarySentences.length).toBeGreaterThan(0);
    expect(packet.summarySentences.length).toBeLessThanOrEqual(3);
    expect(packet.summarySentences.some((s) => s.speaker === 'customer')).toBe(true);
    expect(packet.summary).toMatch(/^Customer: /m);
    expect(packet.summary).not.toMatch(/Handing over/);
  });

  test("the customer's problem in one line", () => {
    expect(packet.problem).not.toContain('\n');
    expect(packet.problem.length).toBeLessThanOrEqual(160);
    expect(packet.problem).toMatch(/A1042|tracking/);
  });

  test('entities from every customer message, recorded or re-analysed, counted once each', () => {
    const byType = Object.fromEntries(packet.entities.map((e) => [e.type, e]));
    expect(byType.order_number).toMatchObject({ value: 'A1042', count: 1 });
    expect(byType.money).toMatchObject({ value: { amount: 178, currency: 'EUR' } });
    // Message 4 has no record: re-analysed, its date is found.
    expect(byType.date).toMatchObject({ text: 'Monday' });
    expect(packet.entities.some((e) => e.type === 'number')).toBe(false);
  });

  test('sentiment trajectory over customer messages and intents seen with their best confidence', () => {
    expect(packet.sentiment.scores).toHaveLength(3);
    expect(packet.sentiment.scores[0]).toBe(-0.2);
    expect(packet.sentiment.scores[1]).toBeLessThan(0); // "not good enough", re-analysed
    expect(packet.sentiment.scores[2]).toBe(0.1);
    expect(packet.sentiment.frustration).toBe(true);
    expect(packet.intents).toEqual([
      { intent: 'human.agent', confidence: 0.97, count: 1 },
      { intent: 'order.status', confidence: 0.91, count: 1 },
    ]);
  });

  test('what the bot tried: answers after the first customer message, articles, notes', () => {
    expect(packet.tried.answers).toHaveLength(2);
    expect(packet.tried.answers[0]).toMatch(/^Order A1042 shipped yesterday/);
    expect(packet.tried.articles).toEqual([
      { id: 'kb-shipping', title: 'Shipping times and costs', link: '/help/kb-shipping#express' },
    ]);
    expect(packet.tried.notes).toEqual(['Most relevant order: A1042 (shipped)']);
  });

  test('a long bot answer is cut at a word without breaking its Markdown (a link whole or left out, bold closed)', () => {
    seq = 0;
    const lead =
      'You can send an item back within 30 days of delivery, free of charge, from any Heronway point.';
    const answers = [
      // The link runs across the 240th character: left out whole.
      `${lead} Print the label from your account first, then pack the item well, keep the receipt and drop it off; see [how to send an item back](/help/kb-returns#send-back) for the steps.`,
      // The bold run crosses it: closed after its last whole word.
      `${lead} Print the label from your account first, then pack the item well, keep the receipt and drop it off. **Refunds reach your card within five working days of our check**, and we email you.`,
    ];
    const tried = buildPacket(
      {
        conversationId: 'c3',
        trigger: { reason: 'customer_request', detail: 'asked' },
        messages: [msg('customer', 'how do I return my lamp?'), ...answers.map((text) => msg('bot', text))],
        turns: [],
        customer: null,
        team: null,
        category: null,
        requestedAt: at(0),
      },
      defaultPacketAnalyzers(),
    ).tried;
    expect(answers.every((a) => a.length > 240)).toBe(true);
    expect(tried.answers).toEqual([
      `${lead} Print the label from your account first, then pack the item well, keep the receipt and drop it off; see…`,
      `${lead} Print the label from your account first, then pack the item well, keep the receipt and drop it off. **Refunds reach your card within five**…`,
    ]);
    for (const answer of tried.answers) expect(answer.length).toBeLessThanOrEqual(240);
  });

  test('CRM profile: tier, lifetime value without refunds, recent orders, open tickets', () => {
    expect(packet.customer).toMatchObject({
      name: 'Maya Okafor',
      tier: 'gold',
      lifetimeValue: 17_800 + 12_000 + 9_900,
      currency: 'EUR',
      orderCount: 4,
    });
    expect(packet.customer?.recentOrders.map((o) => o.number)).toEqual(['A1042', 'A1043', 'A1018', 'A1001']);
    expect(packet.customer?.openTickets).toEqual([
      { id: 't1', subject: 'Delayed throw', kind: 'complaint', status: 'open', createdAt: at(0) },
    ]);
    expect(riskOf(packet.customer!)).toEqual({
      tier: 'gold',
      lifetimeValue: 39_700,
      openTickets: 1,
      openComplaints: 1,
    });
  });

  test('reason code, label, routing and timing fields', () => {
    expect(packet).toMatchObject({
      version: 1,
      reason: 'customer_request',
      reasonLabel: 'Asked for a person',
      team: 'orders',
      category: 'orders',
      messageCount: 7,
      requestedAt: at(7),
    });
  });

  test('an empty conversation still gives a packet', () => {
    const empty = buildPacket(
      {
        conversationId: 'c2',
        trigger: { reason: 'agent_takeover', detail: 'agent_takeover' },
        messages: [],
        turns: [],
        customer: null,
        team: null,
        category: null,
        requestedAt: at(0),
      },
      defaultPacketAnalyzers(),
    );
    expect(empty).toMatchObject({
      summary: '',
      problem: '',
      entities: [],
      intents: [],
      customer: null,
      sentiment: { scores: [] },
    });
  });
});

describe('the escalation summary puts the customer first', () => {
  const quick = { contentType: 'application/vnd.parley.suggested-actions', content: { actions: [] } };
  const product = (title: string) => ({
    contentType: 'application/vnd.microsoft.card.hero',
    content: { title, buttons: [{ type: 'imBack', title: 'Tell me more', value: title }] },
  });
  const packetOf = (messages: Message[]) =>
    buildPacket(
      {
        conversationId: 'c1',
        trigger: { reason: 'negative_sentiment', detail: 'frustration:2' },
        messages,
        turns: [],
        customer: null,
        team: null,
        category: null,
        requestedAt: at(0),
      },
      defaultPacketAnalyzers(),
    );

  test("an upset visitor's problem statement outranks the bot's re-prompt", () => {
    seq = 0;
    const packet = packetOf([
      msg('bot', "Hi! I'm the Fellwick & Tarn assistant. Ask me about an order.", [quick]),
      msg('customer', 'how much is shipping to the UK?'),
      msg('bot', 'Standard shipping to the UK costs €9.95 and takes 3–5 working days.'),
      msg('customer', 'where is my order'),
      msg('bot', "What's your order number? It's an A followed by four digits, like A1042."),
      msg('customer', 'my parcel is two weeks late and nobody answers my emails!!'),
      msg(
        'bot',
        "That doesn't look like an order number. It's an A followed by four digits, like A1042 — you'll find it in your order confirmation email.",
      ),
      msg('customer', 'this is ridiculous'),
    ]);
    expect(packet.summarySentences[0].speaker).toBe('customer');
    expect(packet.summary).toMatch(/^Customer: /);
    expect(packet.summary).toContain('my parcel is two weeks late and nobody answers my emails!!');
    expect(packet.summary).toContain('this is ridiculous'); // the message that escalated
    expect(packet.summary).not.toMatch(/doesn't look like an order number/);
    expect(packet.summarySentences.length).toBeLessThanOrEqual(3);
  });

  test("a prompt's hint never reads as the customer's order", () => {
    seq = 0;
    const packet = packetOf([
      msg('customer', 'where is my parcel'),
      msg('bot', "What's your order number? It looks like A1042 and it's in your order confirmation email."),
      msg('customer', 'my parcel is two weeks late and nobody answers my emails!!'),
    ]);
    expect(packet.summary).toContain('my parcel is two weeks late and nobody answers my emails!!');
    expect(packet.summary).not.toMatch(/A1042|order number/);
  });

  test("recommendation carousels and prompts never crowd out Maya's late gift", () => {
    seq = 0;
    const packet = packetOf([
      msg('customer', 'can you recommend a blanket?'),
      msg(
        'bot',
        'Since you bought the Merino Throw, you might like the Alpaca Throw, the Wool Rug and the Linen Cushion.',
        [product('Alpaca Throw'), product('Wool Rug'), product('Linen Cushion'), quick],
      ),
      msg('customer', 'my order A1043 is late again and it was a gift for Friday'),
      msg('bot', 'Order A1043 is delayed; the new estimated delivery is Monday.'),
      msg('customer', '😡😡😡'),
    ]);
    expect(packet.summary).toContain('my order A1043 is late again and it was a gift for Friday');
    expect(packet.summary).toContain('😡😡😡');
    expect(packet.summary).not.toMatch(/Alpaca|might like/);
    expect(packet.summary.split('\n')[0]).toMatch(/^Customer: /);
  });
});
