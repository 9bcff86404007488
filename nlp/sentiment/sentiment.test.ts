import {
  analyzeSentiment,
  createSentimentAnalyzer,
  MAX_SENTIMENT_CHARS,
  sentimentTrajectory,
  toBinaryLabel,
  type SentimentLabel,
} from './index';

describe('analyzeSentiment', () => {
  // [text, score, label, frustration, signals]
  const table: [string, number, SentimentLabel, boolean, string[]][] = [
    ['', 0, 'neutral', false, []],
    ['   ', 0, 'neutral', false, []],
    ['hi', 0, 'neutral', false, []],
    ['Where is my order?', 0, 'neutral', false, []],
    ['Thanks, that was very helpful 👍', 0.875, 'positive', false, ['intensifier', 'emoji:👍']],
    ['I love it', 0.6124, 'positive', false, []],
    ["I'm not happy", -0.4973, 'negative', false, ['negated:happy']],
    ['I am not happy at all', -0.4973, 'negative', false, ['negated:happy']],
    ["It isn't working", -0.5423, 'negative', false, ['negated:working']],
    ['My parcel never arrived', -0.5423, 'negative', false, ['negated:arrived']],
    [
      "The package still hasn't arrived",
      -0.7184,
      'negative',
      true,
      ['negated:arrived', 'frustration:still nothing'],
    ],
    ['This is good', 0.6124, 'positive', false, []],
    ['This is very good', 0.743, 'positive', false, ['intensifier']],
    ['This is slightly good', 0.128, 'positive', false, ['diminisher']],
    ['This is not good', -0.4588, 'negative', false, []],
    ['The app is great but the delivery was terrible', -0.6124, 'negative', false, ['but-clause']],
    ['The delivery was terrible but the app is great', 0.6124, 'positive', false, ['but-clause']],
    ['I am FURIOUS', -0.8038, 'negative', true, ['caps:FURIOUS', 'frustration:angry']],
    ['I am furious', -0.7579, 'negative', true, ['frustration:angry']],
    ['This is bad', -0.6124, 'negative', false, []],
    ['This is bad!!!', -0.7074, 'negative', true, ['repeated-punctuation', 'frustration:emphatic']],
    [
      'WHERE IS MY ORDER???',
      -0.4451,
      'negative',
      true,
      ['shouting', 'repeated-punctuation', 'frustration:emphatic'],
    ],
    [
      'This is the third time I ask, still nothing. Ridiculous.',
      -0.8885,
      'negative',
      true,
      ['frustration:asked again', 'frustration:still nothing', 'frustration:ridiculous'],
    ],
    ['What a waste of time', -0.5423, 'negative', true, ['frustration:waste of time']],
    ['Nobody answers my emails', -0.3612, 'negative', true, ['frustration:nobody answers']],
    ['This is unacceptable', -0.7579, 'negative', true, ['frustration:unacceptable']],
    ['I have been waiting for two weeks', -0.3612, 'negative', true, ['frustration:been waiting']],
    ["I'm fed up with this", -0.7579, 'negative', true, ['frustration:fed up']],
    ['Worst service ever', -0.7579, 'negative', true, ['frustration:worst']],
    // Asking for a refund is a request; demanding one is frustration.
    ['I want a refund', 0, 'neutral', false, []],
    ['I demand a full refund', -0.4404, 'negative', true, ['frustration:money back']],
    ['😡', -0.6124, 'negative', true, ['emoji:😡', 'frustration:angry emoji']],
    ['😢😢', -0.7184, 'negative', false, ['emoji:😢']],
    ['🙂', 0.25, 'positive', false, ['emoji:🙂']],
    ['😀 ❤️', 0.7906, 'positive', false, ['emoji:😀', 'emoji:❤️']],
    ['no problem, thanks :)', 0.8402, 'positive', false, ['emoji::)']],
    ['too expensive', -0.4939, 'negative', false, ['too', 'intensifier']],
    ['me too', 0, 'neutral', false, []],
    ['😡😡😡😡😡😡', -0.9776, 'negative', true, ['emoji:😡', 'frustration:angry emoji']],
    ['\u0000\u0007bad\u001b', -0.6124, 'negative', false, []],
    ['Das ist sehr schlecht', 0, 'neutral', false, []],
    ['ok', 0.25, 'positive', false, []],
  ];

  it.each(table)('%j', (text, score, label, frustration, signals) => {
    expect(analyzeSentiment(text)).toEqual({ score, label, frustration, signals });
  });

  it('keeps every score inside [-1, 1]', () => {
    for (const text of ['😡'.repeat(500), 'GREAT '.repeat(300), 'worst!!! '.repeat(200)]) {
      const { score } = analyzeSentiment(text);
      expect(score).toBeGreaterThanOrEqual(-1);
      expect(score).toBeLessThanOrEqual(1);
    }
  });

  it('negation reverses and weakens; intensifiers and diminishers scale', () => {
    const good = analyzeSentiment('the service was good').score;
    expect(analyzeSentiment('the service was not good').score).toBeLessThan(0);
    expect(Math.abs(analyzeSentiment('the service was not good').score)).toBeLessThan(good);
    expect(analyzeSentiment('the service was extremely good').score).toBeGreaterThan(good);
    expect(analyzeSentiment('the service was somewhat good').score).toBeLessThan(good);
    // negation scope ends at punctuation
    expect(analyzeSentiment('not me. The service was good').score).toBe(good);
  });

  it('ALL-CAPS words and "!!!" amplify', () => {
    const plain = analyzeSentiment('this is bad').score;
    expect(analyzeSentiment('this is BAD').score).toBeLessThan(plain);
    expect(analyzeSentiment('this is bad!!!').score).toBeLessThan(plain);
  });

  it('handles bad input: non-strings, 100 KB, control characters, other languages', () => {
    expect(analyzeSentiment(undefined as unknown as string)).toEqual({
      score: 0,
      label: 'neutral',
      frustration: false,
      signals: [],
    });
    expect(analyzeSentiment(42 as unknown as string).label).toBe('neutral');
    const huge = 'good '.repeat(20_000) + 'terrible '.repeat(20_000); // 100 KB+, only the start is read
    const started = performance.now();
    const result = analyzeSentiment(huge);
    expect(performance.now() - started).toBeLessThan(200);
    expect(result.label).toBe('positive');
    expect(MAX_SENTIMENT_CHARS).toBe(2000);
    expect(analyzeSentiment('\u0000\u0001\u0002').label).toBe('neutral');
    expect(analyzeSentiment('私は怒っています').label).toBe('neutral');
  });

  it('options change the analyser, not the default one', () => {
    const strict = createSentimentAnalyzer({ alpha: 1 });
    expect(strict('good').score).toBe(0.9487);
    expect(analyzeSentiment('good').score).toBe(0.6124);
  });

  it('binary decision uses the train-tuned cut (0.2) or the one given', () => {
    expect(toBinaryLabel({ score: 0.25 })).toBe('positive');
    expect(toBinaryLabel({ score: 0.1 })).toBe('negative');
    expect(toBinaryLabel({ score: 0 }, 0)).toBe('positive');
  });
});

