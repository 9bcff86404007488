/**
 * A period picker: the last 7, 30 or 90 days, or custom dates; optionally by day or by week.
 * Calls `onChange` with ISO bounds in UTC days (from inclusive at 00:00Z, to exclusive at the next midnight).
 */
import { h } from '../dom';
import { nextId, select } from './ui';

export interface Period {
  from: string;
  to: string;
  bucket: 'day' | 'week';
  days: number;
}

const dateValue = (d: Date) => d.toISOString().slice(0, 10);

export function periodPicker(
  name: string,
  initialDays: 7 | 30 | 90,
  onChange: (period: Period) => void,
  withBucket = true,
): HTMLElement {
  const id = nextId(name);
  // Days are UTC days, as the server buckets them.
  const now = new Date();
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const startOf = (days: number) => new Date(today.getTime() - (days - 1) * 86_400_000);
  const fromInput = h('input', { id: `${id}-from`, attrs: { type: 'date', max: dateValue(today) } });
  const toInput = h('input', { id: `${id}-to`, attrs: { type: 'date', max: dateValue(today) } });
  fromInput.value = dateValue(startOf(initialDays));
  toInput.value = dateValue(today);
  const bucket = select(
    [
      { value: 'day', label: 'By day' },
      { value: 'week', label: 'By week' },
    ],
    initialDays > 30 ? 'week' : 'day',
    { id: `${id}-bucket`, 'aria-label': 'Group by' },
  );
  const custom = h(
    'span',
    { class: 'period-custom', attrs: { hidden: true } },
    h('label', { attrs: { for: fromInput.id } }, 'From'),
    fromInput,
    h('label', { attrs: { for: toInput.id } }, 'to'),
    toInput,
  );
  const error = h('span', { class: 'status-error', attrs: { role: 'alert' } });
  let choice = String(initialDays);
  const emit = () => {
    error.textContent = '';
    let from: Date;
    let to: Date;
    if (choice === 'custom') {
      if (!fromInput.value || !toInput.value) return;
      from = new Date(`${fromInput.value}T00:00:00Z`);
      to = new Date(`${toInput.value}T00:00:00Z`);
      if (!(from <= to)) {
        error.textContent = 'The start date must come before the end date.';
        return;
      }
    } else {
      from = startOf(Number(choice));
      to = today;
    }
    to = new Date(to.getTime() + 86_400_000);
    const days = Math.round((to.getTime() - from.getTime()) / 86_400_000);
    onChange({
      from: from.toISOString(),
      to: to.toISOString(),
      bucket: bucket.value === 'week' ? 'week' : 'day',
      days,
    });
  };
  const radios = ['7', '30', '90', 'custom'].map((value) => {
    const input = h('input', {
      id: `${id}-${value}`,
      attrs: { type: 'radio', name: id, value },
      on: {
        change: () => {
          choice = value;
          custom.hidden = value !== 'custom';
          if (value !== 'custom') bucket.value = Number(value) > 30 ? 'week' : 'day';
          emit();
        },
      },
    });
    input.checked = value === choice;
    return h(
      'span',
      { class: 'segment-radio' },
      input,
      h('label', { attrs: { for: input.id } }, value === 'custom' ? 'Custom' : `${value} days`),
    );
  });
  fromInput.addEventListener('change', emit);
  toInput.addEventListener('change', emit);
  bucket.addEventListener('change', emit);
  queueMicrotask(emit);
  return h(
    'div',
    { class: 'period' },
    h('fieldset', { class: 'segmented' }, h('legend', { class: 'sr-only' }, 'Period'), ...radios),
    custom,
    withBucket ? bucket : null,
    error,
  );
}
