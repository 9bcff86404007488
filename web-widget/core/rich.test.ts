import type { ChatMessageView } from '../../protocol';
import {
  cardsOf,
  handoffStateOf,
  isEmail,
  isRatingPrompt,
  noticeOf,
  safeImageUrl,
  toAction,
  toCard,
} from './rich';

const view = (over: Partial<ChatMessageView>): ChatMessageView => ({
  conversationId: 'c',
  seq: 1,
  sender: 'system',
  text: '',
  attachments: [],
  clientMessageId: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('cards', () => {
  it('reads a receipt card as an order card', () => {
    expect(
      toCard({
        contentType: 'application/vnd.microsoft.card.receipt',
        content: {
          title: 'Order A1042',
          facts: [{ key: 'Status', value: 'Shipped' }],
          items: [{ title: 'Socks', price: '€18.00', quantity: 2, image: { url: 'javascript:alert(1)' } }],
          total: '€43.95',
          buttons: [{ type: 'imBack', title: 'Return it', value: 'return A1042' }],
        },
      }),
    ).toEqual({
      kind: 'receipt',
      title: 'Order A1042',
      facts: [{ key: 'Status', value: 'Shipped' }],
      items: [{ title: 'Socks', price: '€18.00', quantity: '2', subtitle: undefined, image: undefined }],
      total: '€43.95',
      tax: undefined,
      vat: undefined,
      actions: [{ kind: 'send', title: 'Return it', value: 'return A1042' }],
    });
  });

  it('reads hero and thumbnail cards as article cards, dropping unsafe URLs', () => {
    const card = toCard({
      contentType: 'application/vnd.microsoft.card.thumbnail',
      content: {
        title: 'Returns',
        text: 'You have **30 days**.',
        images: [{ url: 'https://cdn.example/r.png', alt: 'A parcel' }],
        buttons: [
          { type: 'openUrl', title: 'Read', value: 'https://shop.example/help/returns' },
          { type: 'openUrl', title: 'Evil', value: 'javascript:alert(1)' },
          { type: 'call', title: 'Call', value: 'tel:123' },
        ],
      },
    });
    expect(card).toMatchObject({
      kind: 'hero',
      title: 'Returns',
      text: 'You have **30 days**.',
      image: { url: 'https://cdn.example/r.png', alt: 'A parcel' },
      actions: [{ kind: 'open', title: 'Read', value: 'https://shop.example/help/returns' }],
    });
  });

  it('simplifies adaptive cards to text, facts, an image and actions', () => {
    expect(
      toCard({
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          type: 'AdaptiveCard',
          body: [
            { type: 'TextBlock', text: 'Your order', weight: 'Bolder' },
            { type: 'Container', items: [{ type: 'TextBlock', text: 'Arrives Friday' }] },
            { type: 'FactSet', facts: [{ title: 'Order', value: 'A1042' }] },
          ],
          actions: [
            { type: 'Action.OpenUrl', title: 'Track', url: 'https://carrier.example/t' },
            { type: 'Action.Submit', title: 'Cancel', data: 'cancel A1042' },
          ],
        },
      }),
    ).toEqual({
      kind: 'hero',
      title: 'Your order',
      text: 'Arrives Friday',
      image: undefined,
      facts: [{ key: 'Order', value: 'A1042' }],
      actions: [
        { kind: 'open', title: 'Track', value: 'https://carrier.example/t' },
        { kind: 'send', title: 'Cancel', value: 'cancel A1042' },
      ],
    });
  });

  it('ignores what it does not know and survives junk', () => {
    expect(
      cardsOf({
        attachments: [
          null,
          42,
          'x',
          { contentType: 'application/x-unknown', content: {} },
          { contentType: 'application/vnd.microsoft.card.hero', content: 'junk' },
        ],
      }),
    ).toEqual([
      {
        kind: 'hero',
        title: undefined,
        subtitle: undefined,
        text: undefined,
        image: undefined,
        facts: [],
        actions: [],
      },
    ]);
    expect(toAction({ type: 'messageBack', title: 'Yes', text: 'yes please' })).toEqual({
      kind: 'send',
      title: 'Yes',
      value: 'yes please',
    });
  });

  it('allows only http(s) and inline images', () => {
    expect(safeImageUrl('https://cdn.example/a.png')).toBe('https://cdn.example/a.png');
    expect(safeImageUrl('data:image/png;base64,AAAA')).toBe('data:image/png;base64,AAAA');
    expect(safeImageUrl('data:text/html,<script>')).toBeUndefined();
    expect(safeImageUrl('mailto:x@y.z')).toBeUndefined();
  });
});

describe('knowledge-base sources', () => {
  const base = 'http://127.0.0.1:3000';
  // What the FAQ dialog sends with an answer (dialogs/replies.ts articleCard).
  const sourceCard = {
    contentType: 'application/vnd.microsoft.card.hero',
    content: {
      title: 'Caring for wool',
      text: '',
      buttons: [{ type: 'openUrl', title: 'Read the article', value: '/help/kb-wool-care#drying' }],
    },
  };

  it('opens a source on the Parley server and marks it as a help-centre article', () => {
    expect(cardsOf({ attachments: [sourceCard] }, { base })).toEqual([
      {
        kind: 'hero',
        title: 'Caring for wool',
        subtitle: undefined,
        text: undefined,
        image: undefined,
        facts: [],
        actions: [
          {
            kind: 'open',
            title: 'Read the article',
            value: 'http://127.0.0.1:3000/help/kb-wool-care#drying',
            help: true,
          },
        ],
      },
    ]);
  });

  it('marks only article pages of the Parley help centre', () => {
    const open = (value: string) => toAction({ type: 'openUrl', title: 'Open', value }, { base });
    expect(open('https://shop.example/help/kb-wool-care')).toEqual({
      kind: 'open',
      title: 'Open',
      value: 'https://shop.example/help/kb-wool-care',
    });
    expect(open('/help')?.help).toBeUndefined();
    expect(open('/console')?.help).toBeUndefined();
    expect(open('http://127.0.0.1:3000/help/faq-returns')?.help).toBe(true);
    expect(open('//evil.example/help/kb-x')).toBeNull();
  });

  it('resolves files and images on the Parley server too, and nothing without a base', () => {
    expect(
      toCard(
        { contentType: 'application/pdf', contentUrl: '/files/returns-label.pdf', name: 'Label' },
        { base },
      ),
    ).toEqual({
      kind: 'file',
      name: 'Label',
      url: 'http://127.0.0.1:3000/files/returns-label.pdf',
      image: false,
    });
    expect(safeImageUrl('/img/a.png', { base })).toBe('http://127.0.0.1:3000/img/a.png');
    expect(cardsOf({ attachments: [sourceCard] })[0]).toMatchObject({ kind: 'hero', actions: [] });
  });
});

describe('quick replies and CSAT', () => {
  it('recognises the 1–5 rating prompt', () => {
    expect(
      isRatingPrompt({ quickReplies: ['1', '2', '3', '4', '5'].map((v) => ({ title: v, value: v })) }),
    ).toBe(true);
    expect(isRatingPrompt({ quickReplies: [{ title: 'Yes', value: 'yes' }] })).toBe(false);
    expect(isRatingPrompt({})).toBe(false);
  });
});

describe('notices', () => {
  const event = (name: string, value?: unknown) => view({ event: { name, value } });
  it.each([
    [event('handoff.initiate'), { kind: 'handoff' }],
    [
      event('handoff.status', { state: 'queued', position: 3, estimatedWaitSeconds: 120 }),
      { kind: 'queued', position: 3, waitSeconds: 120 },
    ],
    [event('handoff.status', { state: 'accepted', agentName: 'Sam' }), { kind: 'agent-joined', name: 'Sam' }],
    [event('handoff.status', { state: 'accepted' }), { kind: 'agent-joined', name: null }],
    [event('handoff.status', { state: 'transferred' }), { kind: 'transferred', name: null }],
    [
      event('handoff.status', { state: 'transferred', agentName: 'Priya Nair' }),
      { kind: 'transferred', name: 'Priya Nair' },
    ],
    [event('handoff.status', { state: 'handed_back' }), { kind: 'handed-back' }],
    [event('handoff.status', { state: 'completed' }), { kind: 'ended' }],
    [event('handoff.status', { state: 'completed', resolution: 'resolved' }), { kind: 'ended' }],
    // The agent handed the chat back to the bot: the chat goes on.
    [event('handoff.status', { state: 'completed', resolution: 'handed_back' }), { kind: 'handed-back' }],
    [
      view({
        text: 'I created ticket T-1; we will reply to a@b.co.',
        event: { name: 'handoff.status', value: { state: 'completed', reason: 'ticket_created' } },
      }),
      { kind: 'text', text: 'I created ticket T-1; we will reply to a@b.co.' },
    ],
    [event('handoff.status', { state: 'failed' }), { kind: 'email-request' }],
    [event('parley.csat', { score: 4 }), { kind: 'rated', score: 4 }],
    [event('parley.csat', { score: 9 }), null],
  ])('%j', (message, expected) => {
    expect(noticeOf(message)).toEqual(expected);
  });

  it.each([
    [event('handoff.initiate'), 'queued'],
    [event('handoff.status', { state: 'queued', position: 2 }), 'queued'],
    [event('parley.queue', { position: 2 }), 'queued'],
    [event('handoff.status', { state: 'accepted', agentName: 'Sam' }), 'agent'],
    [event('parley.agent-joined', { name: 'Sam' }), 'agent'],
    [event('handoff.status', { state: 'handed_back' }), 'bot'],
    [event('handoff.status', { state: 'completed', resolution: 'handed_back' }), 'bot'],
    [event('handoff.status', { state: 'completed', resolution: 'resolved' }), 'bot'],
    [event('handoff.status', { state: 'completed', reason: 'ticket_created' }), 'bot'],
    // A transfer may go to a person or to a queue, and an email offer keeps the queue: unchanged.
    [event('handoff.status', { state: 'transferred' }), null],
    [event('handoff.status', { state: 'failed' }), null],
    [event('parley.csat', { score: 4 }), null],
    [view({ text: 'hello' }), null],
  ])('who has the chat after %j: %s', (message, expected) => {
    expect(handoffStateOf(message)).toBe(expected);
  });

  it('reads the stored event attachment too, and falls back to the text for events without a value', () => {
    expect(
      noticeOf(
        view({
          attachments: [
            {
              contentType: 'application/vnd.parley.event',
              content: { name: 'handoff.initiate', value: null },
            },
          ],
        }),
      ),
    ).toEqual({
      kind: 'handoff',
    });
    expect(
      noticeOf(view({ text: 'Handing over to a person from our team.', event: { name: 'handoff.status' } })),
    ).toEqual({
      kind: 'text',
      text: 'Handing over to a person from our team.',
    });
    expect(noticeOf(view({ event: { name: 'something.internal' } }))).toBeNull();
  });
});

describe('isEmail', () => {
  it.each([
    ['ana@example.com', true],
    [' ana.b+shop@mail.example.co.uk ', true],
    ['ana@example', false],
    ['not an email', false],
    ['<script>@x.io', false],
  ])('%s → %s', (input, expected) => expect(isEmail(input)).toBe(expected));
});
