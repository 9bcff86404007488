/**
 * Returns (eligibility from the written policy: 30 days, unused with tags; the return opened as a
 * ticket; final-sale items in ./returns-final-sale) and account changes (confirmed before saving), as [says, replies] tables.
 */
import { AccountTexts, FindOrderTexts, ReturnTexts } from '../../dialogs';
import { createBotHarness, type BotHarness } from '../helpers/bot-harness';

let h: BotHarness;
beforeEach(async () => {
  h = await createBotHarness();
});
afterEach(async () => {
  await h.close();
});

const customerId = async (externalId: string) => (await h.store.customers.getByExternalId(externalId))!.id;

describe('returns', () => {
  it('opens a return for a verified customer after checking the item and confirming', async () => {
    const c = await h.conversation({ customer: 'maya' });
    await c.run([
      [
        'I want to return something',
        [
          {
            text: 'Hi Maya! I see order A1018 was delivered 16 days ago — is this about that one?',
            quickReplies: ['Yes, A1018', 'Another order'],
          },
        ],
      ],
      ['yes', [{ text: ReturnTexts.condition(false), quickReplies: ['Yes', 'No'] }]],
      [
        'yes',
        [
          {
            text: ReturnTexts.confirm('the Saltmarsh Fisherman Sweater (L, Ecru)', 'A1018'),
            quickReplies: ['Yes, open the return', 'No, leave it'],
          },
        ],
      ],
      [
        'Yes, open the return',
        [
          /^Done — I've opened return R-[A-Z0-9]{6} for the Saltmarsh Fisherman Sweater \(L, Ecru\)\. We'll email you a return label at m•••@example\.com; once the parcel reaches us, your refund is issued within 5–10 business days\.$/,
        ],
      ],
    ]);
    const tickets = await h.store.tickets.listByCustomer(await customerId('cust-1001'));
    expect(tickets).toEqual([
      expect.objectContaining({
        kind: 'return',
        orderNumber: 'A1018',
        conversationId: c.id,
        status: 'open',
        subject: 'Return from order A1018: Saltmarsh Fisherman Sweater',
      }),
    ]);
  });

  it('asks which item when there are several, and lets the customer back out', async () => {
    const c = await h.conversation({ customer: 'jonas' });
    await c.run([
      [
        'I want to return an item from A1061',
        [
          {
            text: `Hi Jonas! ${ReturnTexts.whichItem}`,
            quickReplies: [
              'Hearthstone Stoneware Bowls (Ash Glaze)',
              'Driftline Pour-Over Set',
              'All of them',
            ],
          },
        ],
      ],
      ['the bowls', [ReturnTexts.condition(false)]],
      ['yes', [ReturnTexts.confirm('the Hearthstone Stoneware Bowls (Ash Glaze)', 'A1061')]],
      ['No, leave it', [ReturnTexts.declined]],
    ]);
    expect(await h.store.tickets.listByCustomer(await customerId('cust-1004'))).toEqual([]);
  });

  it("a tapped choice sends the words on its button, never the item's SKU or a bare yes", async () => {
    const c = await h.conversation({ customer: 'jonas' });
    const buttons = async (says: string) =>
      (await c.say(says)).flatMap((a) => a.suggestedActions?.actions ?? []).map((a) => [a.title, a.value]);
    expect(await buttons('I want to return an item from A1061')).toEqual([
      ['Hearthstone Stoneware Bowls (Ash Glaze)', 'Hearthstone Stoneware Bowls (Ash Glaze)'],
      ['Driftline Pour-Over Set', 'Driftline Pour-Over Set'],
      ['All of them', 'All of them'],
    ]);
    expect(await buttons('Driftline Pour-Over Set')).toEqual([
      ['Yes', 'Yes'],
      ['No', 'No'],
    ]);
    expect(await buttons('Yes')).toEqual([
      ['Yes, open the return', 'Yes, open the return'],
      ['No, leave it', 'No, leave it'],
    ]);
  });

  it('refuses used items, orders outside the window, undelivered and already returned orders', async () => {
    const maya = await h.conversation({ customer: 'maya' });
    await maya.run([
      ['return A1018', [/^Hi Maya! Is it unused/]],
      ['no, I wore it', [{ text: ReturnTexts.conditionNotMet, quickReplies: ['Talk to a person'] }]],
      ['I want to return A1042', [ReturnTexts.notDelivered('A1042', 30)]],
    ]);
    const ingrid = await h.conversation({ customer: 'ingrid' });
    await ingrid.run([
      [
        'return A1007 please',
        [
          {
            text: `Hi Ingrid! ${ReturnTexts.outsideWindow('A1007', 45, 30, 2)}`,
            quickReplies: ['Talk to a person'],
          },
        ],
      ],
      ['return A1024', [ReturnTexts.alreadyReturned({ number: 'A1024', status: 'returned' } as never)]],
      ['return A1056', [ReturnTexts.cancelled('A1056')]],
    ]);
    const tomas = await h.conversation({ customer: 'tomas' });
    await tomas.run([['I want to return A1050', [`Hi Tomás! ${ReturnTexts.processing('A1050')}`]]]);
  });

  it('lets an unverified visitor return an order they proved with its email', async () => {
    const c = await h.conversation();
    await c.run([
      ['I want to return my sweater', [FindOrderTexts.askReturnNumber]],
      ['A1018', [FindOrderTexts.askEmail('A1018')]],
      ['maya.okafor@example.com', [ReturnTexts.condition(false)]],
      ['yes', [/^Shall I open a return/]],
      [
        'yes',
        [
          /^Done — I've opened return R-\w+ for the Saltmarsh Fisherman Sweater \(L, Ecru\)\. We'll email you a return label at m•••@example\.com/,
        ],
      ],
    ]);
    const tickets = await h.store.tickets.listByCustomer(await customerId('cust-1001'));
    expect(tickets).toEqual([]); // not linked to the customer record: an unverified visitor opened it
  });
});

