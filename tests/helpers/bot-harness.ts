/**
 * Dialog tests through botbuilder's TestAdapter: the real SupportBot with its middleware (transcript,
 * handoff gate, recognizer), a real SQLite store seeded with the demo shop, a fixed clock, and a
 * rule-based intent analyzer (real entity extraction) so tables read `[customer says, bot replies]`.
 */
import { TestAdapter, type Activity } from 'botbuilder';
import {
  createSupportBot,
  conversationIdFor,
  type ParleyBot,
  type SupportBotDependencies,
  type TextAnalysis,
  type TextAnalyzer,
} from '../../bot';
import { ProductGazetteer, extractEntities } from '../../nlp';
import { openSqliteStore } from '../../store';
import type { Store } from '../../store/ports';
import {
  DEMO_CUSTOMERS,
  DEMO_REFERENCE_DATE,
  DEMO_SHOP,
  FINAL_SALE_TAG,
  demoCatalogue,
  demoIntents,
  seedDemoData,
} from '../../server/seed';
import type { KnowledgeAnswers, ReturnPolicy } from '../../dialogs';

export const NOW = DEMO_REFERENCE_DATE; // Sunday 1 November 2026, 12:00 UTC

export const DEMO_POLICY: ReturnPolicy = {
  windowDays: DEMO_SHOP.returnWindowDays,
  finalSaleTag: FINAL_SALE_TAG,
  refundBusinessDays: DEMO_SHOP.refundBusinessDays,
  warrantyYears: DEMO_SHOP.warrantyYears,
};

