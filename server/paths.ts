import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, found the same way from source (tsx, jest) and from dist/. */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${from}`);
    dir = parent;
  }
  return dir;
}

/** Static pages: the storefront demo at /, built browser bundles under /static. */
export const publicDir = (): string => join(projectRoot(), 'server', 'public');
export const webBuildDir = (): string => join(projectRoot(), 'dist', 'web');
