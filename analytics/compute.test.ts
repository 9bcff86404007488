import type { AnswerFeedback, Conversation, Escalation, Message, TurnRecord } from '../store';
import { computeAnalytics, percentile, seriesToCsv, type AnalyticsData } from './compute';
import { bucketStart, bucketStarts, periodProblem, type Period } from './period';

/**
 * A small hand-built period: Monday 2 and Tuesday 3 November 2026, by day; "now" is Tuesday 23:59:30.
 *
 * | conv | day | what happened | counts as |
 * |---|---|---|---|
 * | c1 | Mon | payment question, knowledge answer, "That helped", closed | contained, verified |
 * | c2 | Mon | order status answered by a dialog, then quiet | contained, assumed |
 * | c3 | Mon | fallback, asks for a person (waits 120 s), agent, rates 2 | escalated |
 * | c10 | Mon | order status, then an agent takes over from the console | escalated (no wait counted) |
 * | c4 | Tue | payment question answered, "Not quite", left | contained, not resolved |
 * | c5 | Tue | return answered, bye, rates 5 | contained, verified |
 * | c6 | Tue | shipping costs answered, policy escalates, nobody takes it | escalated, never assigned |
 * | c9 | Tue | knowledge answer 9 minutes ago | not ended yet |
 * | c7 | Tue | only the bot's greeting, no customer message | not a conversation |
 */
const NOW = new Date('2026-11-03T23:59:30Z');
const PERIOD: Period = { from: '2026-11-02T00:00:00.000Z', to: '2026-11-04T00:00:00.000Z', bucket: 'day' };
const at = (day: 2 | 3, time: string) => `2026-11-0${day}T${time}.000Z`;

function conversation(
  id: string,
  createdAt: string,
  state: Conversation['state'],
  updatedAt = createdAt,
): Conversation {
  return {
    id,
    channel: 'web',
    customerId: null,
    visitorId: `v-${id}`,
    state,
    assignedAgentId: null,
    lastSeq: 0,
    createdAt,
    updatedAt,
    closedAt: state === 'closed' ? updatedAt : null,
  };
}

const messages = new Map<string, Message[]>();
function say(
  conversationId: string,
  sender: Message['sender'],
  createdAt: string,
  text = '',
  attachments: unknown[] = [],
) {
  const list = messages.get(conversationId) ?? [];
  messages.set(conversationId, list);
  list.push({
    id: `${conversationId}-m${list.length + 1}`,
    conversationId,
    seq: list.length + 1,
    sender,
    senderId: sender === 'agent' ? 'u-agent' : null,
    text,
    attachments,
    clientMessageId: null,
    createdAt,
  });
}
const rate = (conversationId: string, createdAt: string, score: number) =>
  say(conversationId, 'system', createdAt, `Rated this chat ${score} out of 5.`, [
    { contentType: 'application/vnd.parley.event', content: { name: 'parley.csat', value: { score } } },
  ]);

const turns: TurnRecord[] = [];
function turn(
  conversationId: string,
  seq: number,
  createdAt: string,
  intent: string,
  answeredBy: TurnRecord['answeredBy'],
  articleId: string | null = null,
) {
  turns.push({
    id: `${conversationId}-t${seq}`,
    conversationId,
    seq,
    text: `message ${seq}`,
    language: 'en',
    intent,
    score: 0.9,
    fallback: answeredBy === 'fallback',
    answeredBy,
    articleId,
    sentiment: 0,
    createdAt,
  });
}

function escalation(
  conversationId: string,
  reason: string,
  createdAt: string,
  assignedAt: string | null,
  status: Escalation['status'],
): Escalation {
  return {
    id: `e-${conversationId}`,
    conversationId,
    reason,
    priority: 1,
    packet: {},
    status,
    agentId: assignedAt ? 'u-agent' : null,
    team: null,
    createdAt,
    assignedAt,
    resolvedAt: null,
  };
}

