import { resolveRouting, pickAgent, eligible, notifiable, routingIntent, teamFor } from './routing';
import { basePriority, compareQueued, effectivePriority } from './priority';
import type { AgentState } from './types';

const agent = (id: string, patch: Partial<AgentState> = {}): AgentState => ({
  id,
  name: id,
  role: 'agent',
  skills: ['orders', 'general'],
  capacity: 3,
  presence: 'online',
  activeChats: 0,
  lastAssignedAt: 0,
  ...patch,
});
const config = resolveRouting();

describe('teamFor', () => {
  test.each([
    ['legal.complaint', 'general', 'legal'],
    ['order.status', 'orders', 'orders'],
    ['refund.status', 'billing', 'billing'],
    [undefined, null, null],
    ['something', null, null],
  ])('%s (%s) → %s', (intent, category, team) => {
    expect(teamFor(config, intent, category)).toBe(team);
  });

  test('"talk to a person" routes by the last intent that names a topic', () => {
    const seen = [{ intent: 'order.status' }, { intent: 'smalltalk.thanks' }];
    expect(routingIntent(config, 'human.agent', seen)).toBe('order.status');
    expect(routingIntent(config, 'refund.status', seen)).toBe('refund.status');
    expect(routingIntent(config, 'human.agent', [])).toBe('human.agent');
    expect(routingIntent(config, undefined, [{ intent: 'none' }])).toBeUndefined();
  });

  test('category → team mapping overrides', () => {
    expect(
      teamFor(resolveRouting({ categoryTeams: { product: 'orders' } }), 'product.sizes', 'product'),
    ).toBe('orders');
  });
});

describe('pickAgent: capacity', () => {
  test('an agent at capacity is never chosen', () => {
    const agents = [agent('a', { activeChats: 3 }), agent('b', { activeChats: 2 })];
    expect(pickAgent(agents, { team: null, tier: null }, config)?.id).toBe('b');
    expect(pickAgent([agent('a', { activeChats: 3 })], { team: null, tier: null }, config)).toBeNull();
  });

  test('least busy by load ratio, then fewer chats, then longest since last assignment, then id', () => {
    expect(
      pickAgent(
        [agent('a', { activeChats: 2, capacity: 4 }), agent('b', { activeChats: 1, capacity: 1 })],
        { team: null, tier: null },
        config,
      )?.id,
    ).toBe('a');
    expect(
      pickAgent(
        [agent('a', { activeChats: 2, capacity: 4 }), agent('b', { activeChats: 1, capacity: 2 })],
        { team: null, tier: null },
        config,
      )?.id,
    ).toBe('b');
    expect(
      pickAgent(
        [agent('a', { lastAssignedAt: 200 }), agent('b', { lastAssignedAt: 100 })],
        { team: null, tier: null },
        config,
      )?.id,
    ).toBe('b');
    expect(pickAgent([agent('b'), agent('a')], { team: null, tier: null }, config)?.id).toBe('a');
  });

  test('only online agents: away and offline are skipped', () => {
    const agents = [
      agent('a', { presence: 'away' }),
      agent('b', { presence: 'offline' }),
      agent('c', { activeChats: 2 }),
    ];
    expect(pickAgent(agents, { team: null, tier: null }, config)?.id).toBe('c');
  });
});

describe('pickAgent: skills', () => {
  const sam = agent('sam', { skills: ['orders', 'general'] });
  const priya = agent('priya', { skills: ['billing', 'account', 'general'] });
  const noor = agent('noor', { skills: ['orders', 'billing', 'vip', 'legal'], capacity: 2 });

  test('the team skill is required when someone has it', () => {
    expect(pickAgent([sam, priya], { team: 'billing', tier: null }, config)?.id).toBe('priya');
    expect(pickAgent([sam, priya, noor], { team: 'legal', tier: null }, config)?.id).toBe('noor');
  });

  test('a busy specialist is waited for rather than routing to anyone', () => {
    const busy = { ...noor, activeChats: 2 };
    expect(pickAgent([sam, busy], { team: 'legal', tier: null }, config)).toBeNull();
  });

  test('nobody with the skill online: anyone free (unless configured strict)', () => {
    expect(pickAgent([sam], { team: 'legal', tier: null }, config)?.id).toBe('sam');
    expect(
      pickAgent([sam], { team: 'legal', tier: null }, resolveRouting({ fallbackToAnyone: false })),
    ).toBeNull();
  });

  test('VIP customers prefer an agent with the vip skill, even a busier one', () => {
    const busyNoor = { ...noor, activeChats: 1 };
    expect(pickAgent([sam, busyNoor], { team: 'orders', tier: 'platinum' }, config)?.id).toBe('noor');
    expect(pickAgent([sam, busyNoor], { team: 'orders', tier: 'standard' }, config)?.id).toBe('sam');
  });

  test('excluded agents (the one transferring away) are skipped', () => {
    expect(pickAgent([sam, priya], { team: null, tier: null, exclude: new Set(['priya']) }, config)?.id).toBe(
      'sam',
    );
  });

  test('notifiable: skilled online agents whatever their load; else everyone online', () => {
    const full = { ...priya, activeChats: 3 };
    expect(notifiable([sam, full], { team: 'billing', tier: null }, config).map((a) => a.id)).toEqual([
      'priya',
    ]);
    expect(notifiable([sam], { team: 'billing', tier: null }, config).map((a) => a.id)).toEqual(['sam']);
    expect(eligible([sam, full], { team: 'billing', tier: null }, config)).toEqual([]);
  });
});

describe('priority', () => {
  test('reason, tier and mood add up', () => {
    expect(basePriority({ reason: 'customer_request', tier: null, sentiment: 0, frustration: false })).toBe(
      20,
    );
    expect(
      basePriority({ reason: 'customer_request', tier: 'platinum', sentiment: -0.6, frustration: true }),
    ).toBe(20 + 20 + 10 + 5);
    expect(
      basePriority({
        reason: 'high_risk_customer',
        tier: 'gold',
        sentiment: -0.3,
        frustration: false,
        boost: 5,
      }),
    ).toBe(40 + 10 + 5 + 5);
    expect(
      basePriority({ reason: 'repeated_fallback', tier: 'standard', sentiment: 0.2, frustration: false }),
    ).toBe(15);
  });

  test('waiting raises priority one point a minute', () => {
    expect(effectivePriority(20, 0)).toBe(20);
    expect(effectivePriority(20, 59_999)).toBe(20);
    expect(effectivePriority(20, 10 * 60_000)).toBe(30);
  });

  test('queue order: effective priority, then longest wait, then id', () => {
    const now = 1_000_000_000;
    const entries = [
      { id: 'low-old', priority: 15, createdAt: now - 20 * 60_000 }, // 35 effective
      { id: 'high-new', priority: 30, createdAt: now }, // 30
      { id: 'mid', priority: 25, createdAt: now - 5 * 60_000 }, // 30, waited longer than high-new
      { id: 'b', priority: 10, createdAt: now },
      { id: 'a', priority: 10, createdAt: now },
    ];
    expect([...entries].sort(compareQueued(now)).map((e) => e.id)).toEqual([
      'low-old',
      'mid',
      'high-new',
      'a',
      'b',
    ]);
  });
});
