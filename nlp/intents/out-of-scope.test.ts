import { IntentRecognizer, NONE_INTENT, type IntentDefinition } from './index';
import { KnownWords, withinOneEdit } from './known-words';
import { SUPPORT_INTENTS, createFakeEmbedder } from './__fixtures__/support-intents';

describe('KnownWords', () => {
  const known = KnownWords.build(['Where is my order A1042?', 'I forgot my password', 'refund please']);

  it('knows the trained words, in any case, and order numbers by their shape', () => {
    for (const word of ['where', 'ORDER', 'password', 'a1042', 'A7731']) expect(known.has(word)).toBe(true);
  });

  it('forgives one typo in a longer word, not two', () => {
    for (const typo of ['pasword', 'passwrod', 'passwordd', 'refudn', 'ordre', 'forgott'])
      expect({ typo, known: known.has(typo) }).toEqual({ typo, known: true });
    for (const far of ['pswrd', 'rfnd', 'qwer', 'ordrrzz'])
      expect({ far, known: known.has(far) }).toEqual({ far, known: false });
  });

  it('compares short words exactly', () => {
    expect(known.has('my')).toBe(true);
    expect(known.has('ny')).toBe(false);
  });

  it('covers a text when one of its words is known', () => {
    expect(known.covers('asdf qwerty where')).toBe(true);
    expect(known.covers('asdfghjkl qwerty')).toBe(false);
    expect(known.covers('x'.repeat(2000))).toBe(false);
    expect(known.covers('😡 !!!')).toBe(false);
  });

  it('round-trips through JSON and refuses a malformed list', () => {
    const again = KnownWords.fromJSON(JSON.parse(JSON.stringify(known.toJSON())));
    expect(again.size).toBe(known.size);
    expect(again.has('pasword')).toBe(true);
    expect(() => KnownWords.fromJSON([1] as unknown as string[])).toThrow(/list of strings/);
  });

  it('withinOneEdit: one insertion, deletion, substitution or neighbour swap', () => {
    expect(withinOneEdit('order', 'order')).toBe(true);
    expect(withinOneEdit('order', 'ordre')).toBe(true);
    expect(withinOneEdit('order', 'oder')).toBe(true);
    expect(withinOneEdit('order', 'orders')).toBe(true);
    expect(withinOneEdit('order', 'ordor')).toBe(true);
    expect(withinOneEdit('qwer', 'were')).toBe(false); // a deletion and an insertion: two edits
    expect(withinOneEdit('order', 'odrre')).toBe(false);
  });
});

describe('out-of-scope examples (an intent named "none")', () => {
  const embedder = createFakeEmbedder();
  const OUT_OF_SCOPE: IntentDefinition = {
    name: NONE_INTENT,
    utterances: [
      'how do i file my tax return',
      'help me with my tax return',
      'tax return deadline',
      'can you do my tax return',
      'my tax return is late',
      'who files tax returns',
      'tax return forms',
      'tax return help',
      'where do i send my tax return',
      'tax return advice please',
    ],
  };
  let plain: IntentRecognizer;
  let withExamples: IntentRecognizer;

  beforeAll(async () => {
    plain = await IntentRecognizer.train(SUPPORT_INTENTS, { embedder });
    withExamples = await IntentRecognizer.train([...SUPPORT_INTENTS, OUT_OF_SCOPE], { embedder });
  });

  it('answers none near the examples, where the intents alone answered an intent', async () => {
    const text = 'can i get my tax return back';
    expect((await plain.recognize(text)).intent).toBe('refund');
    const result = await withExamples.recognize(text);
    expect(result.intent).toBe(NONE_INTENT);
    expect(result.reason).toBe('out_of_scope');
  });

  it('tells out of scope apart from unsure: an in-scope message under the threshold is below_threshold', async () => {
    const strict = await IntentRecognizer.train([...SUPPORT_INTENTS, OUT_OF_SCOPE], {
      embedder,
      threshold: 0.999,
    });
    const result = await strict.recognize('where is my package');
    expect(result.ranking[0].intent).toBe('order_status');
    expect({ intent: result.intent, reason: result.reason }).toEqual({
      intent: NONE_INTENT,
      reason: 'below_threshold',
    });
    expect((await strict.recognize('can i get my tax return back')).reason).toBe('out_of_scope');
  });

  it('never ranks or lists "none" as an intent', async () => {
    expect(withExamples.intents).toEqual(SUPPORT_INTENTS.map((d) => d.name));
    const { ranking } = await withExamples.recognize('tax return help');
    expect(ranking.map((r) => r.intent).sort()).toEqual(SUPPORT_INTENTS.map((d) => d.name).sort());
  });

  it('still answers the intents', async () => {
    for (const [text, intent] of [
      ['where is my package', 'order_status'],
      ['i want my money back', 'refund'],
      ['i forgot my login password', 'reset_password'],
    ])
      expect((await withExamples.recognize(text)).intent).toBe(intent);
  });

  it('keeps the out-of-scope class through JSON', async () => {
    const reloaded = IntentRecognizer.fromJSON(JSON.parse(JSON.stringify(withExamples.toJSON())), {
      embedder,
    });
    for (const text of ['can i get my tax return back', 'where is my package'])
      expect(await reloaded.recognize(text)).toEqual(await withExamples.recognize(text));
  });

  it('accepts an empty list of examples, refuses examples without intents or given twice', async () => {
    const none = await IntentRecognizer.train([...SUPPORT_INTENTS, { name: NONE_INTENT, utterances: [] }]);
    expect(none.intents).toHaveLength(SUPPORT_INTENTS.length);
    await expect(IntentRecognizer.train([OUT_OF_SCOPE])).rejects.toThrow(/no intents to train/);
    await expect(IntentRecognizer.train([...SUPPORT_INTENTS, OUT_OF_SCOPE, OUT_OF_SCOPE])).rejects.toThrow(
      /twice/,
    );
  });
});

describe('text with no word the intents know', () => {
  it('is none, with the ranking kept, with or without embeddings', async () => {
    for (const recognizer of [
      await IntentRecognizer.train(SUPPORT_INTENTS, { embedder: createFakeEmbedder() }),
      await IntentRecognizer.train(SUPPORT_INTENTS),
    ]) {
      for (const text of ['x'.repeat(2000), 'zzzz qqqq', 'gracias amigo']) {
        const result = await recognizer.recognize(text);
        expect({ text: text.slice(0, 20), intent: result.intent, reason: result.reason }).toEqual({
          text: text.slice(0, 20),
          intent: NONE_INTENT,
          reason: 'out_of_scope',
        });
        expect(result.ranking).toHaveLength(SUPPORT_INTENTS.length);
      }
      // A typo beside known words is still read.
      expect((await recognizer.recognize('i forgot my pasword')).intent).toBe('reset_password');
    }
  });

  it('is not checked for a model saved without its word list', async () => {
    const recognizer = await IntentRecognizer.train(SUPPORT_INTENTS, { embedder: createFakeEmbedder() });
    const { knownWords: _dropped, ...older } = recognizer.toJSON();
    const reloaded = IntentRecognizer.fromJSON(older, { embedder: createFakeEmbedder() });
    const result = await reloaded.recognize('zzzz qqqq');
    expect(result.ranking).toEqual((await recognizer.recognize('zzzz qqqq')).ranking);
    expect(result.intent).toBe(result.reason === 'ok' ? result.ranking[0].intent : NONE_INTENT);
  });
});
