/**
 * Order status, as tables of [customer says, bot replies], through botbuilder's TestAdapter and the
 * real SupportBot (middleware, dialogs, state over a seeded SQLite store). The demo clock is Sunday
 * 1 November 2026, 12:00 UTC: Maya's A1042 shipped yesterday, A1043 is late.
 */
import { EscalationTexts, FindOrderTexts } from '../../dialogs';
import { createBotHarness, type BotHarness } from '../helpers/bot-harness';

const RECEIPT = 'application/vnd.microsoft.card.receipt';
const A1042 =
  'Order A1042 shipped yesterday with Heronway. Tracking number: FT4839201734GB. Estimated delivery: Wednesday 4 November. ' +
  'Items: Harbor Rain Shell (M, Slate) and Fjell Wool Beanie (Rust).';
const A1043 =
  'Order A1043 is running late, sorry about that. It shipped 10 days ago with Heronway. Tracking number: FT5520193846GB. ' +
  'The new estimate is Tuesday 3 November. Items: Corrie Wool Throw (Heather Check) and 2 × Kettle Rock Enamel Mug (Sea Green).';

let h: BotHarness;
beforeEach(async () => {
  h = await createBotHarness();
});
afterEach(async () => {
  await h.close();
});

describe('order status for a verified customer', () => {
  it('offers the order that shipped yesterday and shows it on "yes"', async () => {
    const c = await h.conversation({ customer: 'maya' });
    await c.run([
      [
        'where is my order?',
        [
          {
            text: 'Hi Maya! I see order A1042 shipped yesterday — is this about that one?',
            quickReplies: ['Yes, A1042', 'Another order'],
          },
        ],
      ],
      ['yes', [{ text: A1042, cards: [RECEIPT], quickReplies: ["That's all, thanks"] }]],
    ]);
  });

  it('takes the order number from the message', async () => {
    const c = await h.conversation({ customer: 'maya' });
    await c.run([
      [
        'has A1043 shipped?',
        [
          {
            text: `Hi Maya! ${A1043}`,
            cards: [RECEIPT],
            quickReplies: ['Talk to a person', "That's all, thanks"],
          },
        ],
      ],
    ]);
  });

  it('offers her other recent orders on "another order", and a return for a delivered order', async () => {
    const c = await h.conversation({ customer: 'maya' });
    await c.run([
      ['where is my order?', [/is this about that one\?$/]],
      [
        'another order',
        [
          {
            text: FindOrderTexts.pick,
            quickReplies: ['A1043 · Corrie Wool Throw +1', 'A1018 · Saltmarsh Fisherman Sweater'],
          },
        ],
      ],
      [
        'A1018',
        [
          {
            text: 'Order A1018 was delivered 16 days ago (Friday 16 October). Items: Saltmarsh Fisherman Sweater (L, Ecru).',
            quickReplies: ['Return an item', "That's all, thanks"],
          },
        ],
      ],
    ]);
  });

  it("never shows someone else's order, and gives up after two misses", async () => {
    const c = await h.conversation({ customer: 'maya' });
    await c.run([
      [
        'where is my order A1050?',
        [`Hi Maya! ${FindOrderTexts.notOnAccount('A1050')}`, FindOrderTexts.askNumber],
      ],
      ['A1061', [{ text: FindOrderTexts.stillNotOnAccount('A1061'), quickReplies: ['Talk to a person'] }]],
    ]);
  });

  it('re-asks for the number at most twice, then says where to find it', async () => {
    const c = await h.conversation({ customer: 'ingrid' }); // nothing on its way: asked for the number straight away
    await c.run([
      [
        'where is my order?',
        [`Hi Ingrid! I see your return of order A1024 is being checked — is this about that one?`],
      ],
      ['no', [FindOrderTexts.askNumber]],
      ['the blue one', [FindOrderTexts.retryNumber]],
      ['I lost it', [FindOrderTexts.retryNumber]],
      ['no idea', [{ text: FindOrderTexts.gaveUpNumber, quickReplies: ['Talk to a person'] }]],
    ]);
  });
});

