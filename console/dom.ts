/**
 * A tiny element builder. Text always goes in as text nodes (textContent), never as markup: nothing a
 * customer or a message contains can become HTML in the console.
 */
type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  id?: string;
  /** Attributes set with setAttribute (aria-*, role, type, title, data-*, …). */
  attrs?: Record<string, string | number | boolean | null | undefined>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props?.class) el.className = props.class;
  if (props?.id) el.id = props.id;
  for (const [name, value] of Object.entries(props?.attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [name, handler] of Object.entries(props?.on ?? {}))
    el.addEventListener(name, handler as EventListener);
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(
      typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child,
    );
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function replace(el: Element, ...children: Child[]): void {
  clear(el);
  append(el, children);
}

export function $(selector: string, root: ParentNode = document): HTMLElement {
  const el = root.querySelector<HTMLElement>(selector);
  if (!el) throw new Error(`missing element ${selector}`);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';

/** A small sparkline of scores in [−1, 1] (inline SVG built node by node). */
export function sparkline(values: readonly number[], label: string): SVGSVGElement {
  const width = 120;
  const height = 28;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.classList.add('spark');
  const zero = document.createElementNS(SVG, 'line');
  zero.setAttribute('x1', '0');
  zero.setAttribute('x2', String(width));
  zero.setAttribute('y1', String(height / 2));
  zero.setAttribute('y2', String(height / 2));
  zero.classList.add('spark-zero');
  svg.appendChild(zero);
  if (values.length) {
    const step = values.length > 1 ? width / (values.length - 1) : 0;
    const y = (v: number) => (height / 2) * (1 - Math.max(-1, Math.min(1, v))) + 1;
    const points = values.map(
      (v, i) => `${(values.length > 1 ? i * step : width / 2).toFixed(1)},${y(v).toFixed(1)}`,
    );
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('points', points.join(' '));
    line.classList.add('spark-line');
    svg.appendChild(line);
    const last = document.createElementNS(SVG, 'circle');
    const [lx, ly] = points[points.length - 1].split(',');
    last.setAttribute('cx', lx);
    last.setAttribute('cy', ly);
    last.setAttribute('r', '2.5');
    last.classList.add(values[values.length - 1] < 0 ? 'spark-neg' : 'spark-pos');
    svg.appendChild(last);
  }
  return svg;
}
