import { randomUUID } from 'node:crypto';

/** Collaborators every adapter takes from outside so tests can pin time and ids. */
export interface StoreDeps {
  /** Source of "now" for createdAt/updatedAt and status timestamps. */
  clock?: () => Date;
  /** Generator for new record ids (string ids, same shape in every adapter). */
  newId?: () => string;
}

export type ResolvedDeps = Required<StoreDeps>;

export function resolveDeps(deps: StoreDeps = {}): ResolvedDeps {
  return {
    clock: deps.clock ?? (() => new Date()),
    newId: deps.newId ?? randomUUID,
  };
}
