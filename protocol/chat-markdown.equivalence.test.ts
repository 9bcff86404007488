/**
 * The linear parser reads every text exactly as the parser before it did. `reference` below is that
 * earlier parser, copied unchanged (it searched for closers once per marker, so text with many markers
 * that never close took quadratic time); generated texts full of markers, links, URLs and list
 * markers must give the same tree from both. The timing test fails on the earlier parser.
 */
import { parseInline, parseMarkdown } from './chat-markdown';

const reference = (() => {
  type Inline =
    | { t: 'text'; v: string }
    | { t: 'strong' | 'em'; c: Inline[] }
    | { t: 'code'; v: string }
    | { t: 'link'; href: string; c: Inline[] }
    | { t: 'br' };

  type Block =
    { t: 'p'; c: Inline[] } | { t: 'ul'; items: Inline[][] } | { t: 'ol'; start: number; items: Inline[][] };

  const SAFE_SCHEME = /^(https?:\/\/|mailto:)/i;
  /** "/path", never "//host" or "/\host" (browsers read a backslash as a slash). */
  const ROOT_RELATIVE = /^\/(?![/\\])/;

  /** How links are read: `base` is the origin root-relative paths resolve against (none: they stay text). */
  interface LinkOptions {
    base?: string;
  }

  /**
   * The URL when it is an absolute http(s) or mailto link without spaces or control characters, else
   * null. With a `base` origin, a root-relative path becomes an absolute URL on that origin (and passes
   * the same checks); without one it is refused.
   */
  function safeUrl(raw: string, base?: string): string | null {
    const url = raw.trim();
    if (base !== undefined && ROOT_RELATIVE.test(url)) return resolveRootRelative(url, base);
    if (!SAFE_SCHEME.test(url) || /[\s\u0000-\u001f\u007f<>"`]/.test(url) || url.length > 2000) return null;
    try {
      const parsed = new URL(url);
      if (!['http:', 'https:', 'mailto:'].includes(parsed.protocol)) return null;
      if (parsed.protocol !== 'mailto:' && !parsed.hostname) return null;
    } catch {
      return null;
    }
    return url;
  }

  function resolveRootRelative(path: string, base: string): string | null {
    if (/[\s\u0000-\u001f\u007f<>"`\\]/.test(path) || path.length > 2000) return null;
    try {
      const origin = new URL(base).origin;
      if (!/^https?:\/\//.test(origin)) return null;
      const resolved = new URL(path, origin);
      return resolved.origin === origin ? safeUrl(resolved.href) : null;
    } catch {
      return null;
    }
  }

  const BULLET = /^\s{0,3}[-*•]\s+(.*)$/;
  const NUMBERED = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;

  function parseMarkdown(text: string, links: LinkOptions = {}): Block[] {
    const blocks: Block[] = [];
    let paragraph: string[] = [];
    const flush = (): void => {
      if (paragraph.length) blocks.push({ t: 'p', c: parseLines(paragraph, links) });
      paragraph = [];
    };
    for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
      const bullet = BULLET.exec(line);
      const numbered = bullet ? null : NUMBERED.exec(line);
      if (bullet || numbered) {
        flush();
        const kind = bullet ? 'ul' : 'ol';
        const content = parseInline(bullet ? bullet[1] : numbered![2], 0, links);
        const last = blocks[blocks.length - 1];
        if (last && last.t === kind) last.items.push(content);
        else if (kind === 'ul') blocks.push({ t: 'ul', items: [content] });
        else blocks.push({ t: 'ol', start: Number(numbered![1]), items: [content] });
      } else if (line.trim() === '') {
        flush();
        // A blank line ends a list too: the next item starts a new one.
        blocks.push({ t: 'p', c: [] });
      } else {
        paragraph.push(line);
      }
    }
    flush();
    return blocks.filter((block) => block.t !== 'p' || block.c.length > 0);
  }

  function parseLines(lines: string[], links: LinkOptions): Inline[] {
    const out: Inline[] = [];
    lines.forEach((line, i) => {
      if (i > 0) out.push({ t: 'br' });
      out.push(...parseInline(line, 0, links));
    });
    return out;
  }

  const LINK = /^\[([^\]\n]{1,500})\]\(((?:[^()\s]|\([^()\s]*\)){1,2000})\)/;
  const BARE_URL = /^(?:https?:\/\/|mailto:)[^\s<>"]+/i;
  const WORD = /[\p{L}\p{N}]/u;

  function parseInline(source: string, depth = 0, links: LinkOptions = {}): Inline[] {
    const out: Inline[] = [];
    let text = '';
    const push = (node: Inline): void => {
      if (text) out.push({ t: 'text', v: text });
      text = '';
      out.push(node);
    };
    let i = 0;
    while (i < source.length) {
      const rest = source.slice(i);
      const ch = source[i];
      const prev = i > 0 ? source[i - 1] : ' ';

      if (ch === '\\' && i + 1 < source.length && /[\\`*_[\]()#+\-.!]/.test(source[i + 1])) {
        text += source[i + 1];
        i += 2;
        continue;
      }
      if (ch === '`') {
        const end = source.indexOf('`', i + 1);
        if (end > i + 1) {
          push({ t: 'code', v: source.slice(i + 1, end) });
          i = end + 1;
          continue;
        }
      }
      if (ch === '[') {
        const link = LINK.exec(rest);
        if (link) {
          const href = safeUrl(link[2], links.base);
          const label =
            depth < 3 ? parseInline(link[1], depth + 1, links) : [{ t: 'text' as const, v: link[1] }];
          if (href) push({ t: 'link', href, c: label });
          else for (const node of label) push(node);
          i += link[0].length;
          continue;
        }
      }
      if ((ch === 'h' || ch === 'H' || ch === 'm' || ch === 'M') && !WORD.test(prev)) {
        const bare = BARE_URL.exec(rest);
        if (bare) {
          const raw = trimUrl(bare[0]);
          const href = safeUrl(raw);
          if (href) {
            push({ t: 'link', href, c: [{ t: 'text', v: raw }] });
            i += raw.length;
            continue;
          }
        }
      }
      if ((ch === '*' || ch === '_') && depth < 3) {
        const double = source[i + 1] === ch;
        const marker = double ? ch + ch : ch;
        const span = emphasis(source, i, marker);
        if (span) {
          push({ t: double ? 'strong' : 'em', c: parseInline(span.inner, depth + 1, links) });
          i = span.end;
          continue;
        }
      }
      text += ch;
      i++;
    }
    if (text) out.push({ t: 'text', v: text });
    return out;
  }

  /** `*x*`, `**x**`, `_x_`, `__x__`: not around spaces; underscores only at word edges (snake_case stays). */
  function emphasis(source: string, start: number, marker: string): { inner: string; end: number } | null {
    const open = start + marker.length;
    if (open >= source.length || /\s/.test(source[open])) return null;
    if (marker[0] === '_' && start > 0 && WORD.test(source[start - 1])) return null;
    let from = open + 1;
    while (from <= source.length) {
      const close = source.indexOf(marker, from);
      if (close < 0) return null;
      const after = source[close + marker.length] ?? ' ';
      const okEdge = !/\s/.test(source[close - 1]) && (marker[0] !== '_' || !WORD.test(after));
      // `**` must not be the first half of a longer run (e.g. "***").
      if (okEdge && after !== marker[0])
        return { inner: source.slice(open, close), end: close + marker.length };
      from = close + 1;
    }
    return null;
  }

  /** Trailing punctuation belongs to the sentence, not the URL; a closing paren only if unbalanced. */
  function trimUrl(url: string): string {
    let out = url;
    while (/[.,;:!?'"]$/.test(out) || (out.endsWith(')') && count(out, '(') < count(out, ')')))
      out = out.slice(0, -1);
    return out;
  }

  function count(s: string, ch: string): number {
    return s.split(ch).length - 1;
  }
  return { parseMarkdown, parseInline };
})();

/** Deterministic generator (mulberry32), so a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces chosen to meet every branch of the parser, and their edges, often. */
const PIECES = [
  '*',
  '**',
  '***',
  '_',
  '__',
  '`',
  '``',
  '[',
  ']',
  '(',
  ')',
  '](',
  '\\',
  '\\*',
  '\\`',
  ' ',
  '  ',
  '\t',
  '\n',
  '\n\n',
  '\r\n',
  '\u2028',
  'a',
  'b',
  'x',
  'é',
  '1',
  '42',
  '.',
  ',',
  ':',
  '!',
  '?',
  "'",
  '"',
  '<',
  '>',
  '-',
  '- ',
  '* ',
  '1. ',
  '2) ',
  '   ',
  'h',
  'm',
  'http://',
  'https://',
  'HTTPS://',
  'mailto:',
  'x.example',
  'shop.example/a',
  '/help/kb-x',
  '//evil.example',
  'javascript:',
  'a@b.example',
  'snake_case',
  '2 * 3',
  '[a](',
  '](https://x.example)',
  '](/help/x)',
  '(b)',
  'word',
];

function generate(rand: () => number): string {
  const count = Math.floor(rand() * rand() * 60);
  let out = '';
  for (let k = 0; k < count; k++) out += PIECES[Math.floor(rand() * PIECES.length)];
  return out;
}

const BASE = { base: 'https://parley.example' };

describe('the linear chat-Markdown parser against the earlier one', () => {
  it('gives the same tree for 20,000 generated texts', () => {
    const rand = random(20240611);
    for (let n = 0; n < 20000; n++) {
      const text = generate(rand);
      const links = n % 2 === 0 ? BASE : {};
      const got = parseMarkdown(text, links);
      const want = reference.parseMarkdown(text, links);
      if (JSON.stringify(got) !== JSON.stringify(want)) expect({ text, got }).toEqual({ text, got: want });
      const inline = parseInline(text, n % 4, links);
      const inlineWant = reference.parseInline(text, n % 4, links);
      if (JSON.stringify(inline) !== JSON.stringify(inlineWant))
        expect({ text, inline }).toEqual({ text, inline: inlineWant });
    }
  });

  it.each([
    ['unclosed bold', '**x '],
    ['unclosed emphasis', '*x '],
    ['unclosed underscores', '_x '],
    ['unclosed double underscores', '__x '],
    ['unmatched stars', 'a * '],
    ['open brackets', '[a'],
    ['brackets before one failing target', '[[[[a](b c'],
    ['backticks', '`'],
    ['underscores', '_'],
    ['URL starts in one word', '/http://a`('],
    ['a URL with closing parens', 'http://a(b)'],
  ])('gives the same tree on long adversarial text: %s', (_name, pattern) => {
    const text = pattern.repeat(Math.ceil(3000 / pattern.length));
    expect(parseMarkdown(text, BASE)).toEqual(reference.parseMarkdown(text, BASE));
  });

  it('gives the same tree for URLs ending in punctuation and parens, and list items with odd spacing', () => {
    const texts = [
      'http://a' + ')'.repeat(300),
      '(http://a/(b)' + ').'.repeat(40) + '!',
      'see https://x.example/a_(b)_c). Then http://y.example/((x)))',
      'mailto:.',
      'http://)',
      '- ' + ' '.repeat(300) + 'x\u2028',
      '1. ' + ' \u2029 '.repeat(50) + 'item',
      ' - \u2028item',
      '    - four spaces',
      '[' + 'a'.repeat(500) + '](https://x.example)',
      '[' + 'a'.repeat(501) + '](https://x.example)',
      '[a](https://x.example/' + 'b'.repeat(2000) + ')',
      '[a](' + '(b)'.repeat(700) + ')',
      'https://x.example/' + 'a'.repeat(1990) + '))))....',
    ];
    for (const text of texts) {
      expect(parseMarkdown(text, BASE)).toEqual(reference.parseMarkdown(text, BASE));
      expect(parseMarkdown(text)).toEqual(reference.parseMarkdown(text));
    }
  });
});