function vote(
  conversationId: string,
  articleId: string,
  helpful: boolean,
  createdAt: string,
): AnswerFeedback {
  return {
    id: `f-${conversationId}`,
    answerId: `a-${conversationId}`,
    articleId,
    helpful,
    conversationId,
    query: 'the question',
    comment: null,
    createdAt,
    updatedAt: createdAt,
  };
}

// c1: knowledge answer, "That helped", closed.
say('c1', 'customer', at(2, '09:00:00'));
say('c1', 'bot', at(2, '09:00:02'));
turn('c1', 1, at(2, '09:00:00'), 'payment.methods', 'knowledge', 'faq-pay');
say('c1', 'customer', at(2, '09:00:30'), 'That helped');
// c2: a dialog answers, the customer leaves.
say('c2', 'customer', at(2, '10:00:00'));
say('c2', 'bot', at(2, '10:00:05'));
turn('c2', 1, at(2, '10:00:00'), 'order.status', 'dialog');
// c3: fallback, then a person after 2 minutes, rated 2.
say('c3', 'customer', at(2, '11:00:00'));
say('c3', 'bot', at(2, '11:00:01'));
turn('c3', 1, at(2, '11:00:00'), 'none', 'fallback');
say('c3', 'customer', at(2, '11:01:00'));
turn('c3', 3, at(2, '11:01:00'), 'human.agent', 'dialog');
say('c3', 'agent', at(2, '11:03:10'));
rate('c3', at(2, '11:10:00'), 2);
// c10: an agent takes over from the console.
say('c10', 'customer', at(2, '15:00:00'));
say('c10', 'bot', at(2, '15:00:02'));
turn('c10', 1, at(2, '15:00:00'), 'order.status', 'dialog');
say('c10', 'agent', at(2, '15:05:30'));
// c4: knowledge answer, "Not quite", left.
say('c4', 'customer', at(3, '08:00:00'));
say('c4', 'bot', at(3, '08:00:10'));
turn('c4', 1, at(3, '08:00:00'), 'payment.methods', 'knowledge', 'faq-pay');
// c5: a return, bye, rated 5.
say('c5', 'customer', at(3, '09:00:00'));
say('c5', 'bot', at(3, '09:00:03'));
turn('c5', 1, at(3, '09:00:00'), 'return.item', 'dialog');
say('c5', 'customer', at(3, '09:02:00'));
turn('c5', 3, at(3, '09:02:00'), 'smalltalk.goodbye', 'dialog');
rate('c5', at(3, '09:02:30'), 5);
// c6: the policy escalates; nobody takes it.
say('c6', 'customer', at(3, '12:00:00'));
say('c6', 'bot', at(3, '12:00:04'));
turn('c6', 1, at(3, '12:00:00'), 'shipping.costs', 'dialog');
// c9: still going.
say('c9', 'customer', at(3, '23:50:00'));
say('c9', 'bot', at(3, '23:50:01'));
turn('c9', 1, at(3, '23:50:00'), 'shipping.times', 'knowledge', 'faq-ship');
// c7: the greeting only.
say('c7', 'bot', at(3, '13:00:00'));

const data: AnalyticsData = {
  conversations: [
    conversation('c1', at(2, '09:00:00'), 'closed', at(2, '09:01:00')),
    conversation('c2', at(2, '10:00:00'), 'bot', at(2, '10:00:05')),
    conversation('c3', at(2, '11:00:00'), 'closed', at(2, '11:10:00')),
    conversation('c10', at(2, '15:00:00'), 'closed', at(2, '15:20:00')),
    conversation('c4', at(3, '08:00:00'), 'bot', at(3, '08:00:40')),
    conversation('c5', at(3, '09:00:00'), 'bot', at(3, '09:02:30')),
    conversation('c6', at(3, '12:00:00'), 'bot', at(3, '12:30:00')),
    conversation('c7', at(3, '13:00:00'), 'bot'),
    conversation('c9', at(3, '23:50:00'), 'bot', at(3, '23:50:01')),
  ],
  messages,
  escalations: [
    escalation('c3', 'customer_request', at(2, '11:01:00'), at(2, '11:03:00'), 'resolved'),
    escalation('c10', 'agent_takeover', at(2, '15:05:00'), at(2, '15:05:00'), 'resolved'),
    escalation('c6', 'negative_sentiment', at(3, '12:01:00'), null, 'abandoned'),
  ],
  turns,
  feedback: [vote('c1', 'faq-pay', true, at(2, '09:00:30')), vote('c4', 'faq-pay', false, at(3, '08:00:40'))],
};

