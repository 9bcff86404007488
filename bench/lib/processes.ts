/**
 * Running a benchmark's server and load generator as separate processes, pinned to separate cores
 * with `taskset` where the machine allows, so "per core" figures mean what they say.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';

export interface CorePinning {
  /** Command prefix that pins a process to `core` (empty when pinning is unavailable). */
  prefix: (core: number) => string[];
  note: string;
}

export function corePinning(): CorePinning {
  const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  if (hasTaskset && availableParallelism() >= 2)
    return {
      prefix: (core) => ['taskset', '-c', String(core)],
      note: 'server on core 0, load generator on core 1 (taskset)',
    };
  return {
    prefix: () => [],
    note: 'NOT pinned (taskset or a second core unavailable): figures are not per core',
  };
}

/** Starts `script` again under tsx in a child process (one role of a multi-process benchmark). */
export function spawnRole(script: string, prefix: string[], args: string[]): ChildProcess {
  const command = [...prefix, process.execPath, '--import', 'tsx', script, ...args];
  return spawn(command[0], command.slice(1), {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' },
  });
}

/** Resolves with the first stdout line of `child` matching `pattern`. */
export function firstLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms`)), timeoutMs);
    lines.on('line', (line) => {
      if (pattern.test(line)) {
        clearTimeout(timer);
        lines.close();
        resolve(line);
      }
    });
    child.once('exit', (code) => {
      // Without this the pending timer keeps the orchestrator alive for the whole timeout.
      clearTimeout(timer);
      lines.close();
      reject(new Error(`process exited (${code}) before ${pattern}`));
    });
  });
}
