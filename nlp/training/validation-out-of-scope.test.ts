import { NONE_INTENT, type IntentDefinition } from '../intents';
import { validateIntents, type FoldTrainer } from './validation';

const INTENTS: IntentDefinition[] = [
  { name: 'greet', utterances: ['hello there', 'hi there', 'good morning'] },
  { name: 'refund', utterances: ['refund my order', 'money back please', 'i want a refund'] },
  { name: NONE_INTENT, utterances: ['tell me a joke', 'what is the weather', 'Refund my order!'] },
];

test('out-of-scope examples train every fold but are not an intent of the report', async () => {
  const folds: IntentDefinition[][] = [];
  const trainer: FoldTrainer = async (definitions, fold) => {
    folds[fold] = definitions;
    const names = definitions.filter((d) => d.name !== NONE_INTENT).map((d) => d.name);
    const labelOf = new Map(INTENTS.flatMap((d) => d.utterances.map((u) => [u, d.name] as const)));
    return {
      rank: async (texts) =>
        texts.map((text) => {
          expect(labelOf.get(text)).not.toBe(NONE_INTENT); // never held out
          return names
            .map((intent) => ({ intent, score: intent === labelOf.get(text) ? 0.9 : 0.05 }))
            .sort((x, y) => y.score - x.score);
        }),
    };
  };
  const report = await validateIntents(INTENTS, { trainer, folds: 3 });
  expect(report).toMatchObject({ intents: 2, utterances: 6, evaluated: 6, accuracy: 1 });
  expect(report.perIntent.map((m) => m.intent)).toEqual(['greet', 'refund']);
  expect(folds).toHaveLength(3);
  for (const definitions of folds)
    expect(definitions.find((d) => d.name === NONE_INTENT)?.utterances).toEqual(INTENTS[2].utterances);
  // An example that is also an intent's utterance contradicts it: reported like any duplicate.
  expect(report.duplicates).toEqual([
    expect.objectContaining({
      kind: 'exact',
      a: { intent: 'refund', text: 'refund my order' },
      b: { intent: NONE_INTENT, text: 'Refund my order!' },
    }),
  ]);
});
