// Bundles the browser code (widget, console) with esbuild into dist/web and prints gzipped sizes.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const entries = [
  { in: 'web-widget/index.ts', out: 'widget' },
  { in: 'console/index.ts', out: 'console' },
].filter((entry) => existsSync(entry.in));

mkdirSync('dist/web', { recursive: true });
for (const entry of entries) {
  const outfile = `dist/web/${entry.out}.js`;
  await build({ entryPoints: [entry.in], outfile, bundle: true, minify: true, format: 'iife', target: 'es2020', logLevel: 'warning' });
  const gz = gzipSync(readFileSync(outfile)).length;
  console.log(`${outfile}: ${(gz / 1024).toFixed(1)} KB gzipped`);
}
if (entries.length === 0) console.log('no browser bundles to build yet');
