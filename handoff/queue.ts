/**
 * The waiting line as this process sees it: queued escalations in serving order (priority with
 * ageing, then longest wait), positions, and wait estimates. The store stays the source of truth;
 * the service loads the queue from it at start and keeps it in step.
 *
 * Estimated wait = (mean time from request to pickup, moving average, default 60 s) × the rounds of
 * pickups ahead: ⌈position ÷ agents online⌉. Null with nobody online (no honest estimate).
 */
import { compareQueued, type Queued } from './priority';

export interface QueueEntry extends Queued {
  conversationId: string;
  team: string | null;
}

export interface QueueOptions {
  clock?: () => Date;
  /** Priority points per minute waited (default 1). */
  agingPerMinute?: number;
  /** Pickup time assumed before any was observed (default 60 s). */
  initialPickupSeconds?: number;
  /** Weight of a new observation in the moving average (default 0.2). */
  smoothing?: number;
}

export class HandoffQueue {
  private readonly entries = new Map<string, QueueEntry>();
  private readonly clock: () => Date;
  private readonly agingPerMinute: number;
  private readonly smoothing: number;
  private pickupSeconds: number;
  private sorted: QueueEntry[] | null = null;
  private sortedAt = 0;

  constructor(options: QueueOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
    this.agingPerMinute = options.agingPerMinute ?? 1;
    this.pickupSeconds = options.initialPickupSeconds ?? 60;
    this.smoothing = options.smoothing ?? 0.2;
  }

  add(entry: QueueEntry): void {
    this.entries.set(entry.id, entry);
    this.sorted = null;
  }

  remove(id: string): QueueEntry | undefined {
    const entry = this.entries.get(id);
    if (entry) {
      this.entries.delete(id);
      this.sorted = null;
    }
    return entry;
  }

  get(id: string): QueueEntry | undefined {
    return this.entries.get(id);
  }

  byConversation(conversationId: string): QueueEntry | undefined {
    for (const entry of this.entries.values()) if (entry.conversationId === conversationId) return entry;
    return undefined;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Serving order now. Ageing changes the order over time, so it is re-sorted at most once a second. */
  list(): readonly QueueEntry[] {
    const now = this.clock().getTime();
    if (!this.sorted || now - this.sortedAt >= 1000) {
      this.sorted = [...this.entries.values()].sort(compareQueued(now, this.agingPerMinute));
      this.sortedAt = now;
    }
    return this.sorted;
  }

  /** 1-based place in line, or null when not queued. */
  positionOf(id: string): number | null {
    const index = this.list().findIndex((e) => e.id === id);
    return index < 0 ? null : index + 1;
  }

  /** Feeds the moving average with one observed wait (request → pickup). */
  recordPickup(waitedMs: number): void {
    if (!Number.isFinite(waitedMs) || waitedMs < 0) return;
    this.pickupSeconds = this.pickupSeconds * (1 - this.smoothing) + (waitedMs / 1000) * this.smoothing;
  }

  estimateWaitSeconds(position: number, agentsOnline: number): number | null {
    if (agentsOnline <= 0) return null;
    const rounds = Math.ceil(Math.max(1, position) / agentsOnline);
    return Math.max(30, Math.round((rounds * this.pickupSeconds) / 30) * 30);
  }

  /** Entries that have waited at least `maxWaitMs`. */
  overdue(maxWaitMs: number): QueueEntry[] {
    const now = this.clock().getTime();
    return [...this.entries.values()].filter((e) => now - e.createdAt >= maxWaitMs);
  }
}

/** "about 2 minutes" */
export function describeWait(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 90) return 'about a minute';
  const minutes = Math.round(seconds / 60);
  return minutes >= 60 ? 'over an hour' : `about ${minutes} minutes`;
}
