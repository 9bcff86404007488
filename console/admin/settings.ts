/**
 * Bot settings: greeting, thresholds, business hours (time zone and opening times per day) and the
 * escalation policy. Fields the page does not know are kept as they are; the escalation policy's
 * fields are shown by type, so new ones appear without a change here.
 */
import { h } from '../dom';
import { documentPage } from './document-page';
import type { BotSettingsView, DayKey } from './types';
import { checkbox, field, numberInput, numberOf, splitList, textArea, textInput } from './ui';
const DAYS: [DayKey, string][] = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
];
const ESCALATION_LABELS: Record<string, [string, string]> = {
  fallbackLimit: ['Misunderstandings before a person', 'How many times in a row the bot may not understand.'],
  sentimentThreshold: ['Upset customer threshold', 'From −1 to 1. At or below it, a person takes over.'],
  sentimentMinTurns: ['Messages before mood counts', 'Empty: the bot’s default.'],
  frustrationLimit: ['Frustrated messages before a person', 'Empty: the bot’s default.'],
  handOverFallingMood: ['Hand over when the mood falls fast', ''],
};
/** The policy's optional fields, shown even when not set yet (an empty number: the bot's default). */
const OPTIONAL_ESCALATION: Record<string, number | boolean | null> = {
  sentimentMinTurns: null,
  frustrationLimit: null,
  handOverFallingMood: false,
};

const rangesText = (ranges: [string, string][] | undefined): string =>
  (ranges ?? []).map(([a, b]) => `${a}–${b}`).join(', ');

function parseRanges(text: string): [string, string][] | string {
  const out: [string, string][] = [];
  for (const part of splitList(text)) {
    const m = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(part);
    if (!m) return `“${part}” is not a time range like 09:00–17:00.`;
    const [a, b] = [m[1].padStart(5, '0'), m[2].padStart(5, '0')];
    if (a >= b || a > '23:59' || b > '24:00') return `“${part}”: the end must come after the start.`;
    out.push([a, b]);
  }
  return out;
}