describe('sentimentTrajectory', () => {
  // [scores, options, expected]
  const table: [
    number[],
    Parameters<typeof sentimentTrajectory>[1],
    ReturnType<typeof sentimentTrajectory>,
  ][] = [
    [[], {}, { scores: [], average: 0, trend: 0, fallingFast: false, last: 0 }],
    [[0.5], {}, { scores: [0.5], average: 0.5, trend: 0, fallingFast: false, last: 0.5 }],
    [
      [0.2, 0, -0.4, -0.8],
      {},
      { scores: [0.2, 0, -0.4, -0.8], average: -0.25, trend: -0.34, fallingFast: true, last: -0.8 },
    ],
    [
      [0.9, 0.6, 0.3, 0.1],
      {},
      { scores: [0.9, 0.6, 0.3, 0.1], average: 0.475, trend: -0.27, fallingFast: false, last: 0.1 },
    ],
    [
      [-0.8, -0.5, -0.2, 0.1],
      {},
      { scores: [-0.8, -0.5, -0.2, 0.1], average: -0.35, trend: 0.3, fallingFast: false, last: 0.1 },
    ],
    [
      [0.5, 0.5, 0.5, 0, -0.6],
      { window: 2 },
      { scores: [0.5, 0.5, 0.5, 0, -0.6], average: 0.18, trend: -0.6, fallingFast: true, last: -0.6 },
    ],
    [
      [0.1, -0.1, -0.2],
      { maxHistory: 2 },
      { scores: [-0.1, -0.2], average: -0.15, trend: -0.1, fallingFast: false, last: -0.2 },
    ],
    [
      [Number.NaN, 3, -Infinity, -0.5],
      {},
      { scores: [1, -0.5], average: 0.25, trend: -1.5, fallingFast: true, last: -0.5 },
    ],
  ];

  it.each(table)('%j %j', (scores, options, expected) => {
    expect(sentimentTrajectory(scores, options)).toEqual(expected);
  });

  it('accepts garbage without throwing', () => {
    expect(sentimentTrajectory(null as unknown as number[]).scores).toEqual([]);
    expect(sentimentTrajectory(['x', 0.2] as unknown as number[]).scores).toEqual([0.2]);
  });
});
