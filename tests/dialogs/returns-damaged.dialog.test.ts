/**
 * At "is it unused, with the tags still on?", a damaged or faulty item is an answer, not a new
 * question: the written policy covers damaged items used or not (photos of the item and the box,
 * then a replacement or a refund, usually without sending it back). Read by the service's own
 * language model (nlp.js on the demo intents), which takes "it arrived broken" for the FAQ intent
 * order.damaged, and with the handoff as the service composes it (./handoff-bot).
 */
import { ReturnTexts } from '../../dialogs';
import { summarize } from '../helpers/bot-harness';
import { demoAnalyzer } from '../helpers/demo-bot';
import { asksAndHandsOver, startHandoffBot, type HandoffBot } from './handoff-bot';

let bot: HandoffBot;
beforeEach(async () => {
  bot = await startHandoffBot({}, { analyzer: await demoAnalyzer() });
});
afterEach(async () => {
  await bot.close();
});

const SWEATER = 'the Saltmarsh Fisherman Sweater (L, Ecru)';
/** The order line as the seed has it (name and SKU), as a ticket lists it. */
const SWEATER_LINE = 'Saltmarsh Fisherman Sweater — L, Ecru (FT-KN-002)';

async function mayaTickets() {
  const customer = await bot.h.store.customers.getByExternalId('cust-1001');
  return bot.h.store.tickets.listByCustomer(customer!.id);
}
const DAMAGED_CONFIRM = {
  text: ReturnTexts.confirmDamaged(SWEATER, 'A1018'),
  quickReplies: ['Yes, report it', 'No, leave it', 'Talk to a person'],
};

describe('a damaged item in the returns flow', () => {
  it.each([['it arrived broken'], ["it's damaged"], ['faulty'], ['defective'], ['No, the zip is broken']])(
    '"%s" at the condition question reports it as damaged, with photos asked for and no handoff notice',
    async (answer) => {
      const c = await bot.h.conversation({ customer: 'maya' });
      await c.run([
        ['I want to return something', [/^Hi Maya! I see order A1018 .* is this about that one\?$/]],
        ['yes', [ReturnTexts.condition(false)]],
      ]);
      const replies = (await c.say(answer)).map(summarize);
      expect(replies).toEqual([DAMAGED_CONFIRM]);
      expect(asksAndHandsOver(replies)).toBe(false);
      await c.run([
        [
          'Yes, report it',
          [
            /^Done — I've reported the Saltmarsh Fisherman Sweater \(L, Ecru\) as damaged \(reference R-[A-Z0-9]{6}\)\. Please reply to the email we're sending you at m•••@example\.com with a few photos of the item and the box, including the shipping label, and keep the packaging for now\. We'll then send a replacement or a refund, whichever you prefer — usually you won't need to send the item back\.$/,
          ],
        ],
      ]);
      // The ticket says what she said, and not that the items are unused with tags.
      expect(await mayaTickets()).toEqual([
        expect.objectContaining({
          kind: 'return',
          orderNumber: 'A1018',
          conversationId: c.id,
          subject: 'Damaged or faulty, order A1018: Saltmarsh Fisherman Sweater',
          body: [
            'Items reported damaged or faulty:',
            `- 1 × ${SWEATER_LINE}`,
            `Reason: Damaged or faulty; the customer said: "${answer}". Photos requested.`,
            'Opened by the chat bot. Damaged or faulty items are covered used or not: once the photos are in, send a replacement or a refund, whichever the customer prefers.',
          ].join('\n'),
        }),
      ]);
      expect((await bot.h.store.conversations.get(c.id))?.state).toBe('bot');
    },
  );

  it('a person can be asked for instead (for a replacement)', async () => {
    const c = await bot.h.conversation({ customer: 'maya' });
    await c.run([
      ['I want to return something', [/is this about that one\?$/]],
      ['yes', [ReturnTexts.condition(false)]],
      ['it arrived broken', [DAMAGED_CONFIRM]],
    ]);
    const replies = (await c.say('Talk to a person')).map(summarize);
    expect(replies[0]).toEqual({ event: 'handoff.initiate' });
    expect(asksAndHandsOver(replies)).toBe(false);
    expect((await bot.h.store.conversations.get(c.id))?.state).toBe('agent');
  });

  it('unused items still take the usual return, with a ticket that says so, and "no" still ends it', async () => {
    const c = await bot.h.conversation({ customer: 'maya' });
    await c.run([
      ['I want to return something', [/is this about that one\?$/]],
      ['yes', [ReturnTexts.condition(false)]],
      ['yes', [ReturnTexts.confirm(SWEATER, 'A1018')]],
      ['Yes, open the return', [/^Done — I've opened return R-[A-Z0-9]{6} for the Saltmarsh/]],
    ]);
    expect(await mayaTickets()).toEqual([
      expect.objectContaining({
        subject: 'Return from order A1018: Saltmarsh Fisherman Sweater',
        body: [
          'Items to return:',
          `- 1 × ${SWEATER_LINE}`,
          'Opened by the chat bot; the customer confirmed the items are unused with tags.',
        ].join('\n'),
      }),
    ]);
    const other = await bot.h.conversation({ customer: 'maya' });
    await other.run([
      ['I want to return something', [/is this about that one\?$/]],
      ['yes', [ReturnTexts.condition(false)]],
      ['no', [ReturnTexts.conditionNotMet]],
    ]);
  });
});
