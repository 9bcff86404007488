import type { Escalation, Order } from '../ports';
import { closedAtFor, escalationStatusFields, orderStatusFields } from './rules';

const NOW = '2024-06-01T12:00:00.000Z';
const EARLIER = '2024-05-01T00:00:00.000Z';

describe('orderStatusFields', () => {
  const order = (overrides: Partial<Order> = {}) =>
    ({ shippedAt: null, deliveredAt: null, status: 'processing', ...overrides }) as Order;

  test('stamps shippedAt/deliveredAt on first reaching that status, keeps earlier stamps', () => {
    expect(orderStatusFields(order(), 'shipped', NOW)).toEqual({
      status: 'shipped',
      shippedAt: NOW,
      deliveredAt: null,
    });
    expect(orderStatusFields(order(), 'delivered', NOW)).toEqual({
      status: 'delivered',
      shippedAt: NOW,
      deliveredAt: NOW,
    });
    expect(orderStatusFields(order({ shippedAt: EARLIER }), 'delivered', NOW)).toEqual({
      status: 'delivered',
      shippedAt: EARLIER,
      deliveredAt: NOW,
    });
    expect(orderStatusFields(order({ shippedAt: EARLIER }), 'delayed', NOW)).toEqual({
      status: 'delayed',
      shippedAt: EARLIER,
      deliveredAt: null,
    });
  });
});

describe('escalationStatusFields', () => {
  const assigned = {
    status: 'assigned',
    agentId: 'a1',
    team: 't',
    assignedAt: EARLIER,
    resolvedAt: null,
  } as Escalation;

  test('finishing stamps resolvedAt and keeps the agent', () => {
    for (const status of ['resolved', 'handed_back', 'abandoned'] as const) {
      expect(escalationStatusFields(assigned, status, {}, NOW)).toEqual({
        status,
        agentId: 'a1',
        team: 't',
        assignedAt: EARLIER,
        resolvedAt: NOW,
      });
    }
  });

  test('re-queueing clears the agent and timestamps unless the patch names an agent', () => {
    expect(escalationStatusFields(assigned, 'queued', {}, NOW)).toEqual({
      status: 'queued',
      agentId: null,
      team: 't',
      assignedAt: null,
      resolvedAt: null,
    });
    expect(escalationStatusFields(assigned, 'queued', { agentId: 'a2', team: null }, NOW)).toMatchObject({
      agentId: 'a2',
      team: null,
    });
  });

  test('assigning stamps assignedAt once', () => {
    const queued = { ...assigned, status: 'queued', agentId: null, assignedAt: null } as Escalation;
    expect(escalationStatusFields(queued, 'assigned', { agentId: 'a3' }, NOW)).toMatchObject({
      agentId: 'a3',
      assignedAt: NOW,
    });
    expect(escalationStatusFields(assigned, 'assigned', {}, NOW)).toMatchObject({
      agentId: 'a1',
      assignedAt: EARLIER,
    });
  });
});

test('closedAtFor: set on entering closed, cleared otherwise', () => {
  expect(closedAtFor('closed', NOW)).toBe(NOW);
  expect(closedAtFor('bot', NOW)).toBeNull();
});
