/**
 * Bot throughput at a latency bound, over real socket.io clients.
 *
 *   npm run bench:bot [-- --conversations 1000] [--step-seconds 5] [--warm-seconds 10] [--rates 50,100,200,…]
 *                     [--p99 50] [--modes echo,bot] [--checkpoint worker|commit] [--embeddings] [--json FILE]
 *
 * For each mode, a server process (pinned to core 0 with `taskset -c 0`) and a load generator (core 1)
 * run separately. The generator opens N conversations (real socket.io clients on /chat; a third of
 * them signed-in demo customers) and offers customer messages at a fixed arrival rate (open loop:
 * messages are due on a schedule, whether or not earlier ones were answered), stepping the rate up.
 * A message goes to a conversation that is not waiting for an answer; a step passes when reply p99 ≤
 * the bound, nothing timed out and no message had to be skipped for lack of an idle conversation.
 *
 * - bot: the full service (store first, ack, SupportBot with its middleware and dialogs, reply stored,
 *   then emitted) on the demo shop, with the nlp.js recogniser (no embeddings; `--embeddings`: the
 *   service's default language model, int8 MiniLM intents and knowledge-base answers) and a realistic mix:
 *   order questions (with the order-number/email steps), FAQs, small talk, out-of-scope. Latency is
 *   from sending the message to receiving the bot's first reply to it.
 * - echo: a raw socket.io server acknowledging each message (the transport's ceiling), measured in
 *   the same run with the same generator; latency is to the acknowledgement.
 *
 * Reports the highest passing rate of each (`botRate`, `echoRate`) and `ratio` = botRate / echoRate.
 * Because the machines are shared, it also reports figures that a busy machine distorts less: the
 * server's CPU time per reply (from /proc) at each step, the replies/s one core could serve at that
 * cost (`botCpuCapacity`, `echoCpuCapacity`), and the bot's CPU per turn measured in-process without
 * the transport (`inProcessCpuPerTurnUs`, role `turns`).
 *
 * The rates start at 50/s and go up to 20,000/s, stopping at the first step that fails. Before the
 * steps, every conversation says "thanks" once (opened, not measured), then the mix runs unmeasured at
 * the lowest rate for `--warm-seconds` (default 10; 0 skips it), so code first reached by an order
 * lookup or an FAQ answer is compiled before anything is measured.
 * Internal roles: `--role server --mode bot|echo [--profile FILE]`, `--role load …`, `--role turns
 * [--turns N] [--profile FILE]` (spawned by the orchestrator; `--profile` writes a CPU profile of the
 * measured turns, or of the bot server from READY to SIGTERM).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { corePinning, firstLine, spawnRole } from './lib/processes';
import { markdownTable, optionalFlag, parseFlags, percentile, writeJsonResult, type Flags } from './lib/cli';

const SITE_SECRET = 'bench-site-secret-0123456789abcdef';
const DEFAULT_RATES = [
  50, 100, 150, 200, 300, 400, 500, 600, 800, 1000, 1200, 1400, 1600, 2000, 2500, 3000, 4000, 5000, 6000,
  8000, 10000, 12000, 15000, 20000,
];
const REPLY_TIMEOUT_MS = 5000;

type Mode = 'bot' | 'echo';

interface StepResult {
  rate: number;
  offered: number;
  answered: number;
  skipped: number;
  timedOut: number;
  /** Answers per second over the step. */
  throughput: number;
  p50: number;
  p99: number;
  /** Server CPU time (user + system) per answered message, from /proc (µs); null when unavailable. */
  serverCpuPerReplyUs: number | null;
  passed: boolean;
}

interface ModeResult {
  mode: Mode;
  rate: number;
  steps: StepResult[];
}

// ─── server role ─────────────────────────────────────────────────────────────

