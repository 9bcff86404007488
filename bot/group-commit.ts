/**
 * Group commit for the per-message writes. Under load, the customer messages, bot replies and state
 * writes started during one turn of the event loop are committed together (Store.batchWrites: one
 * SQLite transaction) at the end of that turn, instead of one commit each. Every write still succeeds
 * or fails on its own, and its promise settles only after the commit, so "stored before
 * acknowledged / sent" holds. A store without batchWrites (MongoDB) is used as is.
 */
import type { BotStateRepository, MessageRepository, Store } from '../store';

type Job = {
  start: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

export class WriteCoalescer {
  private queue: Job[] = [];
  private scheduled = false;

  constructor(private readonly batch: <T>(work: () => T) => T) {}

  /** Starts `write` in the next batch; resolves with its result once the batch is committed. */
  run<T>(start: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ start, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const jobs = this.queue;
    this.queue = [];
    this.scheduled = false;
    let started: Promise<unknown>[];
    try {
      started = this.batch(() =>
        jobs.map((job) => {
          try {
            return job.start();
          } catch (error) {
            return Promise.reject(error);
          }
        }),
      );
    } catch (error) {
      // The commit itself failed: nothing in the batch is stored.
      for (const job of jobs) job.reject(error);
      return;
    }
    started.forEach((promise, i) => promise.then(jobs[i].resolve, jobs[i].reject));
  }
}

const wrapped = new WeakMap<Store, Store>();

/**
 * The same store, with messages.append and botState writes grouped per event-loop turn. Wrapping the
 * same store twice gives the same wrapper (one batch for everyone).
 */
export function withGroupCommit(store: Store): Store {
  if (!store.batchWrites) return store;
  const existing = wrapped.get(store);
  if (existing) return existing;
  const coalescer = new WriteCoalescer(store.batchWrites.bind(store));
  const messages: MessageRepository = Object.create(store.messages, {
    append: {
      value: (input: Parameters<MessageRepository['append']>[0]) =>
        coalescer.run(() => store.messages.append(input)),
    },
  });
  const botState: BotStateRepository = Object.create(store.botState, {
    write: {
      value: (...args: Parameters<BotStateRepository['write']>) =>
        coalescer.run(() => store.botState.write(...args)),
    },
  });
  const result: Store = Object.create(store, {
    messages: { value: messages },
    botState: { value: botState },
  });
  wrapped.set(store, result);
  return result;
}
