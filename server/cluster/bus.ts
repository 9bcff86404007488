/**
 * What the nodes of one deployment tell each other, over socket.io's `serverSideEmit` (the Redis
 * adapter's pub/sub: no Redis client of its own). Messages say *what* changed (an article's id, a
 * settings key, "the intents", "the live model"), never the new content: a receiver re-reads that
 * from the shared store. The one exception is an agent's presence, which lives in no store: it names
 * the agent and how many consoles they have open on the sender, and the receiver reads the agent's
 * profile from the store.
 *
 * Anything on the Redis channel is parsed with zod first; what does not parse is logged and dropped.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import { z } from 'zod';

export const CLUSTER_EVENT = 'parley:cluster';

const Id = z.string().min(1).max(200);
const NodeId = z.string().regex(/^[a-z0-9]{8,32}$/);

export const ClusterMessageSchema = z.discriminatedUnion('kind', [
  /** A node joined: the others announce their agents to it. */
  z.strictObject({ kind: z.literal('hello') }),
  /** An article or FAQ was created, changed or deleted. */
  z.strictObject({ kind: z.literal('article'), id: Id }),
  /** Intents changed (written answers, "always human" flags, …). */
  z.strictObject({ kind: z.literal('intents') }),
  /** A settings document changed (bot settings, entities). */
  z.strictObject({ kind: z.literal('settings'), key: Id }),
  /** Another model went live (deploy, rollback). */
  z.strictObject({ kind: z.literal('model') }),
  /** An agent's consoles on the sender, and the presence they chose (online or away). */
  z.strictObject({
    kind: z.literal('agent'),
    agentId: Id,
    connections: z.number().int().min(0).max(10_000),
    status: z.enum(['online', 'away']),
  }),
  /** An escalation changed (created, assigned, transferred, resolved…). */
  z.strictObject({ kind: z.literal('escalation'), id: Id }),
]);
export type ClusterMessage = z.infer<typeof ClusterMessageSchema>;
export type ClusterListener = (message: ClusterMessage, from: string) => void;

const EnvelopeSchema = z.strictObject({ from: NodeId, message: ClusterMessageSchema });

/** The sending side and the receiving side of the nodes' messages. */
export interface ClusterBus {
  /** This node's id (random per process). */
  readonly nodeId: string;
  /** Sends to every other node (not to this one). Never throws. */
  publish(message: ClusterMessage): void;
  /** Calls `listener` for every message from another node; returns the unsubscribe. */
  subscribe(listener: ClusterListener): () => void;
  close(): void;
}

/**
 * The bus over a socket.io server whose adapter reaches the other nodes (the Redis adapter). The
 * default in-memory adapter has no other nodes: do not build one without REDIS_URL.
 */
export function socketIoClusterBus(
  io: Server,
  options: { logger: Pick<Logger, 'warn' | 'error'>; nodeId?: string },
): ClusterBus {
  const nodeId = options.nodeId ?? randomBytes(8).toString('hex');
  const listeners = new Set<ClusterListener>();
  const onMessage = (raw: unknown) => {
    const parsed = EnvelopeSchema.safeParse(raw);
    if (!parsed.success) {
      options.logger.warn({ issues: parsed.error.issues.slice(0, 3) }, 'ignored a malformed cluster message');
      return;
    }
    const { from, message } = parsed.data;
    if (from === nodeId) return;
    for (const listener of listeners) {
      try {
        listener(message, from);
      } catch (error) {
        options.logger.error({ err: error, kind: message.kind }, 'a cluster message failed');
      }
    }
  };
  io.on(CLUSTER_EVENT, onMessage);
  let closed = false;
  return {
    nodeId,
    publish(message) {
      if (closed) return;
      try {
        io.serverSideEmit(CLUSTER_EVENT, { from: nodeId, message });
      } catch (error) {
        options.logger.error({ err: error, kind: message.kind }, 'publishing a cluster message failed');
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      listeners.clear();
      io.off(CLUSTER_EVENT, onMessage);
    },
  };
}
