/**
 * The /chat handshake, end to end (real socket.io clients, a real server on a random port, a real
 * SQLite file): which network address a socket is counted under behind a proxy, and that a bad
 * identity field in `auth` never costs the visitor their token and conversations.
 */
import { io as connect } from 'socket.io-client';
import { signCustomerId } from '../crm';
import type { ReplyEngine } from '../bot';
import type {
  Ack,
  ChatMessageAckData,
  ChatMessageView,
  ChatResumeAckData,
  ChatSessionPayload,
} from '../protocol';
import {
  nextReplies,
  request,
  startTestServer,
  type ChatClient,
  type TestServer,
} from './helpers/test-server';

/** Answers with what the service told the bot about the turn: who it is for, and from which address. */
const witness: ReplyEngine = {
  async respond({ message, customerId, clientAddress }) {
    return [{ text: JSON.stringify({ text: message.text, customerId: customerId ?? null, clientAddress }) }];
  },
};

interface ChatErrorNotice {
  code: string;
  message: string;
  event?: string;
}

/**
 * Opens a /chat socket with any `auth` object and extra HTTP headers, and collects what the server
 * said during the handshake (a `chat:session`, `chat:error`s), which arrives before `connect`.
 */
async function open(
  t: TestServer,
  auth: Record<string, unknown>,
  extraHeaders: Record<string, string> = {},
): Promise<{ socket: ChatClient; session: ChatSessionPayload | null; errors: ChatErrorNotice[] }> {
  const socket: ChatClient = connect(`${t.url}/chat`, {
    auth,
    extraHeaders,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  opened.push(socket);
  let session: ChatSessionPayload | null = null;
  const errors: ChatErrorNotice[] = [];
  socket.on('chat:session', (s) => (session = s));
  socket.on('chat:error', (e) => errors.push(e));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, session, errors };
}

const opened: ChatClient[] = [];
afterEach(() => {
  for (const socket of opened.splice(0)) socket.disconnect();
});

async function say(socket: ChatClient, text: string, conversationId?: string) {
  const replies = nextReplies(socket, 1);
  const ack = await request<Ack<ChatMessageAckData>>(socket, 'chat:message', {
    clientMessageId: `c-${text}`,
    ...(conversationId ? { conversationId } : {}),
    text,
  });
  expect(ack.error).toBeUndefined();
  const [reply] = (await replies) as ChatMessageView[];
  return { ack: ack.data!, said: JSON.parse(reply.text) as Record<string, unknown> };
}

describe('the client address behind a trusted proxy', () => {
  let t: TestServer;
  afterEach(async () => {
    await t.close();
  });

  it('is the last X-Forwarded-For entry (the one the proxy appended), not what the client wrote', async () => {
    t = await startTestServer(witness, { trustProxy: true });
    const { socket } = await open(t, {}, { 'X-Forwarded-For': '203.0.113.1, 198.51.100.7' });
    expect((await say(socket, 'where is my order?')).said.clientAddress).toBe('198.51.100.7');

    // However long a chain the client writes, only the proxy's own entry counts.
    const { socket: spoofing } = await open(
      t,
      {},
      { 'X-Forwarded-For': '10.9.8.7, 203.0.113.1 ,  198.51.100.7 ' },
    );
    expect((await say(spoofing, 'again')).said.clientAddress).toBe('198.51.100.7');
  });

  it('is the socket peer without the header, and whenever the proxy is not trusted', async () => {
    t = await startTestServer(witness, { trustProxy: true });
    const { socket: direct } = await open(t, {});
    expect((await say(direct, 'hi')).said.clientAddress).toBe('127.0.0.1');
    await t.close();

    t = await startTestServer(witness);
    const { socket: untrusted } = await open(t, {}, { 'X-Forwarded-For': '203.0.113.1, 198.51.100.7' });
    expect((await say(untrusted, 'hi')).said.clientAddress).toBe('127.0.0.1');
  });
});

describe('a bad identity field in the handshake', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer(witness, { siteSecret: 'site-secret-for-tests-0123456789' });
  });
  afterEach(async () => {
    await t.close();
  });

  /** A visitor with one answered conversation, and how they come back with `auth`. */
  async function returningVisitor() {
    const first = await t.client();
    const { ack } = await say(first.socket, 'where is my order?');
    first.socket.disconnect();
    return { visitorToken: first.visitorToken, conversationId: ack.conversationId };
  }

  async function expectResumes(socket: ChatClient, conversationId: string) {
    const resumed = await request<Ack<ChatResumeAckData>>(socket, 'chat:resume', {
      conversationId,
      afterSeq: 0,
    });
    expect(resumed.error).toBeUndefined();
    expect(resumed.data!.messages.map((m) => [m.seq, m.sender])).toEqual([
      [1, 'customer'],
      [2, 'bot'],
    ]);
  }

  it.each([
    ['customerId: null', { customerId: null }],
    ['customerId: ""', { customerId: '' }],
    ['customerId and customerSignature null', { customerId: null, customerSignature: null }],
    ['siteId: null', { siteId: null }],
  ])('%s counts as absent: same visitor, no error, own conversation resumes', async (_name, extra) => {
    const { visitorToken, conversationId } = await returningVisitor();
    const { socket, session, errors } = await open(t, { visitorToken, ...extra });
    expect(session).toBeNull(); // no new identity was issued
    expect(errors).toEqual([]);
    await expectResumes(socket, conversationId);
  });

  it.each([
    ['a 101-character siteId', { siteId: 'x'.repeat(101) }, 'siteId'],
    ['a numeric customerId', { customerId: 1001 }, 'customerId'],
    ['a 201-character customerId', { customerId: 'c'.repeat(201) }, 'customerId'],
    [
      'an object as customerSignature',
      { customerId: 'cust-1', customerSignature: { x: 1 } },
      'customerSignature',
    ],
  ])('%s keeps the token and is reported as validation_failed', async (_name, extra, field) => {
    const { visitorToken, conversationId } = await returningVisitor();
    const { socket, session, errors } = await open(t, { visitorToken, ...extra });
    expect(session).toBeNull();
    expect(errors).toEqual([
      { code: 'validation_failed', message: expect.stringContaining(field), event: 'handshake' },
    ]);
    await expectResumes(socket, conversationId);
    expect(socket.connected).toBe(true);
  });

  it('a signed-in customer with a bad siteId is still verified', async () => {
    const customer = await t.store.customers.create({
      externalId: 'cust-1001',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: null,
      tier: 'gold',
      consent: true,
    });
    const { visitorToken, conversationId } = await returningVisitor();
    const { socket, session, errors } = await open(t, {
      visitorToken,
      siteId: 'x'.repeat(101),
      customerId: 'cust-1001',
      customerSignature: signCustomerId('site-secret-for-tests-0123456789', 'cust-1001'),
    });
    expect(session).toBeNull();
    expect(errors.map((e) => e.code)).toEqual(['validation_failed']);
    await expectResumes(socket, conversationId);
    // The old conversation was anonymous; a new one is linked to the verified customer.
    const { said } = await say(socket, 'my orders?');
    expect(said.customerId).toBe(customer.id);
  });

  it('without a valid token a new identity is issued, as before', async () => {
    const { conversationId } = await returningVisitor();
    const { socket, session } = await open(t, { visitorToken: null, customerId: null });
    expect(session).not.toBeNull();
    const stolen = await request<Ack<ChatResumeAckData>>(socket, 'chat:resume', {
      conversationId,
      afterSeq: 0,
    });
    expect(stolen.error?.code).toBe('not_found');
  });
});
