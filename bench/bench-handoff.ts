/**
 * First, the escalation packet's build time in isolation (transcripts of 10, 40 and 200 messages).
 * Then handoff latency under load: with N customer conversations running against the real bot, the time
 * from the customer's triggering message ("I want to talk to a person") to the escalation arriving
 * at an online agent's console, p50/p99; and the escalation packet's build time (p50/p99/max, budget
 * 20 ms), as the server measured it.
 *
 *   npm run bench:handoff [-- --conversations 500] [--rate 25] [--escalations 5] [--seconds 30]
 *                         [--modes echo,handoff] [--packet-builds 200] [--json FILE]
 *
 * A server process (pinned to core 0 with `taskset -c 0`) and a load generator (core 1) run apart.
 * The generator opens N /chat conversations (each says hello first), then, open loop for `--seconds`:
 * `--rate` background messages a second to idle conversations (shipping, payments, small talk…) and
 * `--escalations` a second to others, which ask for a person. Four demo agents are signed in (argon2,
 * session cookie) on /agents; the first `escalation:new` for a conversation stops its clock. The
 * agent then claims it, replies, and resolves it; the customer answers the CSAT question and the
 * conversation goes back into the pool, so the queue stays as busy as a staffed team's.
 *
 * Baseline, same run, same generator: `echo`, a raw socket.io server acknowledging each message (the
 * transport's floor); the figure beside the handoff p99 is handoff p99 ÷ echo p99.
 * Internal roles: `--role server --mode handoff|echo`, `--role load …` (spawned by the orchestrator).
 */
import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { corePinning, firstLine, spawnRole } from './lib/processes';
import { markdownTable, optionalFlag, parseFlags, percentile, writeJsonResult, type Flags } from './lib/cli';

type Mode = 'handoff' | 'echo';

const AGENTS = [
  'sam.ortega@fellwicktarn.example',
  'priya.raman@fellwicktarn.example',
  'lars.eikeland@fellwicktarn.example',
  'noor.haddad@fellwicktarn.example',
];
const BACKGROUND = [
  'how much is shipping to the UK?',
  'what payment methods do you accept?',
  'hi',
  'do you sell gift cards?',
  'how long does delivery take to Germany?',
  'thanks!',
  'what is the weather like on mars',
];
const TRIGGER = 'I want to talk to a person please';
const TIMEOUT_MS = 10_000;

interface ModeResult {
  mode: Mode;
  conversations: number;
  seconds: number;
  /** Escalation latency (handoff) or acknowledgement latency (echo), ms. */
  samples: number;
  p50: number;
  p99: number;
  max: number;
  timedOut: number;
  background: { sent: number; answered: number; p50: number; p99: number };
  packetBuildMs?: { p50: number; p99: number; max: number };
  packetComputeMs?: { p50: number; p99: number };
  claimed?: number;
}

// ─── server role ─────────────────────────────────────────────────────────────

