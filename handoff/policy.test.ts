import { EscalationPolicy, triggerFromRequest, type CustomerRisk, type TurnSignals } from './policy';

const calm: TurnSignals = {
  intent: 'order.status',
  fallback: false,
  consecutiveFallbacks: 0,
  customerTurns: 3,
  sentiment: { last: 0.1, fallingFast: false, frustrationCount: 0 },
  customer: null,
};
const standard: CustomerRisk = { tier: 'standard', lifetimeValue: 5_000, openTickets: 0, openComplaints: 0 };
const platinum: CustomerRisk = { ...standard, tier: 'platinum' };
const bigSpender: CustomerRisk = { ...standard, tier: 'silver', lifetimeValue: 250_000 };
const complainer: CustomerRisk = { ...standard, openTickets: 1, openComplaints: 1 };
const manyTickets: CustomerRisk = { ...standard, openTickets: 2 };

const turn = (
  patch: Partial<Omit<TurnSignals, 'sentiment'>> & { sentiment?: Partial<TurnSignals['sentiment']> },
): TurnSignals => ({
  ...calm,
  ...patch,
  sentiment: { ...calm.sentiment, ...patch.sentiment },
});

describe('EscalationPolicy (defaults), one row per trigger', () => {
  const policy = new EscalationPolicy();

  test.each<[string, TurnSignals, string | null, string?]>([
    ['a calm, understood turn', calm, null],
    ['agent takeover', turn({ agentTakeover: true }), 'agent_takeover', 'agent_takeover'],
    [
      'the customer asks for a person',
      turn({ askedForPerson: true }),
      'customer_request',
      'customer_request',
    ],
    [
      'an always-human intent: legal complaint',
      turn({ intent: 'legal.complaint' }),
      'always_human',
      'always_human:legal.complaint',
    ],
    [
      'an always-human intent: account closure',
      turn({ intent: 'account.close' }),
      'always_human',
      'always_human:account.close',
    ],
    [
      'three fallbacks in a row',
      turn({ intent: 'none', fallback: true, consecutiveFallbacks: 3 }),
      'repeated_fallback',
      'fallbacks:3',
    ],
    [
      'two fallbacks in a row are not enough',
      turn({ intent: 'none', fallback: true, consecutiveFallbacks: 2 }),
      null,
    ],
    [
      'sentiment under the threshold',
      turn({ sentiment: { last: -0.7 } }),
      'negative_sentiment',
      'sentiment:-0.70',
    ],
    [
      'sentiment at the threshold',
      turn({ sentiment: { last: -0.65 } }),
      'negative_sentiment',
      'sentiment:-0.65',
    ],
    [
      'an upset first message gives the bot its chance',
      turn({ customerTurns: 1, sentiment: { last: -0.9, frustrationCount: 1 } }),
      null,
    ],
    [
      'an upset second message hands over',
      turn({ customerTurns: 2, sentiment: { last: -0.9, frustrationCount: 1 } }),
      'negative_sentiment',
      'sentiment:-0.90',
    ],
    ['mildly negative sentiment', turn({ sentiment: { last: -0.4 } }), null],
    [
      'frustration twice',
      turn({ sentiment: { last: -0.3, frustrationCount: 2 } }),
      'negative_sentiment',
      'frustration:2',
    ],
    [
      'mood falling fast',
      turn({ sentiment: { last: -0.4, fallingFast: true } }),
      'sentiment_falling',
      'falling_fast',
    ],
    [
      'platinum customer after one fallback',
      turn({ intent: 'none', fallback: true, consecutiveFallbacks: 1, customer: platinum }),
      'high_value_customer',
      'tier:platinum',
    ],
    [
      'high lifetime value, negative turn',
      turn({ sentiment: { last: -0.3 }, customer: bigSpender }),
      'high_value_customer',
      'tier:silver',
    ],
    ['platinum customer, calm turn', turn({ customer: platinum }), null],
    [
      'open complaint, fallback',
      turn({ intent: 'none', fallback: true, consecutiveFallbacks: 1, customer: complainer }),
      'high_risk_customer',
      'open_complaints:1',
    ],
    [
      'two open tickets, negative turn',
      turn({ sentiment: { last: -0.25 }, customer: manyTickets }),
      'high_risk_customer',
      'open_tickets:2',
    ],
    [
      'risky topic (payment failed), negative',
      turn({ intent: 'payment.failed', sentiment: { last: -0.3 }, customer: standard }),
      'high_risk_customer',
      'risky_intent:payment.failed',
    ],
    ['risky customer, calm turn', turn({ customer: complainer }), null],
  ])('%s', (...[_label, signals, reason, detail]) => {
    const trigger = policy.evaluate(signals);
    if (reason === null) expect(trigger).toBeNull();
    else expect(trigger).toMatchObject({ reason, detail });
  });

  test('precedence: a request for a person beats everything but a takeover', () => {
    const all = turn({
      askedForPerson: true,
      intent: 'legal.complaint',
      sentiment: { last: -0.9, fallingFast: true },
      fallback: true,
      consecutiveFallbacks: 5,
      customer: platinum,
    });
    expect(policy.evaluate(all)?.reason).toBe('customer_request');
    expect(policy.evaluate({ ...all, agentTakeover: true })?.reason).toBe('agent_takeover');
    expect(policy.evaluate({ ...all, askedForPerson: false })?.reason).toBe('always_human');
  });

  test('high-value and high-risk triggers raise priority', () => {
    expect(
      policy.evaluate(turn({ intent: 'none', fallback: true, consecutiveFallbacks: 1, customer: platinum }))
        ?.boost,
    ).toBe(5);
  });
});

