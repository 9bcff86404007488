/** Three small intents and a letter-count "embedding", shared by the training tests. */
import type { IntentDefinition } from '../../intents';

export const SMALL_INTENTS: IntentDefinition[] = [
  {
    name: 'greeting',
    utterances: ['hello', 'hi there', 'good morning', 'hey', 'hello friend', 'good evening'],
  },
  {
    name: 'order_status',
    utterances: [
      'where is my order',
      'track my order',
      'has my order shipped',
      'order status',
      'where is my package',
    ],
  },
  {
    name: 'refund',
    utterances: [
      'i want a refund',
      'refund my money',
      'give me my money back',
      'refund please',
      'money back',
    ],
  },
];

/** A deterministic bag-of-letters vector, L2-normalised. */
export function letterVector(text: string): Float32Array {
  const v = new Float32Array(8);
  for (const ch of text) v[ch.charCodeAt(0) % 8] += 1;
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}
