import { ActivityTypes, CardFactory, MessageFactory, TestAdapter } from 'botbuilder';
import { openSqliteStore } from '../store';
import type { Message, Store } from '../store';
import { MainTexts } from '../dialogs';
import { createSupportBot, type ParleyBot } from './create-support-bot';
import { conversationIdFor } from './middleware';
import { SUGGESTED_ACTIONS_TYPE } from './reply-engine';
import { EVENT_ATTACHMENT_TYPE, toNewMessage } from './stored-activity';
import type { TextAnalysis, TextAnalyzer } from './analyzer';
import { TEST_SHOP } from './testing/test-shop';

const NOW = new Date('2026-11-01T12:00:00Z');

const none = (): TextAnalysis => ({
  ranking: [],
  intent: 'none',
  reason: 'below_threshold',
  entities: [],
  sentiment: { score: 0, label: 'neutral', frustration: false },
});

let store: Store;
let parley: ParleyBot;
let analyzed: { text: string; storedBefore: boolean }[];

beforeEach(async () => {
  store = await openSqliteStore({ file: ':memory:', clock: () => NOW });
  analyzed = [];
  const analyzer: TextAnalyzer = {
    async analyze(text) {
      const conversations = await store.conversations.listByState('bot');
      const stored = (await Promise.all(conversations.map((c) => store.messages.listAfter(c.id, 0)))).flat();
      analyzed.push({ text, storedBefore: stored.some((m) => m.sender === 'customer' && m.text === text) });
      return text.includes('human')
        ? {
            ...none(),
            intent: 'human.agent',
            reason: 'ok',
            ranking: [{ intent: 'human.agent', score: 0.99 }],
          }
        : none();
    },
  };
  parley = createSupportBot({
    store,
    analyzer,
    ...TEST_SHOP,
    clock: () => NOW,
  });
});
afterEach(() => store.close());

describe('middleware order', () => {
  it('stores the customer message before recognizing it, and every reply before sending it', async () => {
    const sent: { text?: string; storedAlready: boolean }[] = [];
    const adapter = parley.attach(new TestAdapter((context) => parley.bot.run(context)));
    const sendActivities = adapter.sendActivities.bind(adapter);
    adapter.sendActivities = async (context, activities) => {
      for (const a of activities) {
        const stored = await store.messages.listAfter(
          conversationIdFor('test', adapter.conversation.conversation.id),
          0,
        );
        sent.push({ text: a.text, storedAlready: stored.some((m) => m.id === a.id && m.text === a.text) });
      }
      return sendActivities(context, activities);
    };
    await adapter.receiveActivity('blorp');
    expect(analyzed).toEqual([{ text: 'blorp', storedBefore: true }]);
    expect(sent).toEqual([{ text: MainTexts.fallback, storedAlready: true }]);
  });

  it('a conversation a person owns is stored but not answered', async () => {
    const adapter = parley.attach(new TestAdapter((context) => parley.bot.run(context)));
    await adapter.receiveActivity('I want a human');
    const id = conversationIdFor('test', adapter.conversation.conversation.id);
    expect((await store.conversations.get(id))?.state).toBe('queued');
    adapter.activeQueue.splice(0);
    await adapter.receiveActivity('hello?');
    expect(adapter.activeQueue).toEqual([]);
    expect((await store.messages.listAfter(id, 0)).map((m) => [m.sender, m.text]).slice(-1)).toEqual([
      ['customer', 'hello?'],
    ]);
    expect(analyzed.map((a) => a.text)).toEqual(['I want a human']); // the recognizer did not even run
  });
});

describe('the socket.io channel', () => {
  it('runs a turn for a stored message and delivers exactly what it stored', async () => {
    const delivered: Message[] = [];
    const channel = parley.chatChannel({ deliver: (m) => delivered.push(m) });
    const conversation = await store.conversations.create({ channel: 'web', visitorId: 'v1' });
    const { message } = await store.messages.append({
      conversationId: conversation.id,
      sender: 'customer',
      text: 'blorp',
      clientMessageId: 'c1',
    });
    await channel.handleTurn({ conversation, message, now: NOW, customerId: null });
    const stored = await store.messages.listAfter(conversation.id, 0);
    expect(stored.map((m) => [m.seq, m.sender])).toEqual([
      [1, 'customer'],
      [2, 'bot'],
    ]);
    expect(delivered).toEqual([stored[1]]);
    expect(delivered[0].attachments).toEqual([
      {
        contentType: SUGGESTED_ACTIONS_TYPE,
        content: {
          actions: expect.arrayContaining([{ title: 'Talk to a person', value: 'Talk to a person' }]),
        },
      },
    ]);
  });

  it('sends proactive messages into a stored conversation (continueConversation)', async () => {
    const delivered: Message[] = [];
    const channel = parley.chatChannel({ deliver: (m) => delivered.push(m) });
    const conversation = await store.conversations.create({ channel: 'web', visitorId: 'v1' });
    await channel.adapter.continueConversation(
      { conversation: { id: conversation.id, isGroup: false, conversationType: '', name: '' } },
      async (context) => {
        await context.sendActivity('An agent has handed you back to the bot.');
      },
    );
    expect(delivered.map((m) => [m.seq, m.sender, m.text])).toEqual([
      [1, 'bot', 'An agent has handed you back to the bot.'],
    ]);
  });

  it('apologises once when a turn fails and clears the half-finished dialog', async () => {
    const delivered: Message[] = [];
    const broken = createSupportBot({
      store,
      analyzer: {
        analyze() {
          throw new Error('model crashed');
        },
      },
      ...TEST_SHOP,
      logger: { error: () => undefined, warn: () => undefined },
    });
    const channel = broken.chatChannel({ deliver: (m) => delivered.push(m) });
    const conversation = await store.conversations.create({ channel: 'web', visitorId: 'v1' });
    const { message } = await store.messages.append({
      conversationId: conversation.id,
      sender: 'customer',
      text: 'hi',
    });
    await channel.handleTurn({ conversation, message, now: NOW });
    expect(delivered.map((m) => m.text)).toEqual([
      'Sorry, something went wrong on my side. Please try again in a moment.',
    ]);
  });
});

describe('activities as stored messages', () => {
  it('keeps text, cards and quick replies; events become system messages', () => {
    const activity = MessageFactory.suggestedActions(['Yes', 'No'], 'Shall I?');
    activity.attachments = [CardFactory.heroCard('Title', 'Text')];
    expect(toNewMessage('c1', activity)).toEqual({
      conversationId: 'c1',
      sender: 'bot',
      text: 'Shall I?',
      attachments: [
        { contentType: 'application/vnd.microsoft.card.hero', content: { title: 'Title', text: 'Text' } },
        {
          contentType: SUGGESTED_ACTIONS_TYPE,
          content: {
            actions: [
              { title: 'Yes', value: 'Yes' },
              { title: 'No', value: 'No' },
            ],
          },
        },
      ],
    });
    expect(
      toNewMessage('c1', { type: ActivityTypes.Event, name: 'handoff.initiate', value: { reason: 'x' } }),
    ).toEqual({
      conversationId: 'c1',
      sender: 'system',
      text: 'Handing over to a person from our team.',
      attachments: [
        { contentType: EVENT_ATTACHMENT_TYPE, content: { name: 'handoff.initiate', value: { reason: 'x' } } },
      ],
    });
  });
});
