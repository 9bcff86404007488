/**
 * Final-sale items and the written return policy (server/seed/articles.ts): they can't be returned for
 * a change of mind, but they are covered when faulty. So a final-sale item is asked whether it is
 * damaged or faulty: yes (or the customer's description) takes the damaged path and opens a ticket
 * with their words; no is refused with the policy's reason and opens nothing. Read by the service's
 * own language model, with the handoff as the service composes it (./handoff-bot).
 */
import { ReturnTexts } from '../../dialogs';
import type { Ticket } from '../../store';
import { NOW, type ExpectedReply, type Row } from '../helpers/bot-harness';
import { demoAnalyzer } from '../helpers/demo-bot';
import { startHandoffBot, type HandoffBot } from './handoff-bot';

let bot: HandoffBot;
beforeEach(async () => {
  bot = await startHandoffBot({}, { analyzer: await demoAnalyzer() });
  const jonas = (await bot.h.store.customers.getByExternalId('cust-1004'))!.id;
  const delivered = new Date(NOW.getTime() - 5 * 86_400_000).toISOString();
  const base = {
    customerId: jonas,
    shipping: 0,
    currency: 'EUR',
    status: 'delivered' as const,
    trackingNumber: 'FT1111111111DE',
    carrier: 'Marlow Parcel',
    placedAt: delivered,
    shippedAt: delivered,
    deliveredAt: delivered,
    estimatedDelivery: delivered,
  };
  // A9001: a final-sale clock beside a returnable pour-over set; A9002: only final-sale tea towels.
  await bot.h.store.orders.create({
    ...base,
    number: 'A9001',
    subtotal: 11300,
    total: 11300,
    lines: [
      { sku: 'FT-HM-004', name: 'Sundial Oak Wall Clock', quantity: 1, unitPrice: 8900 },
      { sku: 'FT-KT-003', name: 'Driftline Pour-Over Set', quantity: 1, unitPrice: 2400 },
    ],
  });
  await bot.h.store.orders.create({
    ...base,
    number: 'A9002',
    subtotal: 2400,
    total: 2400,
    lines: [{ sku: 'FT-HM-005', name: 'Millrace Linen Tea Towels', quantity: 1, unitPrice: 2400 }],
  });
});
afterEach(async () => {
  await bot.close();
});

const TOWELS = 'the Millrace Linen Tea Towels';
const CLOCK = 'the Sundial Oak Wall Clock';
const POUR_OVER = 'the Driftline Pour-Over Set';
const YES_NO = ['Yes', 'No'];
const WHICH_ITEM: ExpectedReply = {
  text: `Hi Jonas! ${ReturnTexts.whichItem} (The Sundial Oak Wall Clock is final sale, so it can only come back if faulty)`,
  quickReplies: ['Sundial Oak Wall Clock', 'Driftline Pour-Over Set', 'All of them'],
};
const damagedConfirm = (items: string, order: string): ExpectedReply => ({
  text: ReturnTexts.confirmDamaged(items, order),
  quickReplies: ['Yes, report it', 'No, leave it', 'Talk to a person'],
});
const REPORTED = /^Done — I've reported the .* as damaged \(reference R-[A-Z0-9]{6}\)\./;
const DAMAGED_TAIL =
  'Opened by the chat bot. Damaged or faulty items are covered used or not: once the photos are in, send a replacement or a refund, whichever the customer prefers.';