describe('account changes', () => {
  it('changes the email only after confirmation', async () => {
    const c = await h.conversation({ customer: 'maya' });
    await c.run([
      ['I want to change my email', [`Hi Maya! ${AccountTexts.askEmail}`]],
      ['not an email', [AccountTexts.retryEmail]],
      [
        'maya.new@example.com',
        [
          {
            text: AccountTexts.confirmEmail('m•••@example.com', 'maya.new@example.com'),
            quickReplies: ['Yes, change it', 'No, keep it'],
          },
        ],
      ],
      ['yes', [AccountTexts.emailChanged('maya.new@example.com')]],
    ]);
    expect((await h.store.customers.getByExternalId('cust-1001'))?.email).toBe('maya.new@example.com');
  });

  it('keeps the email when the customer says no, or gives the same one', async () => {
    const c = await h.conversation({ customer: 'maya' });
    await c.run([
      ['update my email', [/What's the new email address\?$/]],
      ['someone@example.com', [/^Change your account email/]],
      ['No, keep it', [AccountTexts.unchanged]],
      ['update my email', [AccountTexts.askEmail]],
      ['Maya.Okafor@example.com', [AccountTexts.sameEmail]],
    ]);
    expect((await h.store.customers.getByExternalId('cust-1001'))?.email).toBe('maya.okafor@example.com');
  });

  it('passes a new delivery address on, mentioning the order not yet shipped', async () => {
    const c = await h.conversation({ customer: 'tomas' });
    await c.run([
      ['I need to change my address', [`Hi Tomás! ${AccountTexts.askAddress}`]],
      ['Portland', [AccountTexts.retryAddress]],
      [
        '1200 SE Morrison St, Portland OR 97214, USA',
        [AccountTexts.confirmAddress('1200 SE Morrison St, Portland OR 97214, USA')],
      ],
      [
        'yes',
        [
          /^Done — I've passed your new address to our team \(reference T-\w{6}\)\. It will also be used for order A1050, which hasn't shipped yet\.$/,
        ],
      ],
    ]);
    const [ticket] = await h.store.tickets.listByCustomer(await customerId('cust-1002'));
    expect(ticket).toMatchObject({ subject: 'Delivery address change', orderNumber: 'A1050' });
    expect(ticket.body).toContain('1200 SE Morrison St, Portland OR 97214, USA');
  });

  it('refuses account changes to an unverified visitor', async () => {
    const c = await h.conversation();
    await c.run([
      [
        'change my email to maya.okafor@example.com',
        [{ text: AccountTexts.notVerified, quickReplies: ['Talk to a person'] }],
      ],
    ]);
  });

  it('help and cancel work inside the account dialog', async () => {
    const c = await h.conversation({ customer: 'maya' });
    await c.run([
      ['update my email', [/What's the new email address\?$/]],
      ['help', [/^Type the new email address.*"talk to a person"\.$/, AccountTexts.askEmail]],
      ['never mind', [/^OK, I've stopped that/]],
    ]);
  });
});