async function runServer(mode: Mode, flags: Flags): Promise<void> {
  const { createServer } = await import('node:http');
  const { Server } = await import('socket.io');
  if (mode === 'echo') {
    const http = createServer();
    const io = new Server(http, { serveClient: false });
    let seq = 0;
    io.of('/chat').on('connection', (socket) => {
      socket.on(
        'chat:message',
        (payload: { conversationId?: string; text: string }, ack: (r: unknown) => void) => {
          ack({
            data: {
              conversationId: payload.conversationId ?? 'echo',
              seq: ++seq,
              created: true,
              text: payload.text,
            },
          });
        },
      );
    });
    http.listen(0, '127.0.0.1', () => console.log(`READY ${(http.address() as { port: number }).port}`));
    return;
  }

  const pino = (await import('pino')).default;
  const { openSqliteStore } = await import('../store');
  const { createParleyServer } = await import('../server/parley-server');
  const { demoSupportBot } = await import('../tests/helpers/demo-bot');
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-bot-'));
  const store = await openSqliteStore({
    file: join(dir, 'bench.sqlite'),
    checkpoint: checkpointOption(flags),
  });
  const now = new Date();
  const bot = await demoSupportBot(store, {
    ...(await languageOverrides(store, flags, dir)),
    now,
    clock: () => new Date(),
    // The generator replays the same demo orders and emails from one address: lift the guessing limits
    // so every lookup does the full work instead of the cheaper "too many attempts" answer.
    orderLookup: {
      perConversation: { limit: 1e9, windowMs: 1000 },
      perAddress: { limit: 1e9, windowMs: 1000 },
      perNetwork: { limit: 1e9, windowMs: 1000 },
    },
  });
  const server = await createParleyServer({
    store,
    bot,
    logger: pino({ level: 'silent' }),
    secret: 'bench-secret-bench-secret-bench-secret',
    siteSecret: SITE_SECRET,
  });
  // As the service does before it reports ready (server/language-model.ts): not on a measured message.
  (await import('../nlp')).preloadEntities();
  const { port } = await server.listen(0, '127.0.0.1');
  const profileFile = optionalFlag(flags, 'profile');
  const profiler = profileFile ? await startProfiler() : undefined;
  console.log(`READY ${port}`);
  const stop = async () => {
    if (profiler && profileFile) await profiler.stop(profileFile);
    await server.shutdown();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

// ─── load role ───────────────────────────────────────────────────────────────

/** Mini-scripts: each is a sequence of turns in one conversation; conversations cycle through them. */
const VISITOR_SCRIPTS: string[][] = [
  ['Where is my order?', 'A1042', 'maya.okafor@example.com'],
  ['how much is shipping to the UK?'],
  ['hi'],
  ['has order A1043 shipped yet?', 'maya.okafor@example.com'],
  ['what payment methods do you accept?'],
  ['what is the weather like on mars'],
  ['can I track my parcel A1061', 'someone@example.com'],
  ['how long does delivery take to Germany?'],
  ['thanks!'],
  ['do you sell gift cards?'],
];
const CUSTOMER_SCRIPTS: string[][] = [
  ['where is my order?', 'yes'],
  ['how much is shipping to the UK?', 'that helped'],
  ['hello'],
  ['what is the weather like on mars'],
  ['can you recommend something?'],
  ['thanks, bye'],
];
const CUSTOMERS = ['cust-1001', 'cust-1002', 'cust-1003', 'cust-1004'];

interface Conversation {
  index: number;
  socket: import('socket.io-client').Socket;
  conversationId?: string;
  scripts: string[][];
  script: number;
  line: number;
  busy: boolean;
  /** Pending message: send time, ack seq (when acknowledged), reply-before-ack buffer. */
  pending?: { sentAt: number; seq?: number; measured: boolean; timer: NodeJS.Timeout };
  earlyReplies: { seq: number; at: number }[];
  messageCount: number;
}

async function runLoad(flags: Flags): Promise<void> {
  const { io } = await import('socket.io-client');
  const { signCustomerId } = await import('../crm');
  const mode = (optionalFlag(flags, 'mode') ?? 'bot') as Mode;
  const port = Number(optionalFlag(flags, 'port'));
  const count = Number(optionalFlag(flags, 'conversations') ?? 1000);
  const stepSeconds = Number(optionalFlag(flags, 'step-seconds') ?? 5);
  const bound = Number(optionalFlag(flags, 'p99') ?? 50);
  const rates = (optionalFlag(flags, 'rates') ?? DEFAULT_RATES.join(',')).split(',').map(Number);
  const serverPid = optionalFlag(flags, 'server-pid');

  const conversations: Conversation[] = [];
  const connectOne = (index: number) =>
    new Promise<Conversation>((resolve, reject) => {
      const verified = index % 3 === 2;
      const customerId = CUSTOMERS[index % CUSTOMERS.length];
      const auth = verified ? { customerId, customerSignature: signCustomerId(SITE_SECRET, customerId) } : {};
      const socket = io(`http://127.0.0.1:${port}/chat`, {
        transports: ['websocket'],
        reconnection: false,
        auth,
      });
      const c: Conversation = {
        index,
        socket,
        scripts: verified ? CUSTOMER_SCRIPTS : VISITOR_SCRIPTS,
        script: index % (verified ? CUSTOMER_SCRIPTS.length : VISITOR_SCRIPTS.length),
        line: 0,
        busy: false,
        earlyReplies: [],
        messageCount: 0,
      };
      socket.on('chat:reply', (message: { seq: number; sender: string }) => {
        if (message.sender !== 'customer') onReply(c, message.seq);
      });
      socket.once('connect', () => resolve(c));
      socket.once('connect_error', reject);
    });
  for (let i = 0; i < count; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, count - i) }, (_, j) => connectOne(i + j)),
    );
    conversations.push(...batch);
  }

  // Warm-up, not measured: every conversation says thanks once (opens it, loads profiles, warms the JIT).
  await warmUp(conversations, mode);

  let latencies: number[] = [];
  let answered = 0;
  let timedOut = 0;
  let recording = false;
  const idle: Conversation[] = [...conversations];

  const finish = (c: Conversation, latency: number | null) => {
    const pending = c.pending!;
    clearTimeout(pending.timer);
    c.pending = undefined;
    c.earlyReplies = [];
    if (latency === null) {
      if (pending.measured) timedOut++;
    } else {
      answered++;
      if (pending.measured) latencies.push(latency);
    }
    c.busy = false;
    idle.push(c);
  };

  function onReply(c: Conversation, seq: number): void {
    const at = performance.now();
    const pending = c.pending;
    if (!pending) return; // a later reply of an already answered turn
    if (pending.seq === undefined) c.earlyReplies.push({ seq, at });
    else if (seq > pending.seq) finish(c, at - pending.sentAt);
  }

  const send = (c: Conversation, measured: boolean) => {
    const script = c.scripts[c.script];
    const text = script[c.line];
    c.line++;
    if (c.line >= script.length) {
      c.line = 0;
      c.script = (c.script + 1) % c.scripts.length;
    }
    c.busy = true;
    const sentAt = performance.now();
    c.pending = { sentAt, measured, timer: setTimeout(() => finish(c, null), REPLY_TIMEOUT_MS) };
    const payload = {
      clientMessageId: `b${c.index}-${++c.messageCount}`,
      text,
      ...(c.conversationId ? { conversationId: c.conversationId } : {}),
    };
    c.socket.emit(
      'chat:message',
      payload,
      (ack: { data?: { conversationId: string; seq: number }; error?: unknown }) => {
        if (!c.pending || c.pending.sentAt !== sentAt) return;
        if (!ack.data) return finish(c, null);
        c.conversationId ??= ack.data.conversationId;
        if (mode === 'echo') return finish(c, performance.now() - sentAt);
        c.pending.seq = ack.data.seq;
        const early = c.earlyReplies.find((r) => r.seq > ack.data!.seq);
        if (early) finish(c, early.at - sentAt);
      },
    );
  };

  const steps: StepResult[] = [];
  // First an unmeasured step at the lowest rate through the whole script mix: the first order lookup,
  // FAQ answer or recommendation compiles and loads code that "thanks" never reaches, and such one-off
  // pauses would otherwise land in the first measured step's p99.
  const warmSeconds = Number(optionalFlag(flags, 'warm-seconds') ?? 10);
  const plan = [{ rate: rates[0], warm: true }, ...rates.map((rate) => ({ rate, warm: false }))];
  for (const { rate, warm } of plan) {
    if (warm && warmSeconds <= 0) continue;
    latencies = [];
    answered = 0;
    timedOut = 0;
    let offered = 0;
    let skipped = 0;
    const durationMs = (warm ? warmSeconds : stepSeconds) * 1000;
    const warmupMs = warm ? Infinity : Math.min(1000, durationMs / 5);
    const cpuBefore = serverCpuMs(serverPid);
    const start = performance.now();
    await new Promise<void>((resolve) => {
      const tick = () => {
        const elapsed = performance.now() - start;
        recording = elapsed >= warmupMs;
        const due = Math.floor((Math.min(elapsed, durationMs) * rate) / 1000) - offered;
        for (let k = 0; k < due; k++) {
          offered++;
          const c = idle.shift();
          if (!c) {
            if (recording) skipped++;
            continue;
          }
          send(c, recording);
        }
        if (elapsed >= durationMs) resolve();
        else setImmediate(tick);
      };
      tick();
    });
    const answeredInStep = answered;
    // Let the last messages of the step finish before measuring (they count).
    const drainUntil = performance.now() + REPLY_TIMEOUT_MS + 100;
    while (conversations.some((c) => c.busy) && performance.now() < drainUntil)
      await new Promise((r) => setTimeout(r, 20));
    if (warm) {
      process.stderr.write(
        `${mode} warm-up: ${answered} answers at ${rate}/s over ${warmSeconds} s (not measured)\n`,
      );
      continue;
    }
    const cpuAfter = serverCpuMs(serverPid);
    const serverCpuPerReplyUs =
      cpuBefore !== null && cpuAfter !== null && answered > 0
        ? Math.round(((cpuAfter - cpuBefore) * 1000) / answered)
        : null;
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const passed = latencies.length > 0 && p99 <= bound && timedOut === 0 && skipped === 0;
    const step: StepResult = {
      rate,
      offered,
      answered,
      skipped,
      timedOut,
      throughput: Math.round(answeredInStep / stepSeconds),
      p50: round(p50),
      p99: round(p99),
      serverCpuPerReplyUs,
      passed,
    };
    steps.push(step);
    process.stderr.write(
      `${mode} ${rate}/s: p50 ${step.p50} ms, p99 ${step.p99} ms, server CPU ${serverCpuPerReplyUs ?? '?'} µs/reply, skipped ${skipped}, timed out ${timedOut}${passed ? '' : '  ✗'}\n`,
    );
    if (!passed) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  for (const c of conversations) c.socket.disconnect();
  const best = steps.filter((s) => s.passed).at(-1)?.rate ?? 0;
  console.log(JSON.stringify({ mode, rate: best, steps } satisfies ModeResult));
  process.exit(0);
}