const report = computeAnalytics(data, PERIOD, {
  now: NOW,
  reasonLabels: { customer_request: 'Asked for a person' },
});

test('summary: containment split into verified and assumed resolution, escalations, CSAT', () => {
  expect(report.summary).toMatchObject({
    conversations: 8,
    ended: 7,
    contained: 4,
    containmentRate: 0.5714,
    verifiedResolution: 2,
    verifiedResolutionRate: 0.2857,
    assumedResolution: 1,
    assumedResolutionRate: 0.1429,
    escalated: 3,
    escalationRate: 0.375,
    csat: { count: 2, average: 3.5, distribution: { '1': 0, '2': 1, '3': 0, '4': 0, '5': 1 } },
  });
  expect(report.summary.escalationReasons).toEqual([
    { reason: 'agent_takeover', label: 'agent_takeover', count: 1, share: 0.3333 },
    { reason: 'customer_request', label: 'Asked for a person', count: 1, share: 0.3333 },
    { reason: 'negative_sentiment', label: 'negative_sentiment', count: 1, share: 0.3333 },
  ]);
});

test('first response and wait for a human, p50/p90 by nearest rank', () => {
  // First responses: 2, 5, 1, 2, 10, 3, 4, 1 s → sorted 1 1 2 2 3 4 5 10.
  expect(report.summary.firstResponseSeconds).toEqual({ count: 8, p50: 2, p90: 10 });
  // c3 waited 120 s; c6 was never taken; c10 was an agent take-over (nobody waited).
  expect(report.summary.waitForHumanSeconds).toEqual({ count: 1, p50: 120, p90: 120, neverAssigned: 1 });
});

test('fallback rate and top intents over the turns the bot handled', () => {
  expect(report.summary).toMatchObject({ botTurns: 10, fallbacks: 1, fallbackRate: 0.1 });
  expect(report.summary.topIntents).toEqual([
    { intent: 'order.status', count: 2, share: 0.2 },
    { intent: 'payment.methods', count: 2, share: 0.2 },
    { intent: 'human.agent', count: 1, share: 0.1 },
    { intent: 'return.item', count: 1, share: 0.1 },
    { intent: 'shipping.costs', count: 1, share: 0.1 },
    { intent: 'shipping.times', count: 1, share: 0.1 },
    { intent: 'smalltalk.goodbye', count: 1, share: 0.1 },
  ]);
});

test('per-intent funnel: recognized → answered → helpful → escalated', () => {
  expect(report.funnel).toEqual([
    { intent: 'order.status', recognized: 2, answered: 2, helpful: 0, escalated: 1 },
    { intent: 'payment.methods', recognized: 2, answered: 2, helpful: 1, escalated: 0 },
    { intent: 'human.agent', recognized: 1, answered: 1, helpful: 0, escalated: 1 },
    { intent: 'return.item', recognized: 1, answered: 1, helpful: 1, escalated: 0 },
    { intent: 'shipping.costs', recognized: 1, answered: 1, helpful: 0, escalated: 1 },
    { intent: 'shipping.times', recognized: 1, answered: 1, helpful: 0, escalated: 0 },
    { intent: 'smalltalk.goodbye', recognized: 1, answered: 1, helpful: 1, escalated: 0 },
  ]);
});