describe('EscalationPolicy (configured)', () => {
  test.each<[string, ConstructorParameters<typeof EscalationPolicy>[0], TurnSignals, string | null]>([
    [
      'fallback limit 1',
      { fallbackLimit: 1 },
      turn({ fallback: true, consecutiveFallbacks: 1, intent: 'none' }),
      'repeated_fallback',
    ],
    [
      'stricter sentiment threshold',
      { sentimentThreshold: -0.3 },
      turn({ sentiment: { last: -0.35 } }),
      'negative_sentiment',
    ],
    [
      'mood from the first message',
      { sentimentMinTurns: 1 },
      turn({ customerTurns: 1, sentiment: { last: -0.7 } }),
      'negative_sentiment',
    ],
    [
      'a falling mood over two messages (a cheerful hello, then the problem) is no reason yet',
      {},
      turn({ customerTurns: 2, sentiment: { last: -0.4, fallingFast: true } }),
      null,
    ],
    [
      'a falling mood from the second message when configured so',
      { fallingMoodMinTurns: 2 },
      turn({ customerTurns: 2, sentiment: { last: -0.4, fallingFast: true } }),
      'sentiment_falling',
    ],
    [
      'falling mood ignored',
      { handOverFallingMood: false },
      turn({ sentiment: { last: -0.4, fallingFast: true } }),
      null,
    ],
    [
      'custom always-human intent',
      { alwaysHumanIntents: new Set(['order.cancel']) },
      turn({ intent: 'order.cancel' }),
      'always_human',
    ],
    [
      'defaults replaced: legal.complaint no longer listed',
      { alwaysHumanIntents: new Set(['order.cancel']) },
      turn({ intent: 'legal.complaint' }),
      null,
    ],
    [
      'gold counts as high value',
      { highValue: { tiers: new Set(['gold'] as const), lifetimeValueAtLeast: Infinity } },
      turn({
        fallback: true,
        consecutiveFallbacks: 1,
        intent: 'none',
        customer: { ...standard, tier: 'gold' },
      }),
      'high_value_customer',
    ],
    [
      'complaints do not make a customer risky',
      { highRisk: { intents: new Set(), openTicketsAtLeast: 99, openComplaint: false } },
      turn({ sentiment: { last: -0.3 }, customer: complainer }),
      null,
    ],
  ])('%s', (_label, config, signals, reason) => {
    expect(new EscalationPolicy(config).evaluate(signals)?.reason ?? null).toBe(reason);
  });
});

describe('triggerFromRequest maps dialog reasons onto codes', () => {
  test.each([
    ['customer_request', 'customer_request', 'customer_request'],
    ['always_human:account.close', 'always_human', 'always_human:account.close'],
    ['fallback', 'repeated_fallback', 'fallback'],
    ['frustration', 'negative_sentiment', 'frustration'],
    ['agent_takeover', 'agent_takeover', 'agent_takeover'],
    ['dialog:returns', 'dialog', 'dialog:returns'],
    ['damaged_item', 'dialog', 'damaged_item'],
    ['', 'dialog', 'dialog'],
  ])('%s → %s', (reason, code, detail) => {
    expect(triggerFromRequest(reason)).toEqual({ reason: code, detail });
  });
});