/** Each conversation sends one "thanks" and waits for its answer, 50 at a time. */
async function warmUp(conversations: Conversation[], mode: Mode): Promise<void> {
  let next = 0;
  const one = (c: Conversation) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, REPLY_TIMEOUT_MS);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      if (mode === 'bot') c.socket.once('chat:reply', done);
      c.socket.emit(
        'chat:message',
        { clientMessageId: `warm-${c.index}`, text: 'thanks' },
        (ack: { data?: { conversationId: string } }) => {
          if (ack.data) c.conversationId = ack.data.conversationId;
          if (mode === 'echo') done();
        },
      );
    });
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next < conversations.length) await one(conversations[next++]);
    }),
  );
}

/** User + system CPU time of a process so far, in ms (Linux /proc; null elsewhere). */
function serverCpuMs(pid: string | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the line)
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * `--checkpoint commit`: SQLite's automatic WAL checkpoint inside commits (as before the checkpointer),
 * for comparison; default `worker` (the store's background checkpointer).
 */
function checkpointOption(flags: Flags): false | undefined {
  return optionalFlag(flags, 'checkpoint') === 'commit' ? false : undefined;
}
function checkpointFlag(flags: Flags): string[] {
  const value = optionalFlag(flags, 'checkpoint');
  return value ? ['--checkpoint', value] : [];
}

/** `--embeddings`: passed on to the server and in-process roles. */
function embeddingsFlag(flags: Flags): string[] {
  return flags.embeddings === true ? ['--embeddings'] : [];
}

/**
 * With `--embeddings`, the bot's language as the service runs it by default: intents recognised with
 * the int8 MiniLM beside the lexical classifier (trained on the demo intents), and FAQ/article answers
 * from the knowledge base with its embedding index. Without it (the default here), the nlp.js
 * recogniser alone and no knowledge base, so the figure is the bot and transport, not the model runs.
 */
async function languageOverrides(
  store: import('../store').Store,
  flags: Flags,
  dir: string,
): Promise<Partial<import('../bot').SupportBotDependencies>> {
  if (flags.embeddings !== true) return {};
  const pino = (await import('pino')).default;
  const { loadLanguageModel } = await import('../server/language-model');
  const { composeKnowledge } = await import('../server/compose/knowledge');
  const { seedDemoData } = await import('../server/seed');
  const logger = pino({ level: 'silent' });
  // The language model trains on the store's intents: seed them first (demoSupportBot then skips it).
  if ((await store.customers.count()) === 0)
    await seedDemoData(store, { now: new Date(), hashPassword: async () => 'not-a-real-hash' });
  const model = await loadLanguageModel({
    store,
    dataDir: dir,
    modelsDir: join(__dirname, '..', 'models'),
    embeddings: { enabled: true, quantized: true },
    logger,
  });
  const knowledge = composeKnowledge({ store, embedder: Promise.resolve(model.embedder), logger });
  await knowledge.loading;
  return { analyzer: model.analyzer, knowledge: knowledge.answers };
}

const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 100) / 100 : x);

