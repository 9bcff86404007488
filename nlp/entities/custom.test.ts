import { CustomEntityMatcher } from './custom';

describe('custom entities (an admin’s lists and patterns)', () => {
  const matcher = new CustomEntityMatcher({
    lists: [
      {
        name: 'colour',
        values: [
          { value: 'navy', synonyms: ['dark blue', 'marine'] },
          { value: 'blue', synonyms: [] },
        ],
      },
      { name: 'empty', values: [] },
    ],
    patterns: [{ name: 'voucher', pattern: /FT-\d{4}/i }],
  });

  it('finds list values and synonyms as whole words, longest first, with the canonical value', () => {
    expect(matcher.find('Do you have the Dark Blue jacket, or just blue? Not bluebell.')).toEqual([
      { type: 'custom:colour', text: 'Dark Blue', start: 16, end: 25, value: 'navy' },
      { type: 'custom:colour', text: 'blue', start: 42, end: 46, value: 'blue' },
    ]);
  });

  it('finds every match of a pattern, whatever flags the admin gave', () => {
    expect(matcher.find('codes ft-1234 and FT-9876')).toEqual([
      { type: 'custom:voucher', text: 'ft-1234', start: 6, end: 13, value: 'ft-1234' },
      { type: 'custom:voucher', text: 'FT-9876', start: 18, end: 25, value: 'FT-9876' },
    ]);
  });

  it('caps the matches of one pattern per message and ignores empty matches', () => {
    const greedy = new CustomEntityMatcher({ lists: [], patterns: [{ name: 'x', pattern: /a*/ }] });
    expect(greedy.find('a b a b a'.repeat(20))).toHaveLength(20);
    expect(greedy.find('bbb')).toEqual([]);
  });

  it('treats list phrases as text, not as regular expressions', () => {
    const literal = new CustomEntityMatcher({
      lists: [{ name: 'size', values: [{ value: 'XL+', synonyms: ['(extra) large'] }] }],
      patterns: [],
    });
    expect(literal.find('one (extra) large and one XL+').map((e) => e.value)).toEqual(['XL+', 'XL+']);
  });
});