describe('order status for an unverified visitor', () => {
  it('needs the order number and the email on the order', async () => {
    const c = await h.conversation();
    await c.run([
      ['where is my order?', [FindOrderTexts.askNumber]],
      ['A1042', [FindOrderTexts.askEmail('A1042')]],
      ['It is maya.okafor@example.com', [{ text: A1042, cards: [RECEIPT] }]],
      // Proven once, the order is not asked about again in this conversation.
      ['and A1042 again?', [{ text: A1042, cards: [RECEIPT] }]],
    ]);
  });

  it('takes number and email from one message', async () => {
    const c = await h.conversation();
    await c.run([
      ['where is my order A1043, my email is maya.okafor@example.com', [{ text: A1043, cards: [RECEIPT] }]],
    ]);
  });

  it('answers a wrong email exactly like a missing order (no enumeration)', async () => {
    const wrongEmail = await h.conversation();
    const missing = await h.conversation();
    const notFound = { text: FindOrderTexts.notFound, quickReplies: ['Try again', 'Talk to a person'] };
    await wrongEmail.run([
      ['where is my order A1042', [FindOrderTexts.askEmail('A1042')]],
      ['tomas.reyes@example.org', [notFound]],
    ]);
    await missing.run([
      ['where is my order A9999', [FindOrderTexts.askEmail('A9999')]],
      ['tomas.reyes@example.org', [notFound]],
    ]);
  });

  it('re-asks for an email at most twice', async () => {
    const c = await h.conversation();
    await c.run([
      ['track A1042', [FindOrderTexts.askEmail('A1042')]],
      ['maya', [FindOrderTexts.retryEmail]],
      ['maya at example', [FindOrderTexts.retryEmail]],
      ['dunno', [{ text: FindOrderTexts.gaveUpEmail, quickReplies: ['Try again', 'Talk to a person'] }]],
    ]);
  });

  it('limits lookups per conversation, then per email address, whatever the conversation', async () => {
    h = await createBotHarness({
      orderLookup: {
        perConversation: { limit: 2, windowMs: 60_000 },
        perAddress: { limit: 3, windowMs: 60_000 },
      },
    });
    const c = await h.conversation();
    const limited = { text: FindOrderTexts.rateLimited, quickReplies: ['Talk to a person'] };
    await c.run([
      ['where is my order A1001', [FindOrderTexts.askEmail('A1001')]],
      ['victim@example.com', [/couldn't find an order/]],
      ['where is my order A1002', [FindOrderTexts.askEmail('A1002')]],
      ['victim@example.com', [/couldn't find an order/]],
      ['where is my order A1042', [FindOrderTexts.askEmail('A1042')]],
      // The right email, but this conversation has used its attempts.
      ['maya.okafor@example.com', [limited]],
    ]);
    const other = await h.conversation();
    await other.run([
      ['where is my order A1003', [FindOrderTexts.askEmail('A1003')]],
      ['victim@example.com', [/couldn't find an order/]],
      ['where is my order A1004', [FindOrderTexts.askEmail('A1004')]],
      // victim@example.com has had its three attempts, whichever conversation asks.
      ['victim@example.com', [limited]],
    ]);
  });
});

describe('order status interruptions', () => {
  it('"cancel" stops the dialog; "help" explains and asks again; "talk to a human" hands over', async () => {
    const c = await h.conversation();
    await c.run([
      ['where is my order?', [FindOrderTexts.askNumber]],
      [
        'help',
        [
          /^I need the order number to look it up.*You can also say "cancel" to stop, or "talk to a person"\.$/,
          FindOrderTexts.askNumber,
        ],
      ],
      [
        'cancel',
        [
          {
            text: "OK, I've stopped that. What else can I help you with?",
            quickReplies: ['Where is my order?', 'Return an item', 'Shipping costs', 'Talk to a person'],
          },
        ],
      ],
      ['where is my order A1042', [FindOrderTexts.askEmail('A1042')]],
      ['help', [/I need the email address the order was placed with/, FindOrderTexts.askEmail('A1042')]],
      ['I want to talk to a human', [EscalationTexts.joining, { event: 'handoff.initiate' }]],
    ]);
    expect((await h.store.conversations.get(c.id))?.state).toBe('queued');
    // A person owns the conversation now: the bot stays quiet.
    await c.run([['hello?', []]]);
  });

  it('a new question in the middle of the dialog switches topic', async () => {
    const c = await h.conversation();
    await c.run([
      ['where is my order?', [FindOrderTexts.askNumber]],
      ['actually how much is shipping to the UK?', [/^Standard shipping is €4.95/]],
    ]);
  });
});
