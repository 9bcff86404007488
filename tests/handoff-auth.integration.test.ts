/**
 * Console sign-in and the /agents handshake: argon2 passwords, an httpOnly SameSite=Strict session
 * cookie whose token is never stored, CSRF and same-origin checks, sessions that survive a restart,
 * and sign-out closing the console's socket.
 */
import { createHash } from 'node:crypto';
import { io as connect } from 'socket.io-client';
import { AGENTS_NAMESPACE } from '../console/protocol';
import { next, startHandoffHarness, type HandoffHarness } from './helpers/handoff-harness';

jest.setTimeout(60_000);

const SAM = 'sam.ortega@fellwicktarn.example';
let harness: HandoffHarness;
beforeAll(async () => {
  harness = await startHandoffHarness();
});
afterAll(async () => {
  await harness?.close();
});

const signIn = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${harness.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

function handshake(headers: Record<string, string>): Promise<'connected' | string> {
  const socket = connect(`${harness.url}${AGENTS_NAMESPACE}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: headers,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.disconnect();
      resolve('connected');
    });
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) =>
      resolve(error.data?.code ?? error.message),
    );
  });
}

test('a wrong password and an unknown email get the same answer', async () => {
  const wrong = await signIn({ email: SAM, password: 'not-it' });
  const unknown = await signIn({ email: 'nobody@fellwicktarn.example', password: 'not-it' });
  expect(wrong.status).toBe(401);
  expect(unknown.status).toBe(401);
  expect(await wrong.json()).toEqual(await unknown.json());
  expect((await signIn({ email: SAM })).status).toBe(400);
});

test('sign-in sets an httpOnly SameSite=Strict cookie; only a hash of its token is stored', async () => {
  const response = await signIn({ email: 'Sam.Ortega@fellwicktarn.example', password: 'parley-demo' });
  expect(response.status).toBe(200);
  const setCookie = response.headers.get('set-cookie') ?? '';
  expect(setCookie).toMatch(/^parley_session=[\w-]{43};/);
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Strict/i);
  expect(setCookie).toMatch(/Path=\//);
  const body = (await response.json()) as {
    data: { user: { email: string; role: string }; csrfToken: string };
  };
  expect(body.data.user).toMatchObject({ email: SAM, role: 'agent' });
  expect(body.data).not.toHaveProperty('user.passwordHash');
  const token = decodeURIComponent(setCookie.split(';')[0].split('=')[1]);
  expect(await harness.store.authSessions.get(token)).toBeNull();
  const stored = await harness.store.authSessions.get(createHash('sha256').update(token).digest('base64url'));
  expect(stored).toMatchObject({ csrfToken: body.data.csrfToken });
});

test('cross-site requests are refused: other origins, form posts', async () => {
  expect(
    (await signIn({ email: SAM, password: 'parley-demo' }, { Origin: 'http://evil.example' })).status,
  ).toBe(403);
  const form = await fetch(`${harness.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'email=x&password=y',
  });
  expect(form.status).toBe(415);
});

test('the /agents handshake needs a live session cookie and this origin', async () => {
  const { cookie } = await harness.agent(SAM);
  expect(await handshake({})).toBe('unauthorized');
  expect(await handshake({ cookie: 'parley_session=forged' })).toBe('unauthorized');
  expect(await handshake({ cookie, origin: 'http://evil.example' })).toBe('forbidden');
  expect(await handshake({ cookie, origin: harness.url })).toBe('connected');
});

test('sign-out needs the CSRF token, ends the session and closes its consoles', async () => {
  const { socket, cookie, csrfToken } = await harness.agent(SAM);
  const without = await fetch(`${harness.url}/api/auth/sign-out`, { method: 'POST', headers: { cookie } });
  expect(without.status).toBe(403);
  const ended = next(socket, 'session:ended');
  const out = await fetch(`${harness.url}/api/auth/sign-out`, {
    method: 'POST',
    headers: { cookie, 'X-CSRF-Token': csrfToken },
  });
  expect(out.status).toBe(204);
  expect(out.headers.get('set-cookie')).toMatch(/parley_session=;/);
  await ended;
  expect((await fetch(`${harness.url}/api/auth/session`, { headers: { cookie } })).status).toBe(401);
  expect(await handshake({ cookie })).toBe('unauthorized');
});

test('sessions survive a restart (they live in the store)', async () => {
  const { cookie } = await harness.agent(SAM);
  const restarted = await startHandoffHarness({ file: harness.file });
  try {
    const response = await fetch(`${restarted.url}/api/auth/session`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { user: { email: string } } }).data.user.email).toBe(SAM);
  } finally {
    await restarted.close();
  }
});

test('GET /console serves the page under a strict content security policy', async () => {
  const response = await fetch(`${harness.url}/console`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/text\/html/);
  expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
  const html = await response.text();
  expect(html).toContain('<script src="/static/console.js" defer></script>');
  expect(html).not.toMatch(/<script>(?!<)/);
});
