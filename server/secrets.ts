import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The secret that signs visitor tokens and sessions. Configured, or generated once and kept in the
 * data directory (mode 600) so visitors can resume their conversations across restarts.
 */
export function loadOrCreateSecret(dataDir: string, configured?: string, name = 'session-secret'): string {
  if (configured) return configured;
  const file = join(dataDir, name);
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    // not created yet
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
