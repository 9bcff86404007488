import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MODEL_FOLDER_FILES } from './convert-minilm';
import { CONVERTER_VERSION, ensureMiniLmModel, isModelFolderComplete, STAMP_FILE } from './model-folder';

const repoRoot = resolve(__dirname, '..', '..');
const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
const cli = join(__dirname, 'build-model-cli.ts');

function runCli(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(tsx, [cli, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

describe('model folder', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'parley-minilm-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('treats missing, partial and old-converter folders as incomplete', () => {
    const dir = join(root, 'model');
    expect(isModelFolderComplete(dir)).toBe(false);
    mkdirSync(join(dir, 'onnx'), { recursive: true });
    for (const f of MODEL_FOLDER_FILES) writeFileSync(join(dir, f), 'x');
    expect(isModelFolderComplete(dir)).toBe(false); // no stamp yet
    writeFileSync(join(dir, STAMP_FILE), JSON.stringify({ converterVersion: CONVERTER_VERSION - 1 }));
    expect(isModelFolderComplete(dir)).toBe(false);
    writeFileSync(join(dir, STAMP_FILE), JSON.stringify({ converterVersion: CONVERTER_VERSION }));
    expect(isModelFolderComplete(dir)).toBe(true);
    writeFileSync(join(dir, 'onnx', 'model.onnx'), '');
    expect(isModelFolderComplete(dir)).toBe(false); // empty file
  });

  it('builds once per process even when asked concurrently, then reuses the folder', async () => {
    const dir = join(root, 'models', 'all-MiniLM-L6-v2');
    const [a, b] = await Promise.all([ensureMiniLmModel(dir), ensureMiniLmModel(dir)]);
    expect(a).toBe(dir);
    expect(b).toBe(dir);
    expect(isModelFolderComplete(dir)).toBe(true);
    expect(readdirSync(join(root, 'models'))).toEqual(['all-MiniLM-L6-v2']); // no temp folders left
    const started = performance.now();
    await ensureMiniLmModel(dir);
    expect(performance.now() - started).toBeLessThan(50);
  }, 60_000);

  it('two processes racing over a stale folder both succeed and leave one complete folder', async () => {
    const dir = join(root, 'all-MiniLM-L6-v2');
    mkdirSync(dir);
    writeFileSync(join(dir, 'config.json'), '{}'); // an interrupted old build
    const results = await Promise.all([runCli(['--out', dir]), runCli(['--out', dir])]);
    for (const r of results) expect(r).toMatchObject({ code: 0 });
    expect(results.map((r) => r.output).join('\n')).toContain(dir);
    expect(isModelFolderComplete(dir)).toBe(true);
    expect(readdirSync(root)).toEqual(['all-MiniLM-L6-v2']);
  }, 120_000);
});
