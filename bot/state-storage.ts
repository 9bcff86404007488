/**
 * A botbuilder `Storage` over the store's bot-state port, for ConversationState and UserState.
 *
 * eTags: an item written with its eTag is saved only if nobody changed it since it was read (the
 * store checks), "*" or no eTag overwrites; a conflict throws like botbuilder's MemoryStorage does.
 * Reads are served from a bounded in-process cache of the JSON last read or written, so a turn costs
 * no database read and at most one write per changed state object. The cache holds JSON text, never
 * live objects, so a failed turn cannot leak half-made changes into the next one.
 */
import type { Storage, StoreItems } from 'botbuilder';
import { StoreError, type BotStateRepository } from '../store';

export interface StoreStateStorageOptions {
  repository: BotStateRepository;
  /** State documents cached (default 10,000; 0 turns the cache off, e.g. several processes writing). */
  cacheSize?: number;
}

/**
 * The JSON text each state item was read from (keyed by the item object): the BotState subclasses
 * (state.ts) use it as their change hash instead of serializing again. A WeakMap rather than a property
 * on the item, so the item keeps its shape (no defineProperty/delete on the hot path).
 */
const readJson = new WeakMap<object, string>();
/**
 * Set by the BotState subclasses just before writing: the item's JSON (without eTag), computed for
 * change detection anyway. Used once by write() and removed, so a later write of a changed item
 * can never reuse it.
 */
const writeJson = new WeakMap<object, string>();

/** The JSON `item` was read from (undefined for an item this storage did not hand out). */
export function readJsonOf(item: object): string | undefined {
  return readJson.get(item);
}

/** Hands the item's JSON (without eTag) to the next write() of this very object. */
export function handOverJson(item: object, json: string): void {
  writeJson.set(item, json);
}

function withJson(item: Record<string, unknown>, eTag: string, json: string): Record<string, unknown> {
  // Same as { ...item, eTag } (the stored JSON never holds an eTag), without copying the object.
  item.eTag = eTag;
  readJson.set(item, json);
  return item;
}

interface Cached {
  json: string;
  eTag: string;
}

export class StoreStateStorage implements Storage {
  private readonly cache = new Map<string, Cached>();
  private readonly cacheSize: number;

  constructor(private readonly options: StoreStateStorageOptions) {
    this.cacheSize = options.cacheSize ?? 10_000;
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new TypeError('Keys are required when reading.');
    const items: StoreItems = {};
    const missing: string[] = [];
    for (const key of keys) {
      const hit = this.cache.get(key);
      if (hit) {
        this.touch(key, hit);
        items[key] = withJson(JSON.parse(hit.json) as Record<string, unknown>, hit.eTag, hit.json);
      } else missing.push(key);
    }
    if (missing.length > 0) {
      for (const entry of await this.options.repository.read(missing)) {
        const json = JSON.stringify(entry.data);
        this.remember(entry.key, { json, eTag: entry.eTag });
        items[entry.key] = withJson(JSON.parse(json) as Record<string, unknown>, entry.eTag, json);
      }
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes || typeof changes !== 'object') throw new TypeError('Changes are required when writing.');
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...data } = (item ?? {}) as Record<string, unknown> & { eTag?: string };
      const handed = item && typeof item === 'object' ? writeJson.get(item) : undefined;
      if (handed !== undefined) writeJson.delete(item as object);
      const json = handed ?? JSON.stringify(data);
      try {
        const saved = await this.options.repository.write(
          key,
          data,
          typeof eTag === 'string' && eTag !== '' ? eTag : undefined,
          json,
        );
        this.remember(key, { json, eTag: saved.eTag });
        // The writer's copy now carries the new eTag, so a second save in the same turn is not a conflict.
        if (item && typeof item === 'object') (item as { eTag?: string }).eTag = saved.eTag;
      } catch (error) {
        this.cache.delete(key);
        if (error instanceof StoreError && error.code === 'conflict')
          throw new Error(`Storage: error writing "${key}" due to eTag conflict.`, { cause: error });
        throw error;
      }
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.cache.delete(key);
    await this.options.repository.delete(keys);
  }

  /** Drops cached copies (all, or one key), e.g. when another process may have written. */
  forget(key?: string): void {
    if (key === undefined) this.cache.clear();
    else this.cache.delete(key);
  }

  private touch(key: string, value: Cached): void {
    this.cache.delete(key);
    this.cache.set(key, value);
  }

  private remember(key: string, value: Cached): void {
    if (this.cacheSize <= 0) return;
    this.touch(key, value);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
  }
}