/** [case, rows, the ticket it opens (null: none)] */
const cases: [string, Row[], Partial<Ticket> | null][] = [
  [
    'only final sale, described as damaged: the damaged path, her words on the ticket',
    [
      [
        'I want to return order A9002',
        [{ text: `Hi Jonas! ${ReturnTexts.finalSaleCondition(TOWELS, false)}`, quickReplies: YES_NO }],
      ],
      ['they arrived torn', [damagedConfirm(TOWELS, 'A9002')]],
      ['Yes, report it', [REPORTED]],
    ],
    {
      orderNumber: 'A9002',
      subject: 'Damaged or faulty, order A9002: Millrace Linen Tea Towels',
      body: [
        'Items reported damaged or faulty:',
        '- 1 × Millrace Linen Tea Towels (FT-HM-005)',
        'Reason: Damaged or faulty; the customer said: "they arrived torn". Photos requested.',
        DAMAGED_TAIL,
      ].join('\n'),
    },
  ],
  [
    'only final sale, "yes" it is faulty: the damaged path, the ticket says she confirmed it',
    [
      ['I want to return order A9002', [/final sale, so it can only come back if it's faulty/]],
      ['yes', [damagedConfirm(TOWELS, 'A9002')]],
      ['Yes, report it', [REPORTED]],
    ],
    {
      orderNumber: 'A9002',
      body: [
        'Items reported damaged or faulty:',
        '- 1 × Millrace Linen Tea Towels (FT-HM-005)',
        'Reason: Damaged or faulty; the customer confirmed it when asked. Photos requested.',
        DAMAGED_TAIL,
      ].join('\n'),
    },
  ],
  [
    'only final sale and unused: refused with the policy reason, nothing opened',
    [
      ['I want to return order A9002', [/Did it arrive damaged, or is it faulty\?$/]],
      ['no', [{ text: ReturnTexts.finalSaleRefused(TOWELS, false), quickReplies: ['Talk to a person'] }]],
    ],
    null,
  ],
  [
    'only final sale, "no, they are unused": refused the same way',
    [
      ['I want to return order A9002', [/Did it arrive damaged, or is it faulty\?$/]],
      ["No, they're unused with the tags on", [ReturnTexts.finalSaleRefused(TOWELS, false)]],
    ],
    null,
  ],
  [
    'the final-sale item of a mixed order is offered, and faulty it takes the damaged path',
    [
      ['I want to return order A9001', [WHICH_ITEM]],
      [
        'Sundial Oak Wall Clock',
        [{ text: ReturnTexts.finalSaleCondition(CLOCK, false), quickReplies: YES_NO }],
      ],
      ['the glass is cracked', [damagedConfirm(CLOCK, 'A9001')]],
      ['Yes, report it', [REPORTED]],
    ],
    {
      orderNumber: 'A9001',
      body: expect.stringContaining(
        '- 1 × Sundial Oak Wall Clock (FT-HM-004)\nReason: Damaged or faulty; the customer said: "the glass is cracked".',
      ),
    },
  ],
  [
    'the returnable item of a mixed order takes the usual question and return',
    [
      ['I want to return order A9001', [WHICH_ITEM]],
      ['Driftline Pour-Over Set', [{ text: ReturnTexts.condition(false), quickReplies: YES_NO }]],
      ['yes', [ReturnTexts.confirm(POUR_OVER, 'A9001')]],
      [
        'Yes, open the return',
        [/^Done — I've opened return R-[A-Z0-9]{6} for the Driftline Pour-Over Set\./],
      ],
    ],
    {
      orderNumber: 'A9001',
      subject: 'Return from order A9001: Driftline Pour-Over Set',
      body: [
        'Items to return:',
        '- 1 × Driftline Pour-Over Set (FT-KT-003)',
        'Opened by the chat bot; the customer confirmed the items are unused with tags.',
      ].join('\n'),
    },
  ],
  [
    'all of a mixed order, unused: the final-sale item stays out, the rest goes back',
    [
      ['I want to return order A9001', [WHICH_ITEM]],
      ['All of them', [ReturnTexts.condition(true)]],
      ['yes', [`${ReturnTexts.finalSaleLeftOut(CLOCK, false)} ${ReturnTexts.confirm(POUR_OVER, 'A9001')}`]],
      ['Yes, open the return', [/for the Driftline Pour-Over Set\./]],
    ],
    {
      orderNumber: 'A9001',
      subject: 'Return from order A9001: Driftline Pour-Over Set',
      body: expect.not.stringContaining('Sundial'),
    },
  ],
  [
    'all of a mixed order, damaged: every item reported',
    [
      ['I want to return order A9001', [WHICH_ITEM]],
      ['All of them', [ReturnTexts.condition(true)]],
      ['both arrived broken', [damagedConfirm(`${CLOCK} and ${POUR_OVER}`, 'A9001')]],
      ['Yes, report it', [REPORTED]],
    ],
    {
      orderNumber: 'A9001',
      subject: 'Damaged or faulty, order A9001: Sundial Oak Wall Clock, Driftline Pour-Over Set',
    },
  ],
];

describe('final-sale items in the returns flow', () => {
  it.each(cases)('%s', async (_name, rows, ticket) => {
    const c = await bot.h.conversation({ customer: 'jonas' });
    await c.run(rows);
    const jonas = (await bot.h.store.customers.getByExternalId('cust-1004'))!.id;
    const tickets = await bot.h.store.tickets.listByCustomer(jonas);
    if (ticket) {
      expect(tickets).toEqual([expect.objectContaining({ kind: 'return', conversationId: c.id, ...ticket })]);
    } else {
      expect(tickets).toEqual([]);
    }
    expect((await bot.h.store.conversations.get(c.id))?.state).toBe('bot');
  });
});
