/**
 * Analytics for a period: headline numbers, conversations and containment over time, escalation
 * reasons, top intents, CSAT, the per-intent funnel, and how each number is defined. Every chart has
 * a table with the same numbers; the CSV export covers the same period.
 */
import { h, replace } from '../dom';
import { lineChart, hBarChart, vBarChart } from './charts';
import { messageOf } from './edit';
import { periodPicker, type Period } from './period';
import type { AdminPage, AnalyticsQuantiles, AnalyticsReportView } from './types';
import { loading, notice, pageFrame, percent, table } from './ui';

const DEFINITION_LABELS: Record<string, string> = {
  conversations: 'Conversations',
  ended: 'Ended',
  containment: 'Containment',
  verifiedResolution: 'Verified resolution',
  assumedResolution: 'Assumed resolution',
  escalationRate: 'Escalation rate',
  csat: 'CSAT',
  firstResponse: 'First response',
  waitForHuman: 'Wait for a person',
  fallbackRate: 'Fallback rate',
  topIntents: 'Top intents',
  funnel: 'Funnel',
};

export const analyticsPage: AdminPage = (ctx, root) => {
  const body = h('div', { class: 'analytics', id: 'analytics' });
  const csv = h('a', { class: 'btn', id: 'analytics-csv', attrs: { href: '#', download: '' } }, 'Export CSV');
  let seq = 0;
  const load = (period: Period) => {
    const query = `from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}&bucket=${period.bucket}`;
    csv.setAttribute('href', `/api/admin/analytics/export.csv?${query}`);
    const mine = ++seq;
    loading(body, 'Counting…');
    ctx.api
      .get<AnalyticsReportView>(`/api/admin/analytics?${query}`)
      .then((report) => {
        if (ctx.alive() && mine === seq) replace(body, reportView(report, period));
      })
      .catch((error: unknown) =>
        replace(body, h('p', { class: 'status-line status-error' }, messageOf(error))),
      );
  };
  replace(
    root,
    pageFrame(
      'Analytics',
      'How well the bot helps: how many chats it settles on its own, when people step in and why, and what customers think.',
      h('div', { class: 'page-actions' }, periodPicker('analytics', 30, load), csv),
      body,
    ),
  );
};

const seconds = (q: AnalyticsQuantiles | undefined): string =>
  q && q.p50 !== null ? `${fmtSeconds(q.p50)} median · ${fmtSeconds(q.p90)} p90` : '—';

