/**
 * Micro-benchmark: speaker-aware TextRank over a 50-message conversation (token-overlap path), against
 * LEAD-2 on the same input in the same run.
 *
 *   npx tsx bench/bench-textrank.ts [--test ../shared/datasets/tweetsumm/dialogues.jsonl] [--messages 50]
 *                                   [--iterations 500] [--json FILE]
 *
 * With --test, the conversation is the first N real tweets of the data set (dialogues concatenated);
 * without it, a deterministic synthetic support chat. Timings are per summary after a warm-up; the first
 * (cold) call is reported separately. Also times summarizeArticle on a ~100-sentence markdown article.
 */
import { performance } from 'node:perf_hooks';
import {
  cleanTurnText,
  splitConversation,
  summarizeArticle,
  summarizeConversation,
  type ConversationTurn,
} from '../nlp/summarize';
import {
  markdownTable,
  optionalFlag,
  parseFlags,
  percentile,
  readJsonLines,
  writeJsonResult,
} from './lib/cli';

function syntheticConversation(messages: number): ConversationTurn[] {
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const customer = [
    'My order #408-1929729 still has not arrived and the tracking page has not changed since Monday.',
    'I was charged twice for the same subscription this month, can you refund the second payment?',
    'The app keeps crashing when I open my account settings on iOS 17.2.',
    'I tried restarting the phone and reinstalling the app but it is still broken.',
    'Thanks, I will try that now.',
    'It says the payment failed but the money left my bank account.',
    'Hi there!',
    'The replacement was supposed to ship yesterday, any update?',
  ];
  const agent = [
    "Sorry to hear that, let's get this sorted for you.",
    'Could you DM us your order number and the email address on the account?',
    'I have issued a refund for the duplicate charge; it should show in 3-5 business days.',
    'Please update the app to version 5.4.1 and clear the cache under Settings > Storage.',
    'We have sent a replacement by express delivery, the tracking link is in your inbox.',
    'Our engineers are aware of the issue and a fix is rolling out today.',
    'Have a great day! ^AB',
    'Can you confirm which device and app version you are using?',
  ];
  return Array.from({ length: messages }, (_, i) =>
    i % 2 === 0 ? { speaker: 'customer', text: pick(customer) } : { speaker: 'agent', text: pick(agent) },
  );
}

function realConversation(path: string, messages: number): ConversationTurn[] {
  const rows = readJsonLines<{ dialogue: { speaker: string; text: string }[] }>(path);
  const turns: ConversationTurn[] = [];
  for (const row of rows) {
    for (const t of row.dialogue) {
      if (turns.length >= messages) return turns;
      turns.push({ speaker: t.speaker === 'customer' ? 'customer' : 'agent', text: t.text });
    }
  }
  return turns;
}

function syntheticArticle(sentences: number): string {
  const conversation = syntheticConversation(sentences);
  const parts: string[] = ['# Orders and refunds', ''];
  conversation.forEach((t, i) => {
    if (i % 10 === 0) parts.push('', `## Section ${i / 10 + 1}`, '');
    parts.push(i % 3 === 0 ? `- ${t.text}` : t.text);
  });
  return parts.join('\n');
}

interface Timing {
  /** Wall time of the very first call (cold: regex compilation, empty stem cache, no JIT). */
  first: number;
  /** Mean CPU time (user + system) per call over the timed runs: less disturbed by other processes on a shared machine. */
  cpuMean: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
}

function time(fn: () => unknown, iterations: number): Timing {
  const t0 = performance.now();
  fn();
  const first = performance.now() - t0;
  for (let i = 0; i < Math.min(50, iterations); i++) fn();
  const samples: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < iterations; i++) {
    const s = performance.now();
    fn();
    samples.push(performance.now() - s);
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMean = (cpu.user + cpu.system) / 1000 / iterations;
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return {
    first,
    cpuMean,
    mean,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
  };
}

function main(): void {
  const flags = parseFlags();
  const messages = Number(optionalFlag(flags, 'messages') ?? 50);
  const iterations = Number(optionalFlag(flags, 'iterations') ?? 500);
  const path = optionalFlag(flags, 'test');
  const turns = path ? realConversation(path, messages) : syntheticConversation(messages);
  const sentences = splitConversation(turns);
  const article = syntheticArticle(100);

  const results = {
    textrank: time(() => summarizeConversation(turns), iterations),
    lead2: time(
      () =>
        turns
          .slice(0, 2)
          .map((t) => cleanTurnText(t.text, t.speaker))
          .join(' '),
      iterations,
    ),
    article: time(() => summarizeArticle(article, { maxChars: 400 }), iterations),
  };
  console.log(
    `# TextRank micro-benchmark\n\n${turns.length} messages (${path ? `first tweets of ${path}` : 'synthetic'}), ` +
      `${sentences.length} sentences (${sentences.filter((s) => !s.filler).length} non-filler); ` +
      `article: ${article.length} chars of markdown; ${iterations} timed runs after warm-up.\n`,
  );
  console.log(
    markdownTable(
      ['case', 'first call ms', 'CPU ms/call', 'wall mean ms', 'p50 ms', 'p95 ms', 'p99 ms', 'CPU / LEAD-2'],
      Object.entries(results).map(([name, r]) => [
        name === 'textrank'
          ? `summarizeConversation (${turns.length} msgs)`
          : name === 'lead2'
            ? 'LEAD-2 (baseline)'
            : 'summarizeArticle (~100 sentences)',
        r.first,
        r.cpuMean,
        r.mean,
        r.p50,
        r.p95,
        r.p99,
        r.cpuMean / Math.max(1e-9, results.lead2.cpuMean),
      ]),
    ),
  );
  writeJsonResult(flags, { messages: turns.length, sentences: sentences.length, iterations, ...results });
}

main();
