/**
 * Small inline SVG charts, built node by node (no chart library): a line chart with one or two
 * series (two axes), horizontal bars and vertical bars. Each comes in a figure with a caption and a
 * table with the same numbers (for screen readers, and for anyone who wants the exact values).
 */
import { h } from '../dom';
import { nextId, table } from './ui';

const SVG = 'http://www.w3.org/2000/svg';

function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

function svgRoot(width: number, height: number, labelId: string): SVGSVGElement {
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-labelledby': labelId,
    class: 'chart-svg',
  });
  svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  return svg;
}

export interface LineSeries {
  name: string;
  values: (number | null)[];
  format(v: number): string;
  /** Fixed axis maximum (e.g. 1 for rates); default the data's maximum. */
  max?: number;
  className: string;
}

export function figure(
  title: string,
  chart: SVGSVGElement | HTMLElement,
  data: HTMLTableElement,
  captionId: string,
  note?: string,
): HTMLElement {
  return h(
    'figure',
    { class: 'chart' },
    h('figcaption', { id: captionId }, title),
    chart,
    note ? h('p', { class: 'hint' }, note) : null,
    h('details', { class: 'chart-table' }, h('summary', null, `${title}: as a table`), data),
  );
}

/** An axis maximum of four equal, round steps (1, 2 or 5 × 10ⁿ each) at or above `v`. */
const niceMax = (v: number) => {
  if (!(v > 0)) return 4;
  const raw = v / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((m) => m >= raw) ?? raw;
  return Math.max(4, step * 4);
};

