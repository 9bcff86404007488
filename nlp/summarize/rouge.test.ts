import { lcsLength, rouge, rougeTokens } from './rouge';

const f1 = (p: number, r: number) => (2 * p * r) / (p + r);

describe('rougeTokens', () => {
  test('lower-case alphanumerics, as rouge-score; Porter stems only for tokens longer than 3', () => {
    expect(rougeTokens("The Refunds weren't ISSUED, e-mail #123!", { stem: false })).toEqual([
      'the',
      'refunds',
      'weren',
      't',
      'issued',
      'e',
      'mail',
      '123',
    ]);
    expect(rougeTokens('The refunds were issued running')).toEqual(['the', 'refund', 'were', 'issu', 'run']);
    expect(rougeTokens('café')).toEqual(['caf']); // non-ASCII letters are separators, as in rouge-score
  });
});

describe('rouge (hand-computed)', () => {
  test('case 1: one substituted word', () => {
    // cand: the cat sat on the mat   ref: the cat is on the mat          (6 tokens each)
    // overlap the×2 + cat + on + mat = 5 → P = R = 5/6 → F = 0.833333
    // cand {the cat, cat sat, sat on, on the, the mat}, ref {the cat, cat is, is on, on the, the mat}
    //      overlap 3 of 5 each → F = 0.6
    // R-L: LCS "the cat on the mat" = 5 → F = 5/6
    const s = rouge('The cat sat on the mat.', 'the cat is on the mat', { stem: false });
    expect(s.rouge1.f1).toBeCloseTo(5 / 6, 12);
    expect(s.rouge2.f1).toBeCloseTo(0.6, 12);
    expect(s.rougeL.f1).toBeCloseTo(5 / 6, 12);
  });

  test('case 2: stemming on vs off', () => {
    // cand: refunds issued   ref: refund was issued
    // no stem:  R-1 overlap {issued} = 1 → P 1/2, R 1/3 → F = 0.4;  R-2 = 0
    // stemmed:  refund issu | refund was issu → overlap 2 → P 1, R 2/3 → F = 0.8
    //           {refund issu} vs {refund was, was issu} → 0;  R-L: LCS 2 → F = 0.8
    const plain = rouge('refunds issued', 'refund was issued', { stem: false });
    expect(plain.rouge1.f1).toBeCloseTo(0.4, 12);
    expect(plain.rouge2.f1).toBe(0);
    const stemmed = rouge('refunds issued', 'refund was issued');
    expect(stemmed.rouge1.precision).toBe(1);
    expect(stemmed.rouge1.recall).toBeCloseTo(2 / 3, 12);
    expect(stemmed.rouge1.f1).toBeCloseTo(0.8, 12);
    expect(stemmed.rouge2.f1).toBe(0);
    expect(stemmed.rougeL.f1).toBeCloseTo(0.8, 12);
  });

  test('case 3: several references, max (default) vs mean', () => {
    // cand: a b c d
    // ref1 "a b x y": R-1 overlap 2 → P 2/4, R 2/4 → F 0.5;  R-2 {a b} 1 → P 1/3, R 1/3 → F 1/3;  R-L 2 → F 0.5
    // ref2 "c d":     R-1 overlap 2 → P 2/4, R 2/2 → F 2/3;  R-2 {c d} 1 → P 1/3, R 1 → F 0.5;    R-L 2 → F 2/3
    // max: 2/3, 0.5, 2/3        mean: (0.5 + 2/3)/2 = 0.583333, (1/3 + 0.5)/2 = 0.416667, 0.583333
    const max = rouge('a b c d', ['a b x y', 'c d']);
    expect(max.rouge1.f1).toBeCloseTo(2 / 3, 12);
    expect(max.rouge2.f1).toBeCloseTo(0.5, 12);
    expect(max.rougeL.f1).toBeCloseTo(2 / 3, 12);
    expect(max.rouge2.recall).toBe(1); // the whole score of the best reference, not a mix
    const mean = rouge('a b c d', ['a b x y', 'c d'], { aggregate: 'mean' });
    expect(mean.rouge1.f1).toBeCloseTo(7 / 12, 12);
    expect(mean.rouge2.f1).toBeCloseTo(5 / 12, 12);
    expect(mean.rougeL.f1).toBeCloseTo(7 / 12, 12);
  });

  test('case 4: clipped counts, word order, empty text', () => {
    // cand "the the the" vs ref "the cat": R-1 overlap min(3, 1) = 1 → P 1/3, R 1/2 → F 0.4; R-2 0; R-L 1 → 0.4
    const clipped = rouge('The the the.', 'the cat');
    expect(clipped.rouge1.f1).toBeCloseTo(f1(1 / 3, 1 / 2), 12);
    expect(clipped.rouge1.f1).toBeCloseTo(0.4, 12);
    expect(clipped.rouge2.f1).toBe(0);
    expect(clipped.rougeL.f1).toBeCloseTo(0.4, 12);
    // "b a c" vs "a b c": R-1 = 1, R-2 = 0 ({b a, a c} vs {a b, b c}), LCS 2 → R-L 2/3
    const order = rouge('b a c', 'a b c');
    expect(order.rouge1.f1).toBe(1);
    expect(order.rouge2.f1).toBe(0);
    expect(order.rougeL.f1).toBeCloseTo(2 / 3, 12);
    expect(rouge('', 'a b').rouge1).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(rouge('a b', []).rougeL.f1).toBe(0);
  });

  test('lcsLength', () => {
    expect(lcsLength(['a', 'b', 'c', 'b', 'd', 'a', 'b'], ['b', 'd', 'c', 'a', 'b', 'a'])).toBe(4); // BCBA
    expect(lcsLength([], ['a'])).toBe(0);
  });
});
