/**
 * Runs bot turns one at a time per conversation (replies keep the order of the messages they
 * answer) and knows which are in flight, so shutdown can wait for them. It also remembers which
 * messages this process already started a turn for, so no message is answered twice.
 */
export class TurnTracker {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  /** `conversationId#seq` of the messages a turn was started for, oldest first (bounded). */
  private readonly claimed = new Set<string>();

  constructor(private readonly maxClaims = 10_000) {}

  /**
   * Takes a message for a turn: true the first time, false when this process already started a turn
   * for it (e.g. a resume that raced the message's own turn). The memory is bounded: the oldest
   * claims are forgotten first.
   */
  claim(conversationId: string, seq: number): boolean {
    const key = `${conversationId}#${seq}`;
    if (this.claimed.has(key)) return false;
    this.claimed.add(key);
    if (this.claimed.size > this.maxClaims) {
      const oldest = this.claimed.values().next().value;
      if (oldest !== undefined) this.claimed.delete(oldest);
    }
    return true;
  }

  /** Queues `work` after the conversation's previous turn. Errors are the caller's to handle inside `work`. */
  run(conversationId: string, work: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(conversationId) ?? Promise.resolve();
    const turn = previous.then(work, work);
    const tracked = turn.finally(() => {
      this.inFlight.delete(tracked);
      if (this.tails.get(conversationId) === tracked) this.tails.delete(conversationId);
    });
    this.tails.set(conversationId, tracked);
    this.inFlight.add(tracked);
    return tracked;
  }

  isBusy(conversationId: string): boolean {
    return this.tails.has(conversationId);
  }

  get size(): number {
    return this.inFlight.size;
  }

  /** Resolves true when every turn finished, false when the time ran out first. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight.size > 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        Promise.allSettled([...this.inFlight]).then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), remaining))),
      ]);
      clearTimeout(timer);
      if (timedOut) return this.inFlight.size === 0;
    }
    return true;
  }
}
