import { businessHours, parseWeeklyHours } from './business-hours';

describe('businessHours', () => {
  const hours = businessHours({
    timeZone: 'Europe/Amsterdam',
    weekly: { mon: [{ open: '09:00', close: '17:30' }], sat: [{ open: '10:00', close: '14:00' }] },
    closedDates: ['2026-12-28'],
  });

  test.each([
    ['2026-11-02T07:59:00Z', false], // Monday 08:59 in Amsterdam (UTC+1)
    ['2026-11-02T08:00:00Z', true], // 09:00
    ['2026-11-02T16:29:00Z', true], // 17:29
    ['2026-11-02T16:30:00Z', false], // 17:30
    ['2026-11-03T10:00:00Z', false], // Tuesday: closed
    ['2026-11-07T10:00:00Z', true], // Saturday 11:00
    ['2026-12-28T10:00:00Z', false], // a Monday, but a closed date
  ])('%s open: %s', (at, open) => {
    expect(hours.isOpen(new Date(at))).toBe(open);
  });

  test('describes itself for customers', () => {
    expect(hours.describe()).toBe('Mon 09:00–17:30; Sat 10:00–14:00 (Europe/Amsterdam)');
  });

  test('rejects malformed times', () => {
    expect(() =>
      businessHours({ timeZone: 'UTC', weekly: { mon: [{ open: '9am', close: '17:00' }] } }),
    ).toThrow(RangeError);
  });
});

describe('parseWeeklyHours', () => {
  test('day ranges (wrapping), several intervals, several parts', () => {
    expect(
      parseWeeklyHours('mon-wed 09:00-12:00, 13:00-17:30; sat 10:00-14:00; sun-mon 20:00-22:00'),
    ).toEqual({
      mon: [
        { open: '09:00', close: '12:00' },
        { open: '13:00', close: '17:30' },
        { open: '20:00', close: '22:00' },
      ],
      tue: [
        { open: '09:00', close: '12:00' },
        { open: '13:00', close: '17:30' },
      ],
      wed: [
        { open: '09:00', close: '12:00' },
        { open: '13:00', close: '17:30' },
      ],
      sat: [{ open: '10:00', close: '14:00' }],
      sun: [{ open: '20:00', close: '22:00' }],
    });
  });

  test.each(['weekdays 9-5', 'mon 17:00-09:00', 'xyz 09:00-10:00', 'mon 9:00-10:00'])(
    'rejects "%s"',
    (spec) => {
      expect(() => parseWeeklyHours(spec)).toThrow(RangeError);
    },
  );
});