/** Up to two series over the same buckets; the first uses the left axis, the second the right. */
export function lineChart(title: string, labels: string[], series: LineSeries[]): HTMLElement {
  const id = nextId('chart');
  const W = 640;
  const H = 240;
  const pad = { l: 44, r: 48, t: 16, b: 36 };
  const iw = W - pad.l - pad.r;
  const ih = H - pad.t - pad.b;
  const svg = svgRoot(W, H, id);
  const x = (i: number) => pad.l + (labels.length > 1 ? (i * iw) / (labels.length - 1) : iw / 2);
  const maxes = series.map(
    (ser) => ser.max ?? niceMax(Math.max(0, ...(ser.values.filter((v) => v !== null) as number[]))),
  );
  // Grid and axes.
  for (let k = 0; k <= 4; k++) {
    const y = pad.t + ih - (k * ih) / 4;
    svg.appendChild(s('line', { x1: pad.l, x2: pad.l + iw, y1: y, y2: y, class: 'chart-grid' }));
    series.forEach((ser, si) => {
      const value = (maxes[si] * k) / 4;
      svg.appendChild(
        s(
          'text',
          {
            x: si === 0 ? pad.l - 6 : pad.l + iw + 6,
            y: y + 4,
            'text-anchor': si === 0 ? 'end' : 'start',
            class: `chart-axis ${ser.className}-text`,
          },
          ser.format(value),
        ),
      );
    });
  }
  const step = Math.max(1, Math.ceil(labels.length / 8));
  labels.forEach((label, i) => {
    if (i % step === 0)
      svg.appendChild(s('text', { x: x(i), y: H - 12, 'text-anchor': 'middle', class: 'chart-axis' }, label));
  });
  series.forEach((ser, si) => {
    const y = (v: number) => pad.t + ih - (Math.min(v, maxes[si]) / maxes[si]) * ih;
    let d = '';
    ser.values.forEach((v, i) => {
      if (v === null) return;
      d += `${d && ser.values[i - 1] !== null ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
    });
    if (d) svg.appendChild(s('path', { d: d.trim(), class: `chart-line ${ser.className}` }));
    ser.values.forEach((v, i) => {
      if (v === null) return;
      const dot = s('circle', { cx: x(i), cy: y(v), r: 3, class: `chart-dot ${ser.className}` });
      dot.appendChild(s('title', {}, `${labels[i]}: ${ser.name} ${ser.format(v)}`));
      svg.appendChild(dot);
    });
  });
  const legend = h(
    'p',
    { class: 'chart-legend' },
    ...series.map((ser, si) =>
      h(
        'span',
        null,
        h('span', { class: `legend-swatch ${ser.className}`, attrs: { 'aria-hidden': 'true' } }),
        `${ser.name} (${si === 0 ? 'left' : 'right'} axis)`,
      ),
    ),
  );
  const wrap = h('div', null, svg, legend);
  return figure(
    title,
    wrap,
    table(
      title,
      ['Period', ...series.map((ser) => ser.name)],
      labels.map((label, i) => [
        label,
        ...series.map((ser) => (ser.values[i] === null ? '—' : ser.format(ser.values[i]!))),
      ]),
      { numeric: series.map((_s, i) => i + 1), hideCaption: true },
    ),
    id,
  );
}

export interface BarItem {
  label: string;
  value: number;
  /** Shown beside the bar and in the table. */
  text?: string;
}

/** Horizontal bars, longest first as given. */
export function hBarChart(title: string, items: BarItem[], unit: string, note?: string): HTMLElement {
  const id = nextId('chart');
  const W = 640;
  const row = 26;
  const labelW = 200;
  const H = Math.max(1, items.length) * row + 8;
  const svg = svgRoot(W, H, id);
  const max = Math.max(1e-9, ...items.map((i) => i.value));
  items.forEach((item, i) => {
    const y = 4 + i * row;
    const w = Math.max(item.value > 0 ? 2 : 0, ((W - labelW - 70) * item.value) / max);
    svg.appendChild(
      s(
        'text',
        { x: labelW - 8, y: y + 16, 'text-anchor': 'end', class: 'chart-label' },
        clip(item.label, 30),
      ),
    );
    const rect = s('rect', {
      x: labelW,
      y: y + 4,
      width: w.toFixed(1),
      height: row - 10,
      rx: 3,
      class: 'chart-bar',
    });
    rect.appendChild(s('title', {}, `${item.label}: ${valueText(item)}`));
    svg.appendChild(rect);
    svg.appendChild(s('text', { x: labelW + w + 6, y: y + 16, class: 'chart-value' }, valueText(item)));
  });
  if (!items.length)
    svg.appendChild(s('text', { x: 8, y: 20, class: 'chart-label' }, 'No data in this period.'));
  return barFigure(title, svg, items, unit, id, note);
}

/** Vertical bars (e.g. ratings 1–5). */
export function vBarChart(title: string, items: BarItem[], unit: string): HTMLElement {
  const id = nextId('chart');
  const W = 360;
  const H = 200;
  const pad = { t: 20, b: 28 };
  const svg = svgRoot(W, H, id);
  svg.classList.add('chart-svg-narrow');
  const max = Math.max(1e-9, ...items.map((i) => i.value));
  const slot = W / Math.max(1, items.length);
  items.forEach((item, i) => {
    const bh = ((H - pad.t - pad.b) * item.value) / max;
    const x = i * slot + slot * 0.2;
    const rect = s('rect', {
      x,
      y: H - pad.b - bh,
      width: slot * 0.6,
      height: Math.max(0, bh),
      rx: 3,
      class: 'chart-bar',
    });
    rect.appendChild(s('title', {}, `${item.label}: ${valueText(item)}`));
    svg.appendChild(rect);
    svg.appendChild(
      s(
        'text',
        { x: x + slot * 0.3, y: H - pad.b - bh - 5, 'text-anchor': 'middle', class: 'chart-value' },
        valueText(item),
      ),
    );
    svg.appendChild(
      s('text', { x: x + slot * 0.3, y: H - 8, 'text-anchor': 'middle', class: 'chart-axis' }, item.label),
    );
  });
  return barFigure(title, svg, items, unit, id);
}

const valueText = (item: BarItem): string => item.text ?? String(item.value);

/** A bar chart's figure; its table has a row per bar: the label and the value as shown. */
function barFigure(
  title: string,
  svg: SVGSVGElement,
  items: readonly BarItem[],
  unit: string,
  captionId: string,
  note?: string,
): HTMLElement {
  return figure(
    title,
    svg,
    table(
      title,
      ['', unit],
      items.map((i) => [i.label, valueText(i)]),
      { numeric: [1], hideCaption: true },
    ),
    captionId,
    note,
  );
}

const clip = (text: string, n: number) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);
