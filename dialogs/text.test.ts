/** Reading customers' words: a damaged or faulty item. */
import { readsAsDamaged } from './text';

describe('readsAsDamaged', () => {
  it.each([
    ['it arrived broken', true],
    ["it's damaged", true],
    ['It’s DEFECTIVE!', true],
    ['faulty', true],
    ["the kettle doesn't work", true],
    ['no, the strap snapped', true],
    ['yes', false],
    ['no', false],
    ["it isn't damaged, I just wore it", false],
    ['no damage, tags are off', false],
    ['not broken', false],
  ])('%s → %s', (text, expected) => {
    expect(readsAsDamaged(text)).toBe(expected);
  });
});
