/**
 * The classifiers whose probabilities the recognizer mixes:
 * - `embedding`: softmax regression over sentence embeddings (meaning; needs an embedder);
 * - `lexical`: softmax regression over word and character n-gram TF-IDF (exact wording, typos);
 * - `nlpjs`: nlp.js's NluNeural (stemmed bag of words; fast).
 * A member whose calibrated weight is 0 everywhere is not trained for serving (see recognizer.ts).
 */
import { LexicalVocabulary, type LexicalOptions, type LexicalVocabularyJson } from './lexical-features';
import { NlpjsClassifier, type NlpjsClassifierJson, type NlpjsClassifierOptions } from './nlpjs-classifier';
import {
  SoftmaxRegression,
  type SoftmaxRegressionJson,
  type SoftmaxRegressionOptions,
} from './softmax-regression';
import { SparseSoftmaxRegression, type SparseSoftmaxJson, type SparseSoftmaxOptions } from './sparse-softmax';

export type ClassifierName = 'embedding' | 'lexical' | 'nlpjs';
export const CLASSIFIER_ORDER: readonly ClassifierName[] = ['embedding', 'lexical', 'nlpjs'];

export interface EnsembleOptions {
  nlpjs?: NlpjsClassifierOptions;
  lexical?: LexicalOptions & SparseSoftmaxOptions;
  softmax?: SoftmaxRegressionOptions;
  seed?: number;
}

export interface EnsembleJson {
  numClasses: number;
  nlpjs?: NlpjsClassifierJson;
  lexical?: { vocabulary: LexicalVocabularyJson; classifier: SparseSoftmaxJson };
  embedding?: SoftmaxRegressionJson;
}

export interface TrainingSet {
  texts: string[];
  labels: number[];
  /** Sentence vectors, one per text; omitted: no embedding classifier. */
  vectors?: Float32Array[];
  /** Train the lexical classifier. */
  lexical: boolean;
  /** Train nlp.js's classifier (default true). */
  nlpjs?: boolean;
}

export class Ensemble {
  private constructor(
    readonly numClasses: number,
    private readonly nlpjs: NlpjsClassifier | undefined,
    private readonly lexical:
      { vocabulary: LexicalVocabulary; classifier: SparseSoftmaxRegression } | undefined,
    private readonly embedding: SoftmaxRegression | undefined,
  ) {}

  /** The classifiers this ensemble holds, in CLASSIFIER_ORDER. */
  get members(): ClassifierName[] {
    return CLASSIFIER_ORDER.filter((name) =>
      name === 'embedding' ? this.embedding : name === 'lexical' ? this.lexical : this.nlpjs,
    );
  }

  static async train(
    data: TrainingSet,
    numClasses: number,
    options: EnsembleOptions = {},
  ): Promise<Ensemble> {
    const seed = options.seed ?? 1;
    const examples = data.texts.map((text, i) => ({ text, label: data.labels[i] }));
    const nlpjs =
      data.nlpjs === false ? undefined : await NlpjsClassifier.train(examples, numClasses, options.nlpjs);
    let lexical: { vocabulary: LexicalVocabulary; classifier: SparseSoftmaxRegression } | undefined;
    if (data.lexical) {
      const vocabulary = LexicalVocabulary.build(data.texts, options.lexical);
      const classifier = SparseSoftmaxRegression.train(
        data.texts.map((t) => vocabulary.vectorize(t)),
        data.labels,
        numClasses,
        vocabulary.size,
        { seed, ...options.lexical },
      );
      lexical = { vocabulary, classifier };
    }
    const embedding = data.vectors
      ? SoftmaxRegression.train(data.vectors, data.labels, numClasses, { seed, ...options.softmax })
      : undefined;
    return new Ensemble(numClasses, nlpjs, lexical, embedding);
  }

  /** Each member's class probabilities for one text (its vector when the ensemble has an embedding member). */
  async score(
    text: string,
    vector: Float32Array | undefined,
  ): Promise<Partial<Record<ClassifierName, Float64Array>>> {
    const out: Partial<Record<ClassifierName, Float64Array>> = {};
    if (this.nlpjs) out.nlpjs = await this.nlpjs.scores(text);
    if (this.lexical) out.lexical = this.lexical.classifier.predict(this.lexical.vocabulary.vectorize(text));
    if (this.embedding && vector) out.embedding = this.embedding.predict(vector);
    return out;
  }

  toJSON(): EnsembleJson {
    return {
      numClasses: this.numClasses,
      nlpjs: this.nlpjs?.toJSON(),
      lexical: this.lexical && {
        vocabulary: this.lexical.vocabulary.toJSON(),
        classifier: this.lexical.classifier.toJSON(),
      },
      embedding: this.embedding?.toJSON(),
    };
  }

  static fromJSON(json: EnsembleJson): Ensemble {
    return new Ensemble(
      json.numClasses,
      json.nlpjs && NlpjsClassifier.fromJSON(json.nlpjs),
      json.lexical && {
        vocabulary: LexicalVocabulary.fromJSON(json.lexical.vocabulary),
        classifier: SparseSoftmaxRegression.fromJSON(json.lexical.classifier),
      },
      json.embedding && SoftmaxRegression.fromJSON(json.embedding),
    );
  }
}
