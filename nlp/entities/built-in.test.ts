import { BUILT_IN_ENTITY_KINDS, extractEntities, ProductGazetteer } from './index';

const gazetteer = new ProductGazetteer([{ sku: 'HRS-1', name: 'Harbor Rain Shell' }]);
const referenceDate = new Date('2024-05-15T10:00:00Z');

describe('BUILT_IN_ENTITY_KINDS', () => {
  it('lists each kind once, with words for people', () => {
    const types = BUILT_IN_ENTITY_KINDS.map((kind) => kind.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types.sort()).toEqual(
      [
        'date',
        'email',
        'money',
        'number',
        'order_number',
        'person',
        'phone',
        'product',
        'time',
        'tracking_number',
      ].sort(),
    );
    for (const kind of BUILT_IN_ENTITY_KINDS) {
      expect(kind.label.trim()).not.toBe('');
      expect(kind.matches.trim()).not.toBe('');
    }
  });

  it.each(BUILT_IN_ENTITY_KINDS.map((kind) => [kind.type, kind.example]))(
    'the %s example "%s" is extracted as that kind',
    (type, example) => {
      const found = extractEntities(example, { referenceDate, gazetteer });
      expect(found.map((entity) => [entity.type, entity.text])).toEqual([[type, example]]);
    },
  );
});
