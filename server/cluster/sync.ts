/**
 * Admin changes across nodes. The node that handled an admin's request applies the change and
 * announces it; every other node re-reads what the announcement names from the shared store (or, for
 * the model, the shared registry under DATA_DIR) and applies that — the message carries no content.
 *
 *   article / FAQ  → the knowledge base re-indexes that one (reads it; a deleted one is dropped)
 *   intents        → the intents' written answers and "always human" flags are read again
 *   settings       → that settings document is read and applied unless this node has that version
 *   model          → the model the registry names live is loaded and swapped in
 *
 * A node can miss a message (Redis restarted, a network gap, a node still starting): `catchUp`
 * compares every copy with the store — the knowledge base by each article's version, updatedAt and
 * content, intents by what the bot uses of them, settings by version, the model by the registry's live
 * pointer — and applies only what differs. It runs when Redis reconnects, once the node is ready, and
 * every `intervalMs` (default 30 s). Each copy applies its reads one at a time, so a message and a
 * catch-up never put an older state over a newer one.
 */
import type { Logger } from 'pino';
import type { ClusterBus, ClusterMessage } from './bus';

/** The messages about admin changes (agents' presence and escalations are the handoff's). */
export type ChangeMessage = Extract<ClusterMessage, { kind: 'article' | 'intents' | 'settings' | 'model' }>;

/** What this node keeps in memory that admins change, each re-read from the store on demand. */
export interface LiveCopies {
  knowledge: {
    /** Re-reads and re-indexes one article or FAQ (drops it when deleted or unpublished). */
    articleChanged(id: string): void;
    /** Compares the index with the store; resolves with what changed (null: no index here). */
    sync(): Promise<{ upserted: string[]; removed: string[] } | null>;
  };
  /** Reads the intents again; resolves true when what the bot uses of them changed. */
  intents: { reload(): Promise<boolean> };
  settings: {
    /** Reads one settings document and applies it unless this node has that version already. */
    apply(key: string): Promise<boolean>;
    /** Applies every document whose stored version is not the one applied here; resolves with their keys. */
    sync(): Promise<string[]>;
  };
  /** Puts live the model the shared registry names live (undefined while the model loads or failed). */
  model(): { follow(): Promise<{ id: string } | null> } | undefined;
  /** Presence, queue and loads (the handoff's own catch-up). */
  handoff?: { catchUp(): Promise<void> };
}

export interface ClusterSync {
  /** This node applied an admin change: the other nodes re-read it. */
  announce(message: ChangeMessage): void;
  /** Compares every copy with the store now and applies what differs (one run at a time). */
  catchUp(): Promise<void>;
  stop(): void;
}

export interface ClusterSyncOptions {
  bus: ClusterBus;
  copies: LiveCopies;
  logger: Pick<Logger, 'info' | 'error'>;
  /** How often to catch up regardless of messages (default 30 s; 0: only when asked). */
  intervalMs?: number;
}

export const DEFAULT_SYNC_INTERVAL_MS = 30_000;

export function startClusterSync(options: ClusterSyncOptions): ClusterSync {
  const { bus, copies, logger } = options;
  const failed =
    (what: string, extra: object = {}) =>
    (error: unknown) =>
      logger.error({ err: error, ...extra }, `applying ${what} from another node failed`);

  const unsubscribe = bus.subscribe((message) => {
    switch (message.kind) {
      case 'article':
        copies.knowledge.articleChanged(message.id);
        break;
      case 'intents':
        copies.intents.reload().catch(failed('the intents'));
        break;
      case 'settings':
        copies.settings.apply(message.key).catch(failed('settings', { key: message.key }));
        break;
      case 'model':
        copies.model()?.follow().catch(failed('the live model'));
        break;
      default:
        break; // the handoff's messages
    }
  });

  let running: Promise<void> | undefined;
  let again = false;
  const catchUpOnce = async () => {
    const changes: Record<string, unknown> = {};
    const step = async (what: string, work: () => Promise<unknown>) => {
      try {
        const result = await work();
        if (result && (!Array.isArray(result) || result.length)) changes[what] = result;
      } catch (error) {
        logger.error({ err: error }, `catching up on ${what} failed`);
      }
    };
    await step('knowledge', async () => {
      const report = await copies.knowledge.sync();
      return report && report.upserted.length + report.removed.length > 0 ? report : null;
    });
    await step('intents', () => copies.intents.reload());
    await step('settings', () => copies.settings.sync());
    await step('model', async () => (await copies.model()?.follow())?.id ?? null);
    if (copies.handoff) await step('handoff', async () => void (await copies.handoff!.catchUp()));
    if (Object.keys(changes).length) logger.info({ changes }, 'caught up with changes made on other nodes');
  };
  const catchUp = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await catchUpOnce();
        } while (again);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const every = options.intervalMs ?? DEFAULT_SYNC_INTERVAL_MS;
  const timer = every > 0 ? setInterval(() => void catchUp(), every) : undefined;
  timer?.unref();

  return {
    announce: (message) => bus.publish(message),
    catchUp,
    stop() {
      if (timer) clearInterval(timer);
      unsubscribe();
    },
  };
}
