/** A tiny support-bot corpus and a deterministic stand-in for a sentence embedder (tests only). */
import type { IntentDefinition, IntentEmbedder } from '../types';

export const SUPPORT_INTENTS: IntentDefinition[] = [
  {
    name: 'greeting',
    utterances: [
      'hello',
      'hi there',
      'hey',
      'good morning',
      'good evening',
      'hello there',
      'hi, anyone there?',
      'hey, good afternoon',
      'greetings',
      'hiya',
    ],
  },
  {
    name: 'order_status',
    utterances: [
      'where is my order',
      'has my order shipped yet',
      'track my package',
      'when will my parcel arrive',
      'what is the status of my order',
      'my order has not arrived',
      'is my package on the way',
      'tracking number for my order',
      'when does my delivery come',
      'where is my parcel',
    ],
  },
  {
    name: 'refund',
    utterances: [
      'i want a refund',
      'can i get my money back',
      'how do i return an item for a refund',
      'refund my purchase please',
      'i was charged twice and want a refund',
      'give me my money back',
      'how long does a refund take',
      'return this product and refund me',
      'i need to request a refund',
      'money back for a broken item',
    ],
  },
  {
    name: 'reset_password',
    utterances: [
      'i forgot my password',
      'reset my password',
      'i cannot log in to my account',
      'how do i change my password',
      'my password does not work',
      'locked out of my account',
      'password reset link please',
      'help me log in, forgot password',
      'change the password on my account',
      'login problem with my password',
    ],
  },
];

/**
 * Hashes word unigrams and character trigrams into a fixed-size unit vector. Texts sharing words
 * land close together, which is all a classifier test needs, and it is fully deterministic.
 */
export function createFakeEmbedder(
  dimension = 64,
  modelId = 'fake-hash-embedder',
): IntentEmbedder & { calls: number } {
  const hash = (s: string): number => {
    let h = 2166136261;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    return h >>> 0;
  };
  const embedOne = (text: string): Float32Array => {
    const v = new Float32Array(dimension);
    const words = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
    for (const w of words) {
      v[hash(w) % dimension] += 1;
      const padded = ` ${w} `;
      for (let i = 0; i + 3 <= padded.length; i++) v[hash(padded.slice(i, i + 3)) % dimension] += 0.3;
    }
    if (words.length === 0) v[0] = 1;
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm);
    for (let d = 0; d < dimension; d++) v[d] /= norm;
    return v;
  };
  const embedder = {
    dimension,
    modelId,
    calls: 0,
    async embed(texts: string[]): Promise<Float32Array[]> {
      embedder.calls++;
      return texts.map(embedOne);
    },
  };
  return embedder;
}
