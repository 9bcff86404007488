/**
 * Loads the pieces of nlp.js the intent classifier needs, without `@nlpjs/basic`'s side effects:
 * basic's entry point also loads its pino logger (which warns on every start) and its
 * container bootstrap reads `./conf.json` and `.env` from the working directory.
 *
 * `@nlpjs/nlu`, `@nlpjs/core` and `@nlpjs/lang-en-min` are resolved through `@nlpjs/basic`'s own
 * dependency chain, so we always get the exact versions the installed `@nlpjs/basic` ships with.
 */
import { dirname } from 'node:path';

/** The slice of nlp.js's NluNeural that we use (nlp.js ships no type declarations). */
export interface NluNeuralInstance {
  train(
    corpus: { utterance: string; intent: string }[],
    settings?: Record<string, unknown>,
  ): Promise<unknown>;
  process(text: string): Promise<{ classifications: { intent: string; score: number }[] }>;
  toJSON(): Record<string, unknown>;
  fromJSON(json: Record<string, unknown>): void;
}

type NluNeuralClass = new (settings: Record<string, unknown>, container: unknown) => NluNeuralInstance;

interface NlpjsRuntime {
  createContainer(): unknown;
  NluNeural: NluNeuralClass;
}

let cached: NlpjsRuntime | undefined;

function resolveVia(chain: string[], target: string): string {
  let base = __dirname;
  for (const pkg of chain) base = dirname(require.resolve(`${pkg}/package.json`, { paths: [base] }));
  return require.resolve(target, { paths: [base] });
}

export function nlpjsRuntime(): NlpjsRuntime {
  if (cached) return cached;
  const core = require(resolveVia(['@nlpjs/basic', '@nlpjs/nlp'], '@nlpjs/core'));
  const { NluNeural } = require(resolveVia(['@nlpjs/basic', '@nlpjs/nlp'], '@nlpjs/nlu'));
  const { LangEn } = require(resolveVia(['@nlpjs/basic', '@nlpjs/lang-en'], '@nlpjs/lang-en-min'));
  const createContainer = (): unknown => {
    const container = new core.Container();
    // The generic pipeline steps NluNeural looks up by name; LangEn adds the English variants.
    for (const Step of [
      core.ArrToObj,
      core.Normalizer,
      core.ObjToArr,
      core.Stemmer,
      core.Stopwords,
      core.Tokenizer,
    ]) {
      container.use(Step);
    }
    container.use(LangEn);
    return container;
  };
  cached = { createContainer, NluNeural };
  return cached;
}
