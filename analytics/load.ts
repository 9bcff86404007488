/**
 * Reads what the computations need for one period from the store ports: the conversations that
 * started in it, their messages, escalations, turn records and votes (also those that came after the
 * period ended, up to `now`).
 */
import type { AnswerFeedback, Message, Store } from '../store';
import type { AnalyticsData } from './compute';
import type { Period } from './period';

export type AnalyticsStore = Pick<
  Store,
  'conversations' | 'messages' | 'escalations' | 'turnRecords' | 'answerFeedback'
>;

/** Rows per listing; reaching it marks the data as truncated. */
export const LIST_LIMIT = 10_000;
const MESSAGE_PAGE = 500;

/** Every vote cast (or changed) from `since` on, newest first per article. */
export async function votesSince(
  store: Pick<Store, 'answerFeedback'>,
  since: string,
): Promise<AnswerFeedback[]> {
  const articles = await store.answerFeedback.helpfulness({ since });
  const lists = await Promise.all(
    // listByArticle is newest first, so the first `total` votes are exactly those since `since`.
    articles.map((a) => store.answerFeedback.listByArticle(a.articleId, { limit: a.total })),
  );
  return lists.flat().filter((f) => f.updatedAt >= since);
}

async function allMessages(store: AnalyticsStore, conversationId: string): Promise<Message[]> {
  const messages: Message[] = [];
  for (;;) {
    const page = await store.messages.listAfter(conversationId, messages.at(-1)?.seq ?? 0, MESSAGE_PAGE);
    messages.push(...page);
    if (page.length < MESSAGE_PAGE) return messages;
  }
}

export async function loadAnalyticsData(
  store: AnalyticsStore,
  period: Pick<Period, 'from' | 'to'>,
  now: Date,
): Promise<AnalyticsData> {
  const from = new Date(period.from).toISOString();
  const to = new Date(period.to).toISOString();
  // What happened in those conversations may come after the period: read up to now (or `to`).
  const until = new Date(Math.max(now.getTime() + 1, Date.parse(to))).toISOString();
  const conversations = await store.conversations.listBetween(from, to, { limit: LIST_LIMIT });
  const ids = new Set(conversations.map((c) => c.id));
  const [escalations, turns, feedback] = await Promise.all([
    store.escalations.listBetween(from, until, { limit: LIST_LIMIT }),
    store.turnRecords.listBetween(from, until, { limit: LIST_LIMIT }),
    votesSince(store, from),
  ]);
  const messages = new Map<string, Message[]>();
  for (const conversation of conversations)
    messages.set(conversation.id, await allMessages(store, conversation.id));
  return {
    conversations,
    messages,
    escalations: escalations.filter((e) => ids.has(e.conversationId)),
    turns: turns.filter((t) => ids.has(t.conversationId)),
    feedback: feedback.filter((f) => f.conversationId !== null && ids.has(f.conversationId)),
    truncated: [conversations, escalations, turns].some((list) => list.length >= LIST_LIMIT),
  };
}