test('the series has one point per day, conversations in the bucket where they started', () => {
  expect(report.series).toEqual([
    {
      start: '2026-11-02T00:00:00.000Z',
      conversations: 4,
      ended: 4,
      contained: 2,
      verifiedResolution: 1,
      assumedResolution: 1,
      escalated: 2,
      containmentRate: 0.5,
      escalationRate: 0.5,
      botTurns: 5,
      fallbacks: 1,
      fallbackRate: 0.2,
      csatCount: 1,
      csatAverage: 2,
      firstResponseP50: 2,
      firstResponseP90: 5,
      waitForHumanP50: 120,
      waitForHumanP90: 120,
    },
    {
      start: '2026-11-03T00:00:00.000Z',
      conversations: 4,
      ended: 3,
      contained: 2,
      verifiedResolution: 1,
      assumedResolution: 0,
      escalated: 1,
      containmentRate: 0.6667,
      escalationRate: 0.25,
      botTurns: 5,
      fallbacks: 0,
      fallbackRate: 0,
      csatCount: 1,
      csatAverage: 5,
      firstResponseP50: 3,
      firstResponseP90: 10,
      waitForHumanP50: null,
      waitForHumanP90: null,
    },
  ]);
});

test('definitions travel with the numbers', () => {
  expect(Object.keys(report.definitions)).toEqual(
    expect.arrayContaining(['containment', 'verifiedResolution', 'assumedResolution', 'funnel']),
  );
  expect(report.definitions.ended).toBe('Closed, or quiet for at least 30 minutes.');
  expect(report).toMatchObject({ period: PERIOD, generatedAt: NOW.toISOString(), truncated: false });
});

test('CSV export of the series: a header, one row per bucket, empty cells for no data', () => {
  const lines = seriesToCsv(report).split('\r\n');
  expect(lines[0]).toBe(
    'start,conversations,ended,contained,verifiedResolution,assumedResolution,escalated,containmentRate,escalationRate,botTurns,fallbacks,fallbackRate,csatCount,csatAverage,firstResponseP50,firstResponseP90,waitForHumanP50,waitForHumanP90',
  );
  expect(lines.slice(1)).toEqual([
    '2026-11-02T00:00:00.000Z,4,4,2,1,1,2,0.5,0.5,5,1,0.2,1,2,2,5,120,120',
    '2026-11-03T00:00:00.000Z,4,3,2,1,0,1,0.6667,0.25,5,0,0,1,5,3,10,,',
    '',
  ]);
});

test('an empty period: zero counts, null rates', () => {
  const empty = computeAnalytics(
    { conversations: [], messages: new Map(), escalations: [], turns: [], feedback: [] },
    { ...PERIOD, bucket: 'week' },
    { now: NOW },
  );
  expect(empty.summary).toMatchObject({ conversations: 0, containmentRate: null, fallbackRate: null });
  expect(empty.summary.csat).toEqual({
    count: 0,
    average: null,
    distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
  });
  expect(empty.series.map((p) => p.start)).toEqual(['2026-11-02T00:00:00.000Z']);
});

test('buckets: UTC days, ISO weeks from Monday; periods are checked', () => {
  expect(new Date(bucketStart(Date.parse('2026-11-08T23:59:59Z'), 'week')).toISOString()).toBe(
    '2026-11-02T00:00:00.000Z',
  );
  expect(new Date(bucketStart(Date.parse('2026-11-09T00:00:00Z'), 'week')).toISOString()).toBe(
    '2026-11-09T00:00:00.000Z',
  );
  expect(
    bucketStarts({ from: '2026-11-04T10:00:00Z', to: '2026-11-17T00:00:00Z', bucket: 'week' }).map((t) =>
      new Date(t).toISOString().slice(0, 10),
    ),
  ).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
  expect(periodProblem({ ...PERIOD, to: PERIOD.from })).toBe('from must be before to');
  expect(periodProblem({ from: 'yesterday', to: PERIOD.to, bucket: 'day' })).toMatch(/ISO-8601/);
  expect(periodProblem({ from: '2020-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z', bucket: 'day' })).toMatch(
    /too long/,
  );
  expect(periodProblem(PERIOD)).toBeUndefined();
});

test('percentile is nearest-rank', () => {
  expect(percentile([], 50)).toBeNull();
  expect(percentile([7], 90)).toBe(7);
  expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
});
