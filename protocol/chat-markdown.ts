/**
 * A small, safe markdown subset for bot and agent messages: paragraphs and line breaks, bullet and
 * numbered lists, **strong**, *emphasis*, `code`, [links](https://…) and bare http(s) links. Shared
 * by the chat surfaces (the widget, the agent console) so agents see what the customer saw; it
 * imports nothing. It parses into a tree; `renderChatMarkdown` builds every view's DOM from it with
 * elements and text nodes only (each view brings its own links), so markup in a message can never
 * become HTML. Links are kept only for http:, https: and mailto: URLs, and for root-relative
 * paths ("/help/kb-returns#refunds", what the knowledge base cites its sources with) when a `base` is
 * given: they are made absolute against that origin, the Parley server the widget was loaded from,
 * never the host page's.
 */
import { bareUrlFinder, closerFinder, linkFinder } from './chat-markdown-scan';

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'strong' | 'em'; c: Inline[] }
  | { t: 'code'; v: string }
  | { t: 'link'; href: string; c: Inline[] }
  | { t: 'br' };

export type Block =
  { t: 'p'; c: Inline[] } | { t: 'ul'; items: Inline[][] } | { t: 'ol'; start: number; items: Inline[][] };

/** The longest URL kept as a link. */
const LONGEST_URL = 2000;
const SAFE_SCHEME = /^(https?:\/\/|mailto:)/i;
/** "/path", never "//host" or "/\host" (browsers read a backslash as a slash). */
const ROOT_RELATIVE = /^\/(?![/\\])/;

/** How links are read: `base` is the origin root-relative paths resolve against (none: they stay text). */
export interface LinkOptions {
  base?: string;
}

/**
 * The URL when it is an absolute http(s) or mailto link without spaces or control characters, else
 * null. With a `base` origin, a root-relative path becomes an absolute URL on that origin (and passes
 * the same checks); without one it is refused.
 */
export function safeUrl(raw: string, base?: string): string | null {
  const url = raw.trim();
  if (base !== undefined && ROOT_RELATIVE.test(url)) return resolveRootRelative(url, base);
  if (!SAFE_SCHEME.test(url) || /[\s\u0000-\u001f\u007f<>"`]/.test(url) || url.length > LONGEST_URL)
    return null;
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
  if (/[\s\u0000-\u001f\u007f<>"`\\]/.test(path) || path.length > LONGEST_URL) return null;
  try {
    const origin = new URL(base).origin;
    if (!/^https?:\/\//.test(origin)) return null;
    const resolved = new URL(path, origin);
    return resolved.origin === origin ? safeUrl(resolved.href) : null;
  } catch {
    return null;
  }
}

// The spaces after the marker are taken whole, `(?=(\s+))\1` being an atomic `\s+`: giving some back
// could never make `(.*)$` match, and trying every split of a long run of spaces is quadratic.
const BULLET = /^\s{0,3}[-*•](?=(\s+))\1(.*)$/;
const NUMBERED = /^\s{0,3}(\d{1,9})[.)](?=(\s+))\2(.*)$/;

export function parseMarkdown(text: string, links: LinkOptions = {}): Block[] {
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
      const content = parseInline(bullet ? bullet[2] : numbered![3], 0, links);
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
    // One by one: spreading a long line's nodes as arguments can overflow the stack.
    for (const node of parseInline(line, 0, links)) out.push(node);
  });
  return out;
}

const URL_SCHEME = /(?:https?:\/\/|mailto:)/iy;
const WORD = /[\p{L}\p{N}]/u;

/**
 * Inline Markdown of one line. Linear in its length: every search for a closer, a link's label or a
 * URL's end is shared by all the openers that need it (see chat-markdown-scan.ts).
 */
export function parseInline(source: string, depth = 0, links: LinkOptions = {}): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const push = (node: Inline): void => {
    if (text) out.push({ t: 'text', v: text });
    text = '';
    out.push(node);
  };
  // Made when first needed: most lines have no link, URL or emphasis.
  const closers: Record<string, (from: number) => number> = {};
  const closer = (marker: string, from: number): number =>
    (closers[marker] ??= closerFinder(source, marker))(from);
  let linkAt: ReturnType<typeof linkFinder> | undefined;
  let bareUrl: ReturnType<typeof bareUrlFinder> | undefined;
  let i = 0;
  while (i < source.length) {
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
      const link = (linkAt ??= linkFinder(source))(i);
      if (link) {
        const href = safeUrl(link.target, links.base);
        const label =
          depth < 3 ? parseInline(link.label, depth + 1, links) : [{ t: 'text' as const, v: link.label }];
        if (href) push({ t: 'link', href, c: label });
        else for (const node of label) push(node);
        i = link.end;
        continue;
      }
    }
    if ((ch === 'h' || ch === 'H' || ch === 'm' || ch === 'M') && !WORD.test(prev)) {
      URL_SCHEME.lastIndex = i;
      const scheme = URL_SCHEME.exec(source);
      const bare = scheme ? (bareUrl ??= bareUrlFinder(source, LONGEST_URL))(i) : null;
      if (scheme && bare && bare.end > i + scheme[0].length) {
        const raw = source.slice(i, bare.trimmedEnd);
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
      const span = emphasis(source, i, marker, closer);
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
function emphasis(
  source: string,
  start: number,
  marker: string,
  closer: (marker: string, from: number) => number,
): { inner: string; end: number } | null {
  const open = start + marker.length;
  if (open >= source.length || /\s/.test(source[open])) return null;
  if (marker[0] === '_' && start > 0 && WORD.test(source[start - 1])) return null;
  // `**` must not be the first half of a longer run (e.g. "***"): closerFinder checks that too.
  const close = closer(marker, open + 1);
  return close < 0 ? null : { inner: source.slice(open, close), end: close + marker.length };
}

/** Plain text of inline nodes (for screen-reader announcements and previews). */
export function plainText(blocks: Block[]): string {
  const inline = (nodes: Inline[]): string =>
    nodes.map((n) => (n.t === 'br' ? '\n' : n.t === 'text' || n.t === 'code' ? n.v : inline(n.c))).join('');
  return blocks
    .map((b) => (b.t === 'p' ? inline(b.c) : b.items.map((item) => `• ${inline(item)}`).join('\n')))
    .join('\n');
}
