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
export type Inline =
  | { t: 'text'; v: string }
  | { t: 'strong' | 'em'; c: Inline[] }
  | { t: 'code'; v: string }
  | { t: 'link'; href: string; c: Inline[] }
  | { t: 'br' };

export type Block =
  { t: 'p'; c: Inline[] } | { t: 'ul'; items: Inline[][] } | { t: 'ol'; start: number; items: Inline[][] };

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

export function parseInline(source: string, depth = 0, links: LinkOptions = {}): Inline[] {
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

/** Plain text of inline nodes (for screen-reader announcements and previews). */
export function plainText(blocks: Block[]): string {
  const inline = (nodes: Inline[]): string =>
    nodes.map((n) => (n.t === 'br' ? '\n' : n.t === 'text' || n.t === 'code' ? n.v : inline(n.c))).join('');
  return blocks
    .map((b) => (b.t === 'p' ? inline(b.c) : b.items.map((item) => `• ${inline(item)}`).join('\n')))
    .join('\n');
}
