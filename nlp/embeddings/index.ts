/** Sentence embeddings: the Embedder port, its transformers.js implementation and the MiniLM model folder. */
export { cosine, createTransformersEmbedder, meanPoolNormalize } from './embedder';
export type { Embedder, TransformersEmbedder, TransformersEmbedderOptions } from './embedder';
export { defaultMiniLmDir, ensureMiniLmModel, isModelFolderComplete } from './model-folder';
export type { EnsureModelOptions } from './model-folder';
export { convertMiniLm, MINILM_MAX_LENGTH, MINILM_MODEL_ID, MODEL_FOLDER_FILES } from './convert-minilm';
export type { ConvertOptions, ConvertResult } from './convert-minilm';
export { LruCache } from './lru';
