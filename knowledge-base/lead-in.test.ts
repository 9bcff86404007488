/** Which sentences promise what follows them. */
import { endsInLeadIn, isLeadIn } from './lead-in';

test.each([
  'You can return an item in three ways:',
  'The delivery times below start from dispatch and do not count weekends or public holidays.',
  'See the table below.',
  'Here is how they behave.',
  "Here's what you need to know.",
  'Here are the steps.',
  'It works as follows.',
  'Check the following before you write to us.',
  'These are the rules.',
])('a lead-in: %s', (sentence) => expect(isLeadIn(sentence)).toBe(true));

test.each([
  "If the rest of the order then falls below the code's minimum spend, that doesn't change your refund.",
  'Measure around the palm just below the knuckles.',
  'Wash below 30 °C.',
  'Orders placed late leave the following day.',
  'We reply the following working day.',
  'These are handmade in Portugal.',
  'Is the table below up to date?',
  'Here.',
  '',
])('not a lead-in: %s', (sentence) => expect(isLeadIn(sentence)).toBe(false));

test('only the last sentence of a passage counts', () => {
  expect(endsInLeadIn('Here is how they behave. Codes are single-use.')).toBe(false);
  expect(endsInLeadIn('Codes are single-use.\nHere is how they behave.')).toBe(true);
  expect(endsInLeadIn('Codes are single-use. Pick one of these:  ')).toBe(true);
});
