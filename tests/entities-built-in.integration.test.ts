/**
 * GET /api/admin/entities/built-in over real HTTP on a real SQLite file: the entity kinds the bot
 * extracts without any setup, each EntityType but the admin's own `custom:*` exactly once, from
 * nlp/entities' table (the console's Entities page shows them); admins only.
 */
import { BUILT_IN_ENTITY_KINDS, type BuiltInEntityType } from '../nlp';
import type { BuiltInEntityKindsView } from '../protocol/admin';
import { ADMIN_EMAIL, AGENT_EMAIL, startAdminApi, type AdminApiHarness } from './helpers/admin-api-harness';

jest.setTimeout(60_000);

const PATH = '/api/admin/entities/built-in';

/** Every EntityType but `custom:*`; a kind added there and missing here is a type error. */
const ENTITY_TYPES = Object.keys({
  person: true,
  date: true,
  time: true,
  money: true,
  number: true,
  email: true,
  phone: true,
  order_number: true,
  tracking_number: true,
  product: true,
} satisfies Record<BuiltInEntityType, true>);

let api: AdminApiHarness;

beforeAll(async () => {
  api = await startAdminApi();
});
afterAll(async () => {
  await api?.close();
});

test('an admin gets every built-in entity type once, with a label, what it matches and an example', async () => {
  const admin = await api.signIn(ADMIN_EMAIL);
  const response = await api.request<{ data: BuiltInEntityKindsView }>('GET', PATH, { as: admin });
  expect(response.status).toBe(200);
  const { kinds } = response.json.data;
  expect(kinds.map((kind) => kind.type).sort()).toEqual([...ENTITY_TYPES].sort());
  for (const kind of kinds) {
    expect(Object.keys(kind).sort()).toEqual(['example', 'label', 'matches', 'type']);
    for (const text of [kind.label, kind.matches, kind.example]) expect(text.trim()).not.toBe('');
  }
  // The one table, in its order (the console lists them so).
  expect(kinds).toEqual(BUILT_IN_ENTITY_KINDS);
  expect(new Set(kinds.map((kind) => kind.label)).size).toBe(kinds.length);
});

test('an agent gets 403 and someone signed out 401, with the error envelope', async () => {
  const agent = await api.signIn(AGENT_EMAIL);
  const asAgent = await api.request<{ error: { code: string } }>('GET', PATH, { as: agent });
  expect(asAgent.status).toBe(403);
  expect(asAgent.json.error.code).toBe('forbidden');
  const anonymous = await api.request<{ error: { code: string } }>('GET', PATH, { as: null });
  expect(anonymous.status).toBe(401);
  expect(anonymous.json.error.code).toBe('unauthorized');
});