function fmtSeconds(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '—';
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${(s / 3600).toFixed(1)} h`;
}

function bucketLabel(iso: string, bucket: 'day' | 'week'): string {
  const d = new Date(iso);
  const text = d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return bucket === 'week' ? `wk of ${text}` : text;
}

function tile(label: string, value: string, detail?: string): HTMLElement {
  return h(
    'div',
    { class: 'stat' },
    h('dt', null, label),
    h('dd', null, value, detail ? h('span', { class: 'stat-detail' }, detail) : null),
  );
}

function reportView(report: AnalyticsReportView, period: Period): HTMLElement {
  const s = report.summary;
  const bucket = report.period?.bucket ?? period.bucket;
  const labels = report.series.map((p) => bucketLabel(p.start, bucket));
  const csat = s.csat;
  const stages = ['recognized', 'answered', 'helpful', 'escalated'] as const;
  const stageLabel = {
    recognized: 'Recognized',
    answered: 'Answered',
    helpful: 'Helpful',
    escalated: 'Escalated',
  };
  const totals = stages.map((k) => report.funnel.reduce((sum, row) => sum + row[k], 0));
  const definitions = Object.entries(report.definitions ?? {});
  return h(
    'div',
    null,
    report.truncated
      ? notice(
          'warn',
          'Partial numbers',
          'There was too much data in this period; the numbers cover only part of it. Choose a shorter period.',
        )
      : null,
    h(
      'dl',
      { class: 'stats stats-wide', id: 'analytics-summary' },
      tile('Conversations', String(s.conversations), `${s.ended} ended`),
      tile(
        'Containment',
        percent(s.containmentRate, 1),
        `${s.contained} of ${s.ended} ended without a person`,
      ),
      tile(
        'Verified resolution',
        percent(s.verifiedResolutionRate, 1),
        `${s.verifiedResolution} confirmed by the customer`,
      ),
      tile(
        'Assumed resolution',
        percent(s.assumedResolutionRate, 1),
        `${s.assumedResolution} left without asking more`,
      ),
      tile('Escalation rate', percent(s.escalationRate, 1), `${s.escalated} handed to a person`),
      tile('CSAT', csat.average === null ? '—' : `${csat.average.toFixed(2)} / 5`, `${csat.count} ratings`),
      tile('First response', seconds(s.firstResponseSeconds)),
      tile(
        'Wait for a person',
        seconds(s.waitForHumanSeconds),
        s.waitForHumanSeconds?.neverAssigned
          ? `${s.waitForHumanSeconds.neverAssigned} never picked up`
          : undefined,
      ),
      tile('Fallback rate', percent(s.fallbackRate, 1), `${s.fallbacks} of ${s.botTurns} messages`),
    ),
    h(
      'p',
      { class: 'hint' },
      'Containment: conversations that ended without a person, out of all that ended. ',
      h(
        'button',
        {
          class: 'btn btn-quiet btn-link',
          attrs: { type: 'button' },
          on: {
            click: (event) => {
              const title = (event.currentTarget as HTMLElement)
                .closest('.analytics')
                ?.querySelector<HTMLElement>('#definitions-title');
              title?.scrollIntoView({ behavior: 'smooth', block: 'start' });
              title?.focus({ preventScroll: true });
            },
          },
        },
        'How we count',
      ),
    ),
    h(
      'div',
      { class: 'charts' },
      lineChart('Conversations and containment', labels, [
        {
          name: 'Conversations',
          values: report.series.map((p) => p.conversations),
          format: (v) => String(Math.round(v)),
          className: 'series-a',
        },
        {
          name: 'Containment',
          values: report.series.map((p) => p.containmentRate),
          format: (v) => percent(v),
          max: 1,
          className: 'series-b',
        },
      ]),
      hBarChart(
        'Escalation reasons',
        s.escalationReasons.map((r) => ({
          label: r.label || r.reason,
          value: r.count,
          text: `${r.count} (${percent(r.share)})`,
        })),
        'Escalations',
      ),
      hBarChart(
        'Top intents',
        s.topIntents.map((i) => ({
          label: i.intent,
          value: i.count,
          text: `${i.count} (${percent(i.share)})`,
        })),
        'Messages',
      ),
      vBarChart(
        'CSAT ratings',
        (['1', '2', '3', '4', '5'] as const).map((r) => ({
          label: `${r}★`,
          value: csat.distribution?.[r] ?? 0,
        })),
        'Ratings',
      ),
      hBarChart(
        'Funnel, all intents',
        stages.map((k, i) => ({ label: stageLabel[k], value: totals[i] })),
        'Conversations',
        'Recognized → answered by the bot → marked helpful; escalated counts conversations handed to a person after the intent came up.',
      ),
    ),
    report.funnel.length
      ? table(
          'Funnel per intent (conversations)',
          ['Intent', 'Recognized', 'Answered', 'Helpful', 'Escalated'],
          [...report.funnel]
            .sort((a, b) => b.recognized - a.recognized)
            .map((row) => [row.intent, row.recognized, row.answered, row.helpful, row.escalated]),
          { numeric: [1, 2, 3, 4], className: 'funnel-table' },
        )
      : null,
    h(
      'section',
      { class: 'definitions panel', attrs: { 'aria-labelledby': 'definitions-title' } },
      h('h2', { id: 'definitions-title', attrs: { tabindex: '-1' } }, 'How we count'),
      h(
        'p',
        null,
        'Containment, verified resolution and assumed resolution are kept apart on purpose: verified means the customer told us it helped; assumed means they left without asking more, which is a guess.',
      ),
      h(
        'dl',
        { class: 'definition-list' },
        ...definitions.flatMap(([key, text]) => [
          h('dt', null, DEFINITION_LABELS[key] ?? key),
          h('dd', null, text),
        ]),
      ),
    ),
  );
}