/** Intent rules, first match wins; anything else is "none". */
const RULES: [RegExp, string][] = [
  [/\b(human|person|agent|someone real)\b/i, 'human.agent'],
  [/\b(close|delete) my account\b/i, 'account.close'],
  [/\b(lawyer|legal|sue)\b/i, 'legal.complaint'],
  [/\breturn\b|\bsend (it|them) back\b/i, 'return.item'],
  [/\brefund\b/i, 'refund.status'],
  [/\b(where is|where's|status|track|has my order)\b/i, 'order.status'],
  [/\b(change|update)\b.*\bemail\b/i, 'account.email_change'],
  [/\b(change|update|new)\b.*\baddress\b/i, 'address.change'],
  [/\b(recommend|suggest|what should i buy)\b/i, 'product.recommend'],
  [/\bshipping\b.*\b(cost|much|price)\b|\bhow much is shipping\b/i, 'shipping.costs'],
  [/\bhow long\b.*\b(deliver|shipping|take)\b/i, 'shipping.times'],
  [/\bpay(ment)?\b.*\b(method|options|paypal)\b/i, 'payment.methods'],
  [/^(hi|hello|hey|good (morning|afternoon|evening))\b/i, 'smalltalk.greeting'],
  [/^(thanks|thank you|cheers)\b/i, 'smalltalk.thanks'],
  [/^(bye|goodbye|see you)\b/i, 'smalltalk.goodbye'],
  [/\bhelp\b/i, 'help'],
];

export class RuleAnalyzer implements TextAnalyzer {
  private readonly gazetteer = new ProductGazetteer(demoCatalogue);

  analyze(text: string, context: { referenceDate?: Date } = {}): TextAnalysis {
    const rule = RULES.find(([re]) => re.test(text));
    const frustrated = /!!|ridiculous|useless|unacceptable/i.test(text);
    return {
      language: 'en',
      ranking: rule ? [{ intent: rule[1], score: 0.95 }] : [{ intent: 'smalltalk.greeting', score: 0.1 }],
      intent: rule ? rule[1] : 'none',
      reason: rule ? 'ok' : 'below_threshold',
      entities: extractEntities(text, {
        referenceDate: context.referenceDate ?? NOW,
        gazetteer: this.gazetteer,
        patterns: { orderNumber: /\bA\d{4}\b/i, trackingNumber: /\bFT\d{10}[A-Z]{2}\b/i },
        useCompromise: false,
      }),
      sentiment: {
        score: frustrated ? -0.7 : 0,
        label: frustrated ? 'negative' : 'neutral',
        frustration: frustrated,
      },
    };
  }
}

/** A tiny knowledge base: answers shipping and payment questions, suggests topics for "gift". */
export const fakeKnowledge = (): KnowledgeAnswers & { feedback: unknown[] } => {
  const feedback: unknown[] = [];
  return {
    feedback,
    answer(query) {
      if (/shipping/i.test(query))
        return {
          kind: 'answer',
          text: 'Standard shipping to the UK is €7.95, free over €120.',
          source: {
            id: 'kb-shipping',
            kind: 'article',
            title: 'Shipping and delivery',
            link: '/help/kb-shipping',
          },
          confidence: 0.82,
          answerId: 'ans-1',
        };
      if (/gift/i.test(query))
        return {
          kind: 'suggestions',
          topics: [
            { id: 'faq-gift-cards', title: 'Gift cards' },
            { id: 'faq-gift-wrap', title: 'Gift wrapping' },
          ],
        };
      return { kind: 'suggestions', topics: [] };
    },
    recordFeedback(f) {
      feedback.push(f);
    },
  };
};

export interface BotHarness {
  store: Store;
  parley: ParleyBot;
  /** A new conversation; `customer` makes it a verified customer's (linked before the first message). */
  conversation(options?: { customer?: keyof typeof DEMO_CUSTOMERS }): Promise<TestConversation>;
  close(): Promise<void>;
}

export async function createBotHarness(overrides: Partial<SupportBotDependencies> = {}): Promise<BotHarness> {
  const store = await openSqliteStore({ file: ':memory:', clock: () => NOW });
  await seedDemoData(store, { now: NOW, hashPassword: async () => 'not-a-real-hash' });
  const parley = createSupportBot({
    store,
    analyzer: new RuleAnalyzer(),
    policy: DEMO_POLICY,
    catalogue: demoCatalogue,
    shopName: DEMO_SHOP.name,
    intentResponses: new Map(demoIntents.map((i) => [i.name, i.responses])),
    alwaysHumanIntents: new Set(demoIntents.filter((i) => i.settings.alwaysHuman).map((i) => i.name)),
    clock: () => NOW,
    ...overrides,
  });
  let n = 0;
  return {
    store,
    parley,
    async conversation(options = {}) {
      const name = `conversation-${++n}`;
      const adapter = parley.attach(new TestAdapter((context) => parley.bot.run(context)));
      adapter.conversation.conversation.id = name;
      const id = conversationIdFor(adapter.conversation.channelId, name);
      const conversation = await store.conversations.create({
        id,
        channel: 'test',
        visitorId: `visitor-${n}`,
      });
      if (options.customer) {
        const customer = await store.customers.getByExternalId(DEMO_CUSTOMERS[options.customer].externalId);
        await store.conversations.linkCustomer(conversation.id, customer!.id);
      }
      return new TestConversation(adapter, id);
    },
    close: () => store.close(),
  };
}

/** What a reply looked like, for readable table assertions. */
export interface ReplySummary {
  text?: string;
  quickReplies?: string[];
  cards?: string[];
  event?: string;
}

export type ExpectedReply = string | RegExp | (Omit<ReplySummary, 'text'> & { text?: string | RegExp });
export type Row = [says: string, replies: ExpectedReply[]];

export function summarize(activity: Partial<Activity>): ReplySummary {
  if (activity.type === 'event') return { event: activity.name };
  const summary: ReplySummary = { text: activity.text ?? '' };
  const actions = activity.suggestedActions?.actions ?? [];
  if (actions.length) summary.quickReplies = actions.map((a) => a.title);
  if (activity.attachments?.length) summary.cards = activity.attachments.map((a) => a.contentType);
  return summary;
}

function matcher(expected: ExpectedReply): unknown {
  if (typeof expected === 'string') return expect.objectContaining({ text: expected });
  if (expected instanceof RegExp) return expect.objectContaining({ text: expect.stringMatching(expected) });
  const { text, ...rest } = expected;
  return expect.objectContaining({
    ...rest,
    ...(text === undefined ? {} : { text: text instanceof RegExp ? expect.stringMatching(text) : text }),
  });
}

export class TestConversation {
  constructor(
    readonly adapter: TestAdapter,
    /** The store's conversation id. */
    readonly id: string,
  ) {}

  /** Sends a message and returns the bot's replies to it (messages and events, in order). */
  async say(text: string): Promise<Partial<Activity>[]> {
    this.adapter.activeQueue.splice(0);
    await this.adapter.receiveActivity(text);
    return this.adapter.activeQueue.splice(0).filter((a) => a.type === 'message' || a.type === 'event');
  }

  /** Runs `[customer says, bot replies]` rows in order; each reply list must match exactly. */
  async run(rows: Row[]): Promise<void> {
    for (const [says, expected] of rows) {
      const replies = (await this.say(says)).map(summarize);
      try {
        expect(replies).toEqual(expected.map(matcher));
      } catch (error) {
        (error as Error).message =
          `after the customer said ${JSON.stringify(says)}:\n${(error as Error).message}`;
        throw error;
      }
    }
  }
}
