/**
 * Front matter for knowledge-base Markdown files: a strict YAML subset between `---` lines.
 *
 *   ---
 *   id: kb-returns
 *   kind: article
 *   title: "Returns: how they work"
 *   tags: [returns, refunds]
 *   alternatives:
 *     - How do I send something back?
 *   published: true
 *   ---
 *
 * Supported: `key: value` with plain, "double-quoted" (JSON escapes) or 'single-quoted' scalars,
 * true/false, inline lists `[a, "b"]`, block lists of `- item`, blank lines and `# comments`. Anything
 * else (nesting, block scalars, anchors) is reported with its line number instead of being guessed at.
 */

export type FrontMatterValue = string | boolean | string[];

export interface FrontMatterProblem {
  /** 1-based line in the file. */
  line: number;
  message: string;
}

export interface ParsedFrontMatter {
  /** False when the file does not start with `---`. */
  present: boolean;
  data: Record<string, FrontMatterValue>;
  /** Everything after the closing line (or the whole file without front matter). */
  body: string;
  /** Line of the file where the body starts (1-based). */
  bodyLine: number;
  problems: FrontMatterProblem[];
}

const KEY_LINE = /^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$/;
const LIST_ITEM = /^[ \t]+-(?:[ \t]+(.*?))?[ \t]*$|^-(?:[ \t]+(.*?))?[ \t]*$/;

export function parseFrontMatter(text: string): ParsedFrontMatter {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = source.split('\n');
  if (lines[0]?.trim() !== '---') {
    return { present: false, data: {}, body: source, bodyLine: 1, problems: [] };
  }
  const problems: FrontMatterProblem[] = [];
  const data: Record<string, FrontMatterValue> = {};
  let close = -1;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '---' || lines[i].trim() === '...') {
      close = i;
      break;
    }
  }
  if (close === -1) {
    problems.push({ line: 1, message: 'front matter is not closed: no "---" line after the opening one' });
    return { present: true, data, body: '', bodyLine: lines.length + 1, problems };
  }

  let listKey: string | null = null;
  for (let i = 1; i < close; i++) {
    const lineNo = i + 1;
    const line = lines[i];
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    const item = LIST_ITEM.exec(line);
    if (item && listKey !== null) {
      const raw = item[1] ?? item[2] ?? '';
      const value = scalar(raw, lineNo, problems);
      if (typeof value === 'string') (data[listKey] as string[]).push(value);
      else if (value !== undefined) (data[listKey] as string[]).push(String(value));
      continue;
    }
    if (/^\s/.test(line)) {
      problems.push({ line: lineNo, message: 'unexpected indentation (nested values are not supported)' });
      continue;
    }
    const match = KEY_LINE.exec(line);
    if (!match) {
      problems.push({
        line: lineNo,
        message: `expected "key: value", got ${JSON.stringify(line.slice(0, 60))}`,
      });
      listKey = null;
      continue;
    }
    const [, key, rawValue = ''] = match;
    if (Object.prototype.hasOwnProperty.call(data, key)) {
      problems.push({ line: lineNo, message: `"${key}" is given twice` });
      listKey = null;
      continue;
    }
    listKey = null;
    if (rawValue === '' || /^#/.test(rawValue)) {
      // An empty value followed by "- item" lines is a list; otherwise an empty string.
      const next = lines.slice(i + 1, close).find((l) => l.trim() !== '' && !/^\s*#/.test(l));
      if (next !== undefined && LIST_ITEM.test(next)) {
        data[key] = [];
        listKey = key;
      } else data[key] = '';
      continue;
    }
    if (/^[|>][+-]?\d*$/.test(rawValue)) {
      problems.push({
        line: lineNo,
        message: `"${key}": block scalars (| or >) are not supported; use a quoted string`,
      });
      continue;
    }
    if (/^[&*!]/.test(rawValue) || /^\{/.test(rawValue)) {
      problems.push({ line: lineNo, message: `"${key}": anchors, tags and mappings are not supported` });
      continue;
    }
    if (rawValue.startsWith('[')) {
      const list = inlineList(rawValue, lineNo, problems);
      if (list) data[key] = list;
      continue;
    }
    const value = scalar(rawValue, lineNo, problems);
    if (value !== undefined) data[key] = value;
  }
  const body = lines.slice(close + 1).join('\n');
  return { present: true, data, body, bodyLine: close + 2, problems };
}

/** One scalar: quoted string, true/false, or plain text (a trailing " # comment" removed). */
function scalar(raw: string, line: number, problems: FrontMatterProblem[]): string | boolean | undefined {
  const value = raw.trim();
  if (value.startsWith('"')) {
    const end = closingDoubleQuote(value);
    if (end === -1) {
      problems.push({ line, message: 'unterminated "double-quoted" string' });
      return undefined;
    }
    if (value.slice(end + 1).trim() !== '' && !/^\s+#/.test(value.slice(end + 1))) {
      problems.push({ line, message: 'text after a closing quote' });
      return undefined;
    }
    try {
      return JSON.parse(value.slice(0, end + 1)) as string;
    } catch {
      problems.push({ line, message: 'invalid escape in a "double-quoted" string' });
      return undefined;
    }
  }
  if (value.startsWith("'")) {
    const match = /^'((?:[^']|'')*)'(\s+#.*)?$/.exec(value);
    if (!match) {
      problems.push({ line, message: "unterminated or malformed 'single-quoted' string" });
      return undefined;
    }
    return match[1].replace(/''/g, "'");
  }
  const plain = value.replace(/\s+#.*$/, '');
  if (/^(true|false)$/i.test(plain)) return plain.toLowerCase() === 'true';
  if (/^[[\]{}]|^[-?:](\s|$)|:\s/.test(plain)) {
    problems.push({ line, message: `ambiguous plain value ${JSON.stringify(plain.slice(0, 40))}: quote it` });
    return undefined;
  }
  return plain;
}