async function runServer(mode: Mode): Promise<void> {
  if (mode === 'echo') {
    const { createServer } = await import('node:http');
    const { Server } = await import('socket.io');
    const http = createServer();
    const io = new Server(http, { serveClient: false });
    let seq = 0;
    io.of('/chat').on('connection', (socket) => {
      socket.on('chat:message', (payload: { conversationId?: string }, ack: (r: unknown) => void) => {
        ack({
          data: { conversationId: payload.conversationId ?? `echo-${socket.id}`, seq: ++seq, created: true },
        });
      });
    });
    http.listen(0, '127.0.0.1', () => console.log(`READY ${(http.address() as { port: number }).port}`));
    return;
  }
  const { startHandoffHarness } = await import('../tests/helpers/handoff-harness');
  const harness = await startHandoffHarness({ autoAssign: false });
  console.log(`READY ${new URL(harness.url).port}`);
  const stop = async () => {
    await harness.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

// ─── load role ───────────────────────────────────────────────────────────────

interface Customer {
  socket: Socket;
  conversationId?: string;
  state: 'idle' | 'waiting' | 'handoff';
  n: number;
}

async function runLoad(flags: Flags): Promise<void> {
  const { io } = await import('socket.io-client');
  const mode = (optionalFlag(flags, 'mode') ?? 'handoff') as Mode;
  const port = optionalFlag(flags, 'port')!;
  const url = `http://127.0.0.1:${port}`;
  const count = Number(optionalFlag(flags, 'conversations') ?? 500);
  // 25 messages a second over 500 conversations: each customer writes every 20 s, a busy live chat.
  const rate = Number(optionalFlag(flags, 'rate') ?? 25);
  const escalationRate = Number(optionalFlag(flags, 'escalations') ?? 5);
  const seconds = Number(optionalFlag(flags, 'seconds') ?? 30);

  const customers: Customer[] = [];
  const byConversation = new Map<string, Customer>();
  const triggeredAt = new Map<string, number>();
  const latencies: number[] = [];
  const buildMs: number[] = [];
  const computeMs: number[] = [];
  const background: number[] = [];
  let backgroundSent = 0;
  let timedOut = 0;
  let claimed = 0;

  const send = (c: Customer, text: string): Promise<{ conversationId: string } | null> => {
    c.n += 1;
    return (
      c.socket.timeout(TIMEOUT_MS) as unknown as {
        emitWithAck(e: string, p: unknown): Promise<{ data?: { conversationId: string } }>;
      }
    )
      .emitWithAck('chat:message', {
        clientMessageId: `b-${c.n}`,
        text,
        ...(c.conversationId ? { conversationId: c.conversationId } : {}),
      })
      .then((r) => r.data ?? null)
      .catch(() => null);
  };

  // Customers: one connection each (forceNew: no multiplexing, as with real browsers), say hello.
  for (let i = 0; i < count; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, count - i) }, async () => {
        const socket = io(`${url}/chat`, { transports: ['websocket'], reconnection: false, forceNew: true });
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
        });
        const c: Customer = { socket, state: 'idle', n: 0 };
        customers.push(c);
        const ack = await send(c, 'hello');
        if (ack) {
          c.conversationId = ack.conversationId;
          byConversation.set(ack.conversationId, c);
        }
        socket.on('chat:reply', (m: { text: string; sender: string }) => {
          // After a resolve the customer rates the chat and goes back to the bot.
          if (c.state === 'handoff' && m.sender === 'bot' && /rate this chat/.test(m.text)) {
            void send(c, '5').then(() => (c.state = 'idle'));
          }
        });
      }),
    );
  }

  // Agents (handoff mode): signed in over HTTP, on /agents with the session cookie.
  const agents: Socket[] = [];
  if (mode === 'handoff') {
    for (const email of AGENTS) {
      const response = await fetch(`${url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password: 'parley-demo' }),
      });
      if (!response.ok)
        throw new Error(`sign-in of ${email} failed: ${response.status} ${await response.text()}`);
      const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
      const agent = io(`${url}/agents`, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        extraHeaders: { cookie },
      });
      await new Promise<void>((resolve, reject) => {
        agent.once('agent:hello', () => resolve());
        agent.once('connect_error', reject);
      });
      agents.push(agent);
      const ask = (event: string, payload: unknown) =>
        (
          agent.timeout(TIMEOUT_MS) as unknown as {
            emitWithAck(e: string, p: unknown): Promise<{ data?: unknown; error?: unknown }>;
          }
        )
          .emitWithAck(event, payload)
          .catch(() => ({ error: 'timeout' }));
      agent.on(
        'escalation:new',
        (card: {
          id: string;
          conversationId: string;
          status: string;
          packet: { buildMs: number; computeMs: number };
        }) => {
          const started = triggeredAt.get(card.conversationId);
          if (started === undefined || card.status !== 'queued') return;
          triggeredAt.delete(card.conversationId);
          latencies.push(performance.now() - started);
          buildMs.push(card.packet.buildMs);
          computeMs.push(card.packet.computeMs);
          void (async () => {
            const claim = await ask('escalation:claim', { escalationId: card.id });
            if (claim.error) return;
            claimed += 1;
            await ask('agent:message', {
              conversationId: card.conversationId,
              text: 'Hi, I am here to help.',
              clientMessageId: `agent-${card.id}`,
            });
            await ask('escalation:resolve', { escalationId: card.id });
          })();
        },
      );
    }
  }

  // Open loop: background messages and escalations on schedule, to idle conversations.
  const idle = () => {
    for (let tries = 0; tries < 20; tries++) {
      const c = customers[Math.floor(Math.random() * customers.length)];
      if (c.state === 'idle' && c.conversationId) return c;
    }
    return customers.find((c) => c.state === 'idle' && c.conversationId);
  };
  const start = performance.now();
  let dueBackground = 0;
  let dueEscalations = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = (performance.now() - start) / 1000;
      if (elapsed >= seconds) {
        clearInterval(tick);
        resolve();
        return;
      }
      while (dueBackground < elapsed * rate) {
        dueBackground += 1;
        const c = idle();
        if (!c) continue;
        c.state = 'waiting';
        backgroundSent += 1;
        const sentAt = performance.now();
        void send(c, BACKGROUND[backgroundSent % BACKGROUND.length]).then((ack) => {
          if (ack) background.push(performance.now() - sentAt);
          if (c.state === 'waiting') c.state = 'idle';
        });
      }
      while (dueEscalations < elapsed * escalationRate) {
        dueEscalations += 1;
        const c = idle();
        if (!c || !c.conversationId) continue;
        c.state = mode === 'handoff' ? 'handoff' : 'waiting';
        const sentAt = performance.now();
        triggeredAt.set(c.conversationId, sentAt);
        const conversationId = c.conversationId;
        void send(c, TRIGGER).then((ack) => {
          if (mode === 'echo') {
            if (ack) latencies.push(performance.now() - sentAt);
            triggeredAt.delete(conversationId);
            c.state = 'idle';
          }
        });
      }
    }, 5);
  });
  // Let the last escalations arrive.
  const deadline = performance.now() + TIMEOUT_MS;
  while (triggeredAt.size > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  timedOut = triggeredAt.size;

  const round = (x: number) => Math.round(x * 100) / 100;
  const result: ModeResult = {
    mode,
    conversations: customers.length,
    seconds,
    samples: latencies.length,
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
    max: round(Math.max(...latencies)),
    timedOut,
    background: {
      sent: backgroundSent,
      answered: background.length,
      p50: round(percentile(background, 50)),
      p99: round(percentile(background, 99)),
    },
    ...(mode === 'handoff'
      ? {
          packetBuildMs: {
            p50: round(percentile(buildMs, 50)),
            p99: round(percentile(buildMs, 99)),
            max: round(Math.max(...buildMs)),
          },
          packetComputeMs: { p50: round(percentile(computeMs, 50)), p99: round(percentile(computeMs, 99)) },
          claimed,
        }
      : {}),
  };
  console.log(JSON.stringify(result));
  for (const s of [...customers.map((c) => c.socket), ...agents]) s.disconnect();
  process.exit(0);
}

// ─── packet build, isolated ──────────────────────────────────────────────────

interface PacketFigures {
  messages: number;
  builds: number;
  buildP50: number;
  buildP99: number;
  buildMax: number;
  computeP50: number;
  computeP99: number;
}

/**
 * Builds packets for conversations of 10, 40 and 200 messages (a signed-in customer with orders and
 * tickets, half the turns with the bot's understanding recorded, the rest re-analysed), reading the
 * transcript and the CRM profile from SQLite every time (no profile cache).
 */
async function measurePackets(builds: number): Promise<PacketFigures[]> {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { openSqliteStore } = await import('../store');
  const { seedDemoData } = await import('../server/seed');
  const { CustomerProfiles } = await import('../crm');
  const { CrmCustomerSource, InsightStore, PacketBuilder, defaultPacketAnalyzers } =
    await import('../handoff');
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-packet-'));
  const store = await openSqliteStore({ file: join(dir, 'packet.sqlite') });
  try {
    await seedDemoData(store, { now: new Date(), hashPassword: async () => 'not-a-real-hash' });
    const maya = (await store.customers.getByExternalId('cust-1001'))!;
    const insights = new InsightStore();
    const builder = new PacketBuilder({
      messages: store.messages,
      customers: new CrmCustomerSource({
        profiles: new CustomerProfiles({ store, ttlMs: 0 }),
        orders: store.orders,
        ttlMs: 0,
      }),
      insights,
      analyzers: defaultPacketAnalyzers({
        orderNumber: /\bA\d{4}\b/i,
        trackingNumber: /\bFT\d{10}[A-Z]{2}\b/i,
      }),
    });
    const customerLines = [
      'Hi, my order A1042 has still not arrived and the tracking FT4839201734GB has not moved since Monday.',
      'I paid €178 for it and I need it by Friday for a trip.',
      'That is not good enough, this is the third time I ask.',
      'Can I get a refund of the €14.95 shipping at least?',
      'My email is maya.okafor@example.com if that helps.',
    ];
    const botLines = [
      'Order A1042 shipped yesterday with Heronway; the estimated delivery is in 3 days.',
      "Sorry, I didn't quite get that. Could you put it another way?",
      'Refunds go back to the original payment method within 5–10 business days.',
    ];
    const figures: PacketFigures[] = [];
    for (const size of [10, 40, 200]) {
      const conversation = await store.conversations.create({
        channel: 'web',
        visitorId: `bench-${size}`,
        customerId: maya.id,
      });
      for (let i = 0; i < size; i++) {
        const customer = i % 2 === 0;
        const { message } = await store.messages.append({
          conversationId: conversation.id,
          sender: customer ? 'customer' : 'bot',
          text: customer
            ? customerLines[(i / 2) % customerLines.length]
            : botLines[((i - 1) / 2) % botLines.length],
          attachments: customer
            ? []
            : [
                {
                  contentType: 'application/vnd.microsoft.card.hero',
                  content: {
                    title: 'Shipping and delivery',
                    buttons: [{ type: 'openUrl', value: '/help/kb-shipping' }],
                  },
                },
              ],
        });
        if (customer && i % 4 === 0)
          insights.record(conversation.id, {
            seq: message.seq,
            intent: 'order.status',
            score: 0.9,
            entities: [{ type: 'order_number', text: 'A1042', value: 'A1042' }],
            sentiment: { score: -0.4, frustration: false },
            fallback: false,
          });
      }
      const build: number[] = [];
      const compute: number[] = [];
      for (let i = 0; i < builds; i++) {
        const packet = await builder.build({
          conversationId: conversation.id,
          trigger: { reason: 'customer_request', detail: 'customer_request' },
          customerId: maya.id,
          team: 'orders',
          category: 'orders',
          requestedAt: new Date(),
        });
        build.push(packet.buildMs);
        compute.push(packet.computeMs);
      }
      const r = (x: number) => Math.round(x * 100) / 100;
      figures.push({
        messages: size,
        builds,
        buildP50: r(percentile(build, 50)),
        buildP99: r(percentile(build, 99)),
        buildMax: r(Math.max(...build)),
        computeP50: r(percentile(compute, 50)),
        computeP99: r(percentile(compute, 99)),
      });
    }
    return figures;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ─── orchestrator ────────────────────────────────────────────────────────────

async function measure(mode: Mode, flags: Flags, prefix: (core: number) => string[]): Promise<ModeResult> {
  const server = spawnRole(__filename, prefix(0), ['--role', 'server', '--mode', mode]);
  try {
    const port = (await firstLine(server, /^READY \d+$/, 180_000)).split(' ')[1];
    const passThrough = ['conversations', 'rate', 'escalations', 'seconds'].flatMap((name) => {
      const value = optionalFlag(flags, name);
      return value ? [`--${name}`, value] : [];
    });
    const load = spawnRole(__filename, prefix(1), [
      '--role',
      'load',
      '--mode',
      mode,
      '--port',
      port,
      ...passThrough,
    ]);
    return JSON.parse(await firstLine(load, /^\{"mode"/, 30 * 60_000)) as ModeResult;
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function orchestrate(flags: Flags): Promise<void> {
  const { prefix, note } = corePinning();
  const modes = (optionalFlag(flags, 'modes') ?? 'echo,handoff').split(',') as Mode[];
  const conversations = Number(optionalFlag(flags, 'conversations') ?? 500);
  console.log(`bench:handoff — ${conversations} conversations, ${note}\n`);
  const packets = await measurePackets(Number(optionalFlag(flags, 'packet-builds') ?? 200));
  console.log(
    '### Escalation packet build, isolated (SQLite reads + summary, entities, mood, CRM; budget 20 ms)\n',
  );
  console.log(
    markdownTable(
      [
        'messages',
        'builds',
        'build p50 ms',
        'build p99 ms',
        'build max ms',
        'compute p50 ms',
        'compute p99 ms',
      ],
      packets.map((p) => [
        p.messages,
        p.builds,
        p.buildP50,
        p.buildP99,
        p.buildMax,
        p.computeP50,
        p.computeP99,
      ]),
    ),
  );
  console.log('');
  const results: Partial<Record<Mode, ModeResult>> = {};
  for (const mode of modes) results[mode] = await measure(mode, flags, prefix);
  const h = results.handoff;
  const e = results.echo;
  const rows: (string | number)[][] = [];
  if (h) {
    rows.push([
      'trigger → escalation at an agent, p50 (ms)',
      h.p50,
      e ? `${(h.p50 / e.p50).toFixed(1)}× echo` : '',
    ]);
    rows.push([
      'trigger → escalation at an agent, p99 (ms)',
      h.p99,
      e ? `${(h.p99 / e.p99).toFixed(1)}× echo` : '',
    ]);
    rows.push(['… max (ms)', h.max, '']);
    rows.push([
      'escalations measured / timed out',
      `${h.samples} / ${h.timedOut}`,
      `${h.claimed ?? 0} claimed, replied, resolved`,
    ]);
    rows.push([
      'packet build under load, wall clock p50 / p99 / max (ms)',
      `${h.packetBuildMs!.p50} / ${h.packetBuildMs!.p99} / ${h.packetBuildMs!.max}`,
      'includes waiting behind other turns',
    ]);
    rows.push([
      'packet compute under load p50 / p99 (ms, budget 20)',
      `${h.packetComputeMs!.p50} / ${h.packetComputeMs!.p99}`,
      h.packetComputeMs!.p99 <= 20 ? 'ok' : 'OVER',
    ]);
    rows.push([
      'background bot messages: sent / ack p50 / ack p99 (ms)',
      `${h.background.sent} / ${h.background.p50} / ${h.background.p99}`,
      '',
    ]);
  }
  if (e) rows.push(['echo baseline: ack p50 / p99 (ms)', `${e.p50} / ${e.p99}`, `${e.samples} samples`]);
  console.log(markdownTable(['figure', 'value', 'note'], rows));
  if (h) console.log(`\naim p99 ≤ 100 ms: ${h.p99 <= 100 && h.timedOut === 0 ? 'met' : 'NOT met'}`);
  writeJsonResult(flags, {
    pinning: note,
    conversations,
    packets,
    handoff: h,
    echo: e,
    ratioP99: h && e ? h.p99 / e.p99 : null,
  });
}

const flags = parseFlags();
const role = optionalFlag(flags, 'role');
const main =
  role === 'server'
    ? runServer((optionalFlag(flags, 'mode') ?? 'handoff') as Mode)
    : role === 'load'
      ? runLoad(flags)
      : orchestrate(flags);
main.catch((error) => {
  console.error(error);
  process.exit(1);
});
