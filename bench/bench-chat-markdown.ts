/**
 * Micro-benchmark: the chat-Markdown parser (protocol/chat-markdown.ts) on normal answers and on
 * adversarial text (many markers that never close), at several lengths.
 *
 *   npx tsx bench/bench-chat-markdown.ts [--sizes 1000,5000,20000] [--min-ms 200] [--json FILE]
 *
 * Each input is a pattern repeated to the exact length. Per input, five batches of parses run, each
 * for at least a fifth of `--min-ms` of wall time (at least one parse, at most 400); the figure is the
 * CPU time (user + system) per parse of the fastest batch, steadier than wall time on a shared machine. The baseline, measured in the same run, is plain prose
 * of the same length (no markers at all): "× prose" near 1 means markers cost nothing extra. "growth"
 * is the time at the largest size over the time at the smallest: linear parsing grows with the length
 * (20 for 1k → 20k); quadratic parsing grows with its square (400).
 */
import { performance } from 'node:perf_hooks';
import { parseMarkdown } from '../protocol/chat-markdown';
import { markdownTable, optionalFlag, parseFlags, writeJsonResult } from './lib/cli';

const ANSWER =
  'You can return most items within **30 days** of delivery. Start a return from *Your orders*, ' +
  'choose the item and print the label (order numbers look like `FT-12345`).\n' +
  '- **Refund**: back to the card you paid with, in 3–5 working days\n' +
  '- **Exchange**: we send the new size as soon as the parcel is scanned\n' +
  '1. Pack the item\n2. Post it at any drop-off point\n\n' +
  'More in [our returns guide](/help/kb-returns#refunds), or track a parcel at ' +
  'https://carrier.example/track?id=(42). Questions? mailto:help@shop.example\n\n';

const PROSE =
  'Thanks for waiting while I looked into this for you today and checked the order history. ' +
  'The parcel left our warehouse on Monday and the carrier expects to deliver it by Thursday. ';

/** name → text of exactly `n` characters. */
const CASES: Record<string, (n: number) => string> = {
  'plain prose (baseline)': (n) => repeat(PROSE, n),
  'normal answers': (n) => repeat(ANSWER, n),
  "'a * '": (n) => repeat('a * ', n),
  "'**x '": (n) => repeat('**x ', n),
  "'*x '": (n) => repeat('*x ', n),
  "'_x '": (n) => repeat('_x ', n),
  "'__x '": (n) => repeat('__x ', n),
  "'[a'": (n) => repeat('[a', n),
  "'`'": (n) => repeat('`', n),
  "'_'": (n) => repeat('_', n),
  'bare URL then many )': (n) => 'http://a' + repeat(')', n - 8),
  "'/http://a`' (URL starts in one word)": (n) => repeat('/http://a`', n),
  'list item, spaces, line separator': (n) => '- ' + repeat(' ', n - 4) + 'x\u2028',
};

function repeat(pattern: string, n: number): string {
  return pattern.repeat(Math.ceil(n / pattern.length)).slice(0, n);
}

/**
 * CPU milliseconds per parse: the fastest of five batches, each of at least a fifth of `minMs` (the
 * machine is shared, and other work only ever adds time).
 */
function time(text: string, minMs: number): number {
  const parse = () => parseMarkdown(text, { base: 'https://parley.example' });
  parse();
  let best = Infinity;
  for (let batch = 0; batch < 5; batch++) {
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    let runs = 0;
    do {
      parse();
      runs++;
    } while (performance.now() - started < minMs / 5 && runs < 400);
    const cpu = process.cpuUsage(cpu0);
    best = Math.min(best, (cpu.user + cpu.system) / 1000 / runs);
  }
  return best;
}

function main(): void {
  const flags = parseFlags();
  const sizes = (optionalFlag(flags, 'sizes') ?? '1000,5000,20000').split(',').map(Number);
  const minMs = Number(optionalFlag(flags, 'min-ms') ?? 200);
  if (sizes.some((n) => !Number.isInteger(n) || n < 16) || !(minMs > 0)) {
    console.error('--sizes takes whole numbers of at least 16, comma-separated; --min-ms a positive number');
    process.exit(2);
  }
  const results: Record<string, Record<number, number>> = {};
  for (const [name, make] of Object.entries(CASES)) {
    results[name] = {};
    for (const n of sizes) results[name][n] = time(make(n), minMs);
  }
  const baseline = results['plain prose (baseline)'];
  const largest = sizes[sizes.length - 1];
  const label = (n: number) => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));
  console.log(
    `# Chat-Markdown parser\n\nCPU ms per parseMarkdown call (fastest of five batches, ${minMs} ms of ` +
      `parsing per cell in all, after one warm-up call).\n`,
  );
  console.log(
    markdownTable(
      ['input', ...sizes.map((n) => `${label(n)} chars ms`), `× prose at ${label(largest)}`, 'growth'],
      Object.entries(results).map(([name, bySize]) => [
        name,
        ...sizes.map((n) => bySize[n]),
        bySize[largest] / Math.max(1e-6, baseline[largest]),
        bySize[largest] / Math.max(1e-6, bySize[sizes[0]]),
      ]),
    ),
  );
  writeJsonResult(flags, { sizes, minMs, msPerParse: results });
}

main();
