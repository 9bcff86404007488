import type { Escalation, Message, Store } from '../store';
import { toActivity, TurnOutbox } from './bot-bridge';
import { handBackContext } from './handback';
import { tapMessages } from './message-tap';
import { transcriptText } from './offline-desk';

const message = (seq: number, sender: Message['sender'], text: string): Message => ({
  id: `m${seq}`,
  conversationId: 'c1',
  seq,
  sender,
  senderId: null,
  text,
  attachments: [],
  clientMessageId: null,
  createdAt: `2026-11-02T10:0${seq}:00.000Z`,
});

test('tapMessages reports created appends only, and never fails the append', async () => {
  let seq = 0;
  const base = {
    messages: {
      append: async (input: { text: string; clientMessageId?: string | null }) => ({
        message: message(++seq, 'customer', input.text),
        created: input.clientMessageId !== 'dup',
      }),
      listAfter: async () => [],
      getByClientId: async () => null,
    },
    ping: async function (this: unknown) {
      return this === base ? 'bound' : 'unbound';
    },
  } as unknown as Store;
  const heard: string[] = [];
  const errors: unknown[] = [];
  const tapped = tapMessages(
    base,
    (m) => {
      heard.push(m.text);
      if (m.text === 'boom') throw new Error('relay down');
    },
    (e) => errors.push(e),
  );
  await tapped.messages.append({ conversationId: 'c1', sender: 'customer', text: 'hello' });
  await tapped.messages.append({
    conversationId: 'c1',
    sender: 'customer',
    text: 'again',
    clientMessageId: 'dup',
  });
  await expect(
    tapped.messages.append({ conversationId: 'c1', sender: 'customer', text: 'boom' }),
  ).resolves.toMatchObject({ created: true });
  expect(heard).toEqual(['hello', 'boom']);
  expect(errors).toHaveLength(1);
  expect(await (tapped.ping as unknown as () => Promise<string>)()).toBe('bound');
});

test('outgoing items become Bot Framework activities; the turn outbox sends them in order', async () => {
  expect(
    toActivity({ kind: 'event', name: 'handoff.initiate', value: { reason: 'x' }, text: 'Handing over.' }),
  ).toEqual({
    type: 'event',
    name: 'handoff.initiate',
    value: { reason: 'x' },
    text: 'Handing over.',
  });
  expect(
    toActivity({ kind: 'text', sender: 'bot', text: 'Rate us', quickReplies: [{ title: '5', value: '5' }] }),
  ).toEqual({
    type: 'message',
    text: 'Rate us',
    suggestedActions: { actions: [{ type: 'imBack', title: '5', value: '5' }], to: [] },
  });
  const sent: unknown[] = [];
  await new TurnOutbox({ sendActivity: async (a) => void sent.push(a.type) }).send('c1', [
    { kind: 'event', name: 'handoff.initiate', value: null, text: '' },
    { kind: 'text', sender: 'bot', text: 'queued' },
  ]);
  expect(sent).toEqual(['event', 'message']);
});

test('hand-back context: the facts worth not asking again, from the packet and later turns', () => {
  const escalation = {
    id: 'e1',
    packet: {
      entities: [
        { type: 'order_number', value: 'A1042' },
        { type: 'date', value: '2026-11-02' },
      ],
      intents: [{ intent: 'order.status' }],
      summary: 'Customer: where is A1042?',
    },
  } as unknown as Escalation;
  const context = handBackContext(
    escalation,
    [
      {
        seq: 9,
        intent: 'none',
        score: 0,
        entities: [
          { type: 'email', text: 'a@b.example', value: 'a@b.example' },
          { type: 'order_number', text: 'A1042', value: 'A1042' },
        ],
        sentiment: { score: 0, frustration: false },
        fallback: false,
      },
    ],
    'handed_back',
    'Sam',
    'Refund approved',
  );
  expect(context).toEqual({
    escalationId: 'e1',
    resolution: 'handed_back',
    agentName: 'Sam',
    facts: [
      { type: 'order_number', value: 'A1042' },
      { type: 'email', value: 'a@b.example' },
    ],
    intents: ['order.status'],
    summary: 'Customer: where is A1042?',
    note: 'Refund approved',
  });
});

test('ticket transcripts name every speaker and skip empty messages', () => {
  expect(
    transcriptText([
      message(1, 'customer', 'Hi'),
      message(2, 'system', ''),
      message(3, 'bot', 'Hello!'),
      message(4, 'agent', 'Sam here'),
    ]),
  ).toBe(
    '[2026-11-02T10:01:00.000Z] Customer: Hi\n[2026-11-02T10:03:00.000Z] Bot: Hello!\n[2026-11-02T10:04:00.000Z] Agent: Sam here',
  );
});