// ─── in-process role: bot CPU per turn without the transport ──────────────────

/**
 * The bot's own cost, robust to a busy machine: CPU time (process.cpuUsage) per turn of the same mix,
 * 20 conversations at a time, straight into the socket.io channel's adapter (no sockets), on a
 * file-backed SQLite store with group commit. Printed as JSON on the last line.
 */
async function runInProcess(flags: Flags): Promise<void> {
  const { openSqliteStore } = await import('../store');
  const { withGroupCommit } = await import('../bot');
  const { demoSupportBot } = await import('../tests/helpers/demo-bot');
  const turns = Number(optionalFlag(flags, 'turns') ?? 6000);
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-turns-'));
  const raw = await openSqliteStore({ file: join(dir, 'bench.sqlite'), checkpoint: checkpointOption(flags) });
  const store = withGroupCommit(raw);
  const unlimited = { limit: 1e9, windowMs: 1000 };
  const bot = await demoSupportBot(raw, {
    ...(await languageOverrides(raw, flags, dir)),
    now: new Date(),
    clock: () => new Date(),
    orderLookup: { perConversation: unlimited, perAddress: unlimited, perNetwork: unlimited },
  });
  const channel = bot.chatChannel({ deliver: () => undefined });
  const conversations = await Promise.all(
    Array.from({ length: 500 }, (_, i) => raw.conversations.create({ channel: 'web', visitorId: `v${i}` })),
  );
  const position = conversations.map((_, i) => ({ script: i % VISITOR_SCRIPTS.length, line: 0 }));
  let id = 0;
  const run = async (count: number) => {
    let started = 0;
    const worker = async (w: number) => {
      for (let i = w; started < count; i += 20) {
        started++;
        const ci = i % conversations.length;
        const p = position[ci];
        const text = VISITOR_SCRIPTS[p.script][p.line];
        if (++p.line >= VISITOR_SCRIPTS[p.script].length)
          [p.line, p.script] = [0, (p.script + 1) % VISITOR_SCRIPTS.length];
        const { message } = await store.messages.append({
          conversationId: conversations[ci].id,
          sender: 'customer',
          text,
          clientMessageId: `t${++id}`,
        });
        await channel.handleTurn({
          conversation: conversations[ci],
          message,
          now: new Date(),
          customerId: null,
        });
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, w) => worker(w)));
  };
  await run(Math.min(2000, turns)); // warm-up
  const profileFile = optionalFlag(flags, 'profile');
  const profiler = profileFile ? await startProfiler() : undefined;
  const before = process.cpuUsage();
  const start = performance.now();
  await run(turns);
  const used = process.cpuUsage(before);
  const wallMs = performance.now() - start;
  if (profiler && profileFile) await profiler.stop(profileFile);
  await raw.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      turns,
      cpuPerTurnUs: Math.round((used.user + used.system) / turns),
      wallPerTurnUs: Math.round((wallMs * 1000) / turns),
    }),
  );
  process.exit(0);
}