export const settingsPage = documentPage<BotSettingsView>({
  title: 'Bot settings',
  intro:
    'How the bot greets people, how sure it must be before it answers, when your team is around, and when it hands over.',
  path: '/api/admin/settings',
  key: 'settings',
  what: 'settings page',
  loadingText: 'Loading settings…',
  savedText: 'Saved. The bot uses the new settings right away.',
  submitLabel: 'Save settings',
  fields: (doc) => {
    const greeting = textArea(doc.greeting ?? '', 3, { id: 'settings-greeting' });
    const intentThreshold = numberInput(doc.intentThreshold, {
      id: 'settings-intent-threshold',
      min: 0,
      max: 1,
      step: 0.01,
    });
    const knowledgeThreshold = numberInput(doc.knowledgeThreshold, {
      id: 'settings-knowledge-threshold',
      min: 0,
      max: 1,
      step: 0.01,
    });
    const hours = doc.businessHours ?? { timeZone: 'UTC', days: {} };
    const timeZone = textInput(hours.timeZone ?? 'UTC', {
      id: 'settings-time-zone',
      list: 'time-zones',
      spellcheck: false,
    });
    let zones: string[] = [];
    try {
      zones =
        (Intl as unknown as { supportedValuesOf?(k: string): string[] }).supportedValuesOf?.('timeZone') ??
        [];
    } catch {
      zones = [];
    }
    const dayInputs = DAYS.map(([key, label]) => {
      const input = textInput(rangesText(hours.days?.[key]), {
        id: `settings-day-${key}`,
        placeholder: 'Closed',
      });
      return { key, label, input };
    });
    const escalation: Record<string, unknown> = { ...(doc.escalation ?? {}) };
    const escInputs = Object.entries({ ...OPTIONAL_ESCALATION, ...escalation }).map(([key, raw]) => {
      const [label, hint] = ESCALATION_LABELS[key] ?? [humanize(key), undefined];
      const id = `settings-esc-${key}`;
      const optional = key in OPTIONAL_ESCALATION;
      const value = raw === null ? Number.NaN : raw; // an optional number not set yet
      const input =
        typeof value === 'boolean'
          ? checkbox(value, { id })
          : typeof value === 'number'
            ? numberInput(Number.isNaN(value) ? undefined : value, { id, step: 'any' })
            : textInput(Array.isArray(value) ? value.join(', ') : String(value ?? ''), { id });
      return {
        key,
        value,
        optional,
        input,
        el: field(label, input, hint || (Array.isArray(value) ? 'Separate with commas.' : undefined)),
      };
    });

    const read = (): Omit<BotSettingsView, 'version' | 'updatedAt'> | string => {
      const days: BotSettingsView['businessHours']['days'] = {};
      for (const d of dayInputs) {
        const ranges = parseRanges(d.input.value);
        if (typeof ranges === 'string') return `${d.label}: ${ranges}`;
        days[d.key] = ranges;
      }
      const it = numberOf(intentThreshold);
      const kt = numberOf(knowledgeThreshold);
      for (const [v, name] of [
        [it, 'intent'],
        [kt, 'knowledge'],
      ] as const)
        if (v !== undefined && !(v >= 0 && v <= 1)) return `The ${name} threshold is a number from 0 to 1.`;
      if (zones.length && !zones.includes(timeZone.value.trim()) && timeZone.value.trim() !== 'UTC')
        return 'Choose a time zone from the list, like Europe/Berlin.';
      const esc: Record<string, unknown> = {};
      for (const e of escInputs) {
        const input = e.input;
        if (input instanceof HTMLInputElement && input.type === 'checkbox') esc[e.key] = input.checked;
        else if (typeof e.value === 'number') {
          const n = numberOf(input as HTMLInputElement);
          if (n === undefined && e.optional) continue;
          if (n === undefined || Number.isNaN(n)) return `${humanize(e.key)} needs a number.`;
          esc[e.key] = n;
        } else if (Array.isArray(e.value)) esc[e.key] = splitList((input as HTMLInputElement).value);
        else esc[e.key] = (input as HTMLInputElement).value;
      }
      const { version: _v, updatedAt: _u, ...rest } = doc;
      void _v;
      void _u;
      const out: Omit<BotSettingsView, 'version' | 'updatedAt'> = {
        ...rest,
        greeting: greeting.value.trim(),
        businessHours: { ...hours, timeZone: timeZone.value.trim(), days },
        escalation: esc as BotSettingsView['escalation'],
      };
      if (it === undefined) delete out.intentThreshold;
      else out.intentThreshold = it;
      if (kt === undefined) delete out.knowledgeThreshold;
      else out.knowledgeThreshold = kt;
      return out;
    };

    return {
      read,
      children: [
        h('fieldset', null, h('legend', null, 'Greeting'), field('First message of every chat', greeting)),
        h(
          'fieldset',
          null,
          h('legend', null, 'Confidence'),
          h(
            'div',
            { class: 'field-grid' },
            field(
              'Intent threshold',
              intentThreshold,
              'From 0 to 1. Below it, the bot does not act on an intent. Empty: calibrated default.',
            ),
            field(
              'Knowledge threshold',
              knowledgeThreshold,
              'From 0 to 1. Below it, the bot does not answer from an article.',
            ),
          ),
        ),
        h(
          'fieldset',
          null,
          h('legend', null, 'Business hours'),
          field('Time zone', timeZone),
          h('datalist', { id: 'time-zones' }, ...zones.map((z) => h('option', { attrs: { value: z } }))),
          h(
            'p',
            { class: 'hint' },
            'Opening times per day, like 09:00–12:00, 13:00–17:00. Leave empty when closed.',
          ),
          h('div', { class: 'field-grid' }, ...dayInputs.map((d) => field(d.label, d.input))),
        ),
        h(
          'fieldset',
          null,
          h('legend', null, 'Escalation'),
          escInputs.length
            ? h('div', { class: 'field-grid' }, ...escInputs.map((e) => e.el))
            : h('p', { class: 'muted' }, 'No escalation settings yet.'),
        ),
      ],
    };
  },
});

function humanize(key: string): string {
  const words = key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words[0]?.toUpperCase() + words.slice(1);
}
