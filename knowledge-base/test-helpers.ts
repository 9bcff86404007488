/**
 * Helpers for the knowledge base's unit tests: a fast, deterministic bag-of-stems embedder (so tests
 * that are about indexing, storage and answering do not load a model) and real SQLite stores in a
 * temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Embedder } from '../nlp/embeddings';
import { openSqliteStore, type Store, type StoreDeps } from '../store';
import { keywordTokens } from './keyword-index';

export interface FakeEmbedder extends Embedder {
  /** Every text embedded so far, in call order. */
  readonly calls: string[][];
  readonly embeddedTexts: number;
}

/** Hashes stemmed words into `dimension` buckets (plus a constant bucket), L2-normalised. Deterministic. */
export function fakeEmbedder(dimension = 64, modelId = 'fake-bag-of-stems'): FakeEmbedder {
  const calls: string[][] = [];
  const vectorOf = (text: string): Float32Array => {
    const v = new Float32Array(dimension);
    v[0] = 0.3;
    for (const token of keywordTokens(text)) {
      let h = 2166136261;
      for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), 16777619);
      v[1 + ((h >>> 0) % (dimension - 1))] += 1;
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm);
    return v.map((x) => x / norm);
  };
  return {
    dimension,
    modelId,
    calls,
    get embeddedTexts() {
      return calls.reduce((n, c) => n + c.length, 0);
    },
    async embed(texts: string[]) {
      calls.push([...texts]);
      return texts.map(vectorOf);
    },
    async embedOne(text: string) {
      calls.push([text]);
      return vectorOf(text);
    },
  };
}

/** A folder of SQLite files removed by `cleanup()`. */
export function tempStores(prefix = 'parley-kb-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let n = 0;
  const opened: Store[] = [];
  return {
    dir,
    file: (name = `kb-${++n}.sqlite`) => join(dir, name),
    async open(file?: string, deps: StoreDeps = {}): Promise<Store> {
      const store = await openSqliteStore({ file: file ?? join(dir, `kb-${++n}.sqlite`), ...deps });
      opened.push(store);
      return store;
    },
    async cleanup() {
      await Promise.all(opened.map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The fixture folder of Markdown articles and FAQs. */
export const FIXTURE_DIR = join(__dirname, '__fixtures__', 'kb');