/** A V8 CPU profile of the measured turns only (`--profile FILE`, a .cpuprofile for DevTools). */
async function startProfiler(): Promise<{ stop: (file: string) => Promise<void> }> {
  const { Session } = await import('node:inspector');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

// ─── orchestrator ────────────────────────────────────────────────────────────

async function measure(mode: Mode, flags: Flags, prefix: (core: number) => string[]): Promise<ModeResult> {
  const server = spawnRole(__filename, prefix(0), [
    '--role',
    'server',
    '--mode',
    mode,
    ...checkpointFlag(flags),
    ...embeddingsFlag(flags),
  ]);
  try {
    const ready = await firstLine(server, /^READY \d+$/, 120_000);
    const port = ready.split(' ')[1];
    const passThrough = ['conversations', 'step-seconds', 'warm-seconds', 'rates', 'p99'].flatMap((name) => {
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
      '--server-pid',
      String(server.pid),
      ...passThrough,
    ]);
    const line = await firstLine(load, /^\{"mode"/, 30 * 60_000);
    return JSON.parse(line) as ModeResult;
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function measureInProcess(
  prefix: (core: number) => string[],
  flags: Flags,
): Promise<{ cpuPerTurnUs: number } | undefined> {
  const child = spawnRole(__filename, prefix(0), [
    '--role',
    'turns',
    ...checkpointFlag(flags),
    ...embeddingsFlag(flags),
  ]);
  try {
    return JSON.parse(await firstLine(child, /^\{"turns"/, 10 * 60_000)) as { cpuPerTurnUs: number };
  } catch {
    return undefined;
  }
}

async function orchestrate(flags: Flags): Promise<void> {
  const { prefix, note } = corePinning();
  const modes = (optionalFlag(flags, 'modes') ?? 'echo,bot').split(',') as Mode[];
  const conversations = Number(optionalFlag(flags, 'conversations') ?? 1000);
  const bound = Number(optionalFlag(flags, 'p99') ?? 50);
  const language = flags.embeddings === true ? 'int8 MiniLM + knowledge base' : 'nlp.js only';
  console.log(`bench:bot — ${conversations} conversations, reply p99 ≤ ${bound} ms, ${language}, ${note}\n`);
  const results: Partial<Record<Mode, ModeResult>> = {};
  for (const mode of modes) results[mode] = await measure(mode, flags, prefix);
  const inProcess = modes.includes('bot') ? await measureInProcess(prefix, flags) : undefined;

  for (const mode of modes) {
    const r = results[mode]!;
    console.log(
      `\n### ${mode === 'bot' ? 'bot (SupportBot, demo shop, realistic mix)' : 'echo (raw socket.io acknowledged echo)'}\n`,
    );
    console.log(
      markdownTable(
        [
          'offered msg/s',
          'answered/s',
          'p50 ms',
          'p99 ms',
          'server CPU µs/reply',
          'skipped',
          'timed out',
          'pass',
        ],
        r.steps.map((s) => [
          s.rate,
          s.throughput,
          s.p50,
          s.p99,
          s.serverCpuPerReplyUs ?? '?',
          s.skipped,
          s.timedOut,
          s.passed ? 'yes' : 'no',
        ]),
      ),
    );
  }
  const botRate = results.bot?.rate ?? 0;
  const echoRate = results.echo?.rate ?? 0;
  // Contention-robust companion figure: what one core could do at the CPU cost measured per reply
  // (the lowest-rate step, where queueing does not inflate it).
  const cpuCapacity = (r?: ModeResult) => {
    const us = r?.steps.find((step) => step.serverCpuPerReplyUs)?.serverCpuPerReplyUs;
    return us ? Math.round(1e6 / us) : null;
  };
  const botCpuCapacity = cpuCapacity(results.bot);
  const echoCpuCapacity = cpuCapacity(results.echo);
  const ratio = echoRate > 0 ? Math.round((botRate / echoRate) * 1000) / 1000 : null;
  console.log(
    `\n${markdownTable(
      ['figure', 'value'],
      [
        ['botRate (replies/s at p99 ≤ ' + bound + ' ms)', botRate],
        ['echoRate (acks/s at p99 ≤ ' + bound + ' ms)', echoRate],
        ['ratio bot/echo', ratio ?? 'n/a'],
        ['bot: replies/s one core could serve at the measured CPU per reply', botCpuCapacity ?? 'n/a'],
        ['bot CPU per turn in-process, no transport (µs)', inProcess?.cpuPerTurnUs ?? 'n/a'],
        ['echo: acks/s one core could serve at the measured CPU per ack', echoCpuCapacity ?? 'n/a'],
      ],
    )}`,
  );
  writeJsonResult(flags, {
    inProcessCpuPerTurnUs: inProcess?.cpuPerTurnUs ?? null,
    botRate,
    echoRate,
    ratio,
    botCpuCapacity,
    echoCpuCapacity,
    conversations,
    p99BoundMs: bound,
    pinning: note,
    languageModel: language,
    steps: { bot: results.bot?.steps, echo: results.echo?.steps },
  });
}

const flags = parseFlags();
const role = optionalFlag(flags, 'role');
const main =
  role === 'turns'
    ? runInProcess(flags)
    : role === 'server'
      ? runServer((optionalFlag(flags, 'mode') ?? 'bot') as Mode, flags)
      : role === 'load'
        ? runLoad(flags)
        : orchestrate(flags);
main.catch((error) => {
  console.error(error);
  process.exit(1);
});