function closingDoubleQuote(value: string): number {
  for (let i = 1; i < value.length; i++) {
    if (value[i] === '\\') i++;
    else if (value[i] === '"') return i;
  }
  return -1;
}

/** `[a, "b, c", 'd']` → strings. */
function inlineList(raw: string, line: number, problems: FrontMatterProblem[]): string[] | undefined {
  const value = raw.replace(/\s+#[^\]"']*$/, '').trim();
  if (!value.endsWith(']')) {
    problems.push({ line, message: 'inline list is not closed with "]"' });
    return undefined;
  }
  const inner = value.slice(1, -1);
  const items: string[] = [];
  let i = 0;
  while (i < inner.length) {
    while (inner[i] === ' ' || inner[i] === '\t') i++;
    if (i >= inner.length) break;
    let item: string;
    if (inner[i] === '"' || inner[i] === "'") {
      const quote = inner[i];
      let j = i + 1;
      for (; j < inner.length; j++) {
        if (quote === '"' && inner[j] === '\\') j++;
        else if (inner[j] === quote) {
          if (quote === "'" && inner[j + 1] === "'") j++;
          else break;
        }
      }
      if (j >= inner.length) {
        problems.push({ line, message: 'unterminated quoted item in an inline list' });
        return undefined;
      }
      const parsed = scalar(inner.slice(i, j + 1), line, problems);
      if (parsed === undefined) return undefined;
      item = String(parsed);
      i = j + 1;
    } else {
      const comma = inner.indexOf(',', i);
      const end = comma === -1 ? inner.length : comma;
      item = inner.slice(i, end).trim();
      if (/[[\]{}"]/.test(item)) {
        problems.push({ line, message: `malformed inline list item ${JSON.stringify(item.slice(0, 40))}` });
        return undefined;
      }
      i = end;
    }
    items.push(item);
    while (inner[i] === ' ' || inner[i] === '\t') i++;
    if (i < inner.length && inner[i] !== ',') {
      problems.push({ line, message: 'expected "," between inline list items' });
      return undefined;
    }
    i++;
  }
  return items.filter((item) => item !== '');
}

/** A value written so `parseFrontMatter` reads it back exactly. */
function quote(value: string): string {
  return JSON.stringify(value);
}

/** Front matter + body, in a fixed key order (keys with undefined values are skipped). */
export function formatFrontMatter(data: [string, FrontMatterValue | undefined][], body: string): string {
  const lines = ['---'];
  for (const [key, value] of data) {
    if (value === undefined) continue;
    if (typeof value === 'boolean') lines.push(`${key}: ${value}`);
    else if (Array.isArray(value)) {
      if (value.length === 0) lines.push(`${key}: []`);
      else {
        lines.push(`${key}:`);
        for (const item of value) lines.push(`  - ${quote(item)}`);
      }
    } else lines.push(`${key}: ${quote(value)}`);
  }
  lines.push('---');
  return `${lines.join('\n')}\n${body.endsWith('\n') ? body : `${body}\n`}`;
}
