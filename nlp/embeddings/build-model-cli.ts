/**
 * `npm run models`: converts the fp16 all-MiniLM-L6-v2 weights into a transformers.js model folder.
 *
 *   npm run models                    # into <project>/models/all-MiniLM-L6-v2, if missing or stale
 *   npm run models -- --force         # rebuild even if complete
 *   npm run models -- --out DIR       # somewhere else
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_FOLDER_FILES } from './convert-minilm';
import { defaultMiniLmDir, ensureMiniLmModel, isModelFolderComplete } from './model-folder';

function parseArgs(argv: string[]): { out: string; force: boolean } {
  let out = defaultMiniLmDir();
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--force') force = true;
    else if (arg === '--out' && argv[i + 1]) out = argv[++i];
    else if (arg.startsWith('--out=')) out = arg.slice('--out='.length);
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: npm run models -- [--out DIR] [--force]');
      process.exit(0);
    } else {
      console.error(`unknown argument: ${arg}`);
      process.exit(2);
    }
  }
  return { out, force };
}

async function main(): Promise<void> {
  const { out, force } = parseArgs(process.argv.slice(2));
  const existed = !force && isModelFolderComplete(out);
  const started = performance.now();
  const dir = await ensureMiniLmModel(out, { force });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(
    existed
      ? `model folder already complete: ${dir} (checked in ${seconds} s)`
      : `wrote ${dir} in ${seconds} s`,
  );
  for (const file of MODEL_FOLDER_FILES) {
    const mb = statSync(join(dir, file)).size / 1e6;
    console.log(`  ${file.padEnd(28)} ${mb.toFixed(1).padStart(6)} MB`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
