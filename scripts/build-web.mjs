// Bundles the browser code (widget, console) with esbuild into dist/web and prints gzipped sizes.
// The widget is a loader (widget.js, runs in the host page) plus the iframe app (widget-app.js and
// widget-app.css); together they must stay within the widget's budget, or the build fails.
//
// The console is the agent bundle (console.js, console.css) plus the admin bundle (console-admin.js,
// console-admin.css), which the console loads only when an admin opens the admin side.
//
//   node scripts/build-web.mjs [--only=widget|console] [--outdir=dist/web]
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value = 'true'] = arg.replace(/^--/, '').split('=');
    return [key, value];
  }),
);
const outdir = args.outdir ?? 'dist/web';

/** Gzipped budgets per group, in bytes. */
const budgets = { widget: 40 * 1024 };

const entries = [
  { in: 'web-widget/loader.ts', out: 'widget.js', group: 'widget' },
  { in: 'web-widget/app/main.ts', out: 'widget-app.js', group: 'widget' },
  { in: 'web-widget/app/widget.css', out: 'widget-app.css', group: 'widget' },
  { in: 'console/index.ts', out: 'console.js', group: 'console' },
  { in: 'console/console.css', out: 'console.css', group: 'console' },
  // The admin pages: a separate bundle the console loads only for admins, on first use.
  { in: 'console/admin/main.ts', out: 'console-admin.js', group: 'console-admin' },
  { in: 'console/admin/admin.css', out: 'console-admin.css', group: 'console-admin' },
]
  .map((entry) => ({ ...entry, out: entry.out.includes('.') ? entry.out : `${entry.out}.js` }))
  .filter((entry) => existsSync(entry.in))
  // --only=console builds the admin bundle too (it is part of the console).
  .filter((entry) => !args.only || entry.group === args.only || entry.group === `${args.only}-admin`);

mkdirSync(outdir, { recursive: true });
const sizes = {};
for (const entry of entries) {
  const outfile = join(outdir, entry.out);
  const css = entry.in.endsWith('.css');
  await build({
    entryPoints: [entry.in],
    outfile,
    bundle: true,
    minify: true,
    ...(css ? {} : { format: 'iife', platform: 'browser' }),
    target: css ? ['chrome100', 'firefox100', 'safari15'] : 'es2020',
    legalComments: 'none',
    logLevel: 'warning',
  });
  const raw = readFileSync(outfile);
  const gz = gzipSync(raw, { level: 9 }).length;
  if (entry.group) sizes[entry.group] = (sizes[entry.group] ?? 0) + gz;
  console.log(`${outfile}: ${(raw.length / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzipped`);
}
if (entries.length === 0) console.log('no browser bundles to build yet');

for (const [group, size] of Object.entries(sizes))
  if (!(group in budgets)) console.log(`${group} total: ${(size / 1024).toFixed(1)} KB gzipped`);

let over = false;
for (const [group, budget] of Object.entries(budgets)) {
  if (sizes[group] === undefined) continue;
  const ok = sizes[group] <= budget;
  over ||= !ok;
  console.log(
    `${group} total: ${(sizes[group] / 1024).toFixed(1)} KB gzipped (budget ${(budget / 1024).toFixed(0)} KB) ${ok ? 'ok' : 'OVER BUDGET'}`,
  );
}
if (over) process.exit(1);
