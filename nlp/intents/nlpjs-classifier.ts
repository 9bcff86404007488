/**
 * nlp.js's NluNeural (stemmed bag of words into one perceptron per intent), used directly rather
 * than through `Nlp`, which would add NER, sentiment, NLG and a file-backed model we do not need.
 */
import { nlpjsRuntime, type NluNeuralInstance } from './nlpjs-runtime';

export interface NlpjsClassifierOptions {
  /**
   * nlp.js's "none feature": words never seen in training push probability mass towards an
   * internal None class, which we leave out of the scores (so they sum to less than 1).
   */
  useNoneFeature?: boolean;
}

export interface NlpjsClassifierJson {
  numClasses: number;
  useNoneFeature: boolean;
  nlu: Record<string, unknown>;
}

// Intents are trained under neutral ids: a user intent may well be called "None", which is
// nlp.js's own fallback class.
const classId = (index: number): string => `c${index}`;

export class NlpjsClassifier {
  private constructor(
    private readonly nlu: NluNeuralInstance,
    readonly numClasses: number,
    private readonly useNoneFeature: boolean,
  ) {}

  private static create(useNoneFeature: boolean): NluNeuralInstance {
    const { NluNeural, createContainer } = nlpjsRuntime();
    // log: false, or NeuralNetwork prints one line per training epoch.
    return new NluNeural({ locale: 'en', log: false, useNoneFeature }, createContainer());
  }

  static async train(
    examples: readonly { text: string; label: number }[],
    numClasses: number,
    options: NlpjsClassifierOptions = {},
  ): Promise<NlpjsClassifier> {
    const useNoneFeature = options.useNoneFeature ?? true;
    const nlu = NlpjsClassifier.create(useNoneFeature);
    const corpus = examples.map((e) => ({ utterance: e.text, intent: classId(e.label) }));
    await nlu.train(corpus, { log: false, useNoneFeature });
    return new NlpjsClassifier(nlu, numClasses, useNoneFeature);
  }

  /** Scores per class index; they sum to at most 1 (the rest is nlp.js's None). */
  async scores(text: string): Promise<Float64Array> {
    const out = new Float64Array(this.numClasses);
    if (text === '') return out;
    const { classifications } = await this.nlu.process(text);
    for (const { intent, score } of classifications) {
      if (intent.charCodeAt(0) !== 99 /* 'c' */) continue;
      const index = Number(intent.slice(1));
      if (Number.isInteger(index) && index >= 0 && index < this.numClasses) out[index] = score;
    }
    return out;
  }

  toJSON(): NlpjsClassifierJson {
    return { numClasses: this.numClasses, useNoneFeature: this.useNoneFeature, nlu: this.nlu.toJSON() };
  }

  static fromJSON(json: NlpjsClassifierJson): NlpjsClassifier {
    const nlu = NlpjsClassifier.create(json.useNoneFeature);
    nlu.fromJSON(json.nlu);
    // nlp.js's fromJSON lists the intents without its own 'None', which a freshly trained model
    // includes; without it a reloaded model renormalises scores differently (no None mass).
    const state = nlu as unknown as { intentsArr?: string[] };
    if (state.intentsArr && !state.intentsArr.includes('None')) state.intentsArr.push('None');
    return new NlpjsClassifier(nlu, json.numClasses, json.useNoneFeature);
  }
}
