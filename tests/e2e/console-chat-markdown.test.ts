/**
 * The chat Markdown builder the widget and the console share (protocol/chat-markdown.ts), in Debian's
 * Chromium: the same DOM on both surfaces, markup kept as text, and each caller's own links (the
 * widget: root-relative links on the Parley origin, a screen-reader note for new tabs; the console:
 * links on its own server, in a new tab).
 */
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { projectRoot } from '../../server/paths';
import { launchChromium, startHostSite } from '../helpers/widget-harness';

jest.setTimeout(120_000);

let browser: Awaited<ReturnType<typeof launchChromium>>;
let site: Awaited<ReturnType<typeof startHostSite>>;
let page: Page;

/** The real modules, bundled for the browser like scripts/build-web.mjs does, on `window.md`. */
async function bundle(): Promise<string> {
  const entry = `
    import { parseMarkdown } from './protocol/chat-markdown';
    import { renderChatMarkdown } from './protocol/chat-markdown-dom';
    import { renderMarkdown } from './web-widget/app/render';
    import { STRINGS } from './web-widget/core/i18n';
    import { chatText } from './console/views/chat-text';
    const html = (node) => { const div = document.createElement('div'); div.append(node); return div.innerHTML; };
    window.md = {
      shared: (text, link) =>
        html(renderChatMarkdown(parseMarkdown(text), link ? { link: (href, label, doc) => {
          const b = doc.createElement('b'); b.dataset.href = href; b.append(...label); return b;
        } } : {})),
      widget: (text, base) => html(renderMarkdown(text, STRINGS.en, { base })),
      console: (text) => chatText(text, 'msg-text').innerHTML,
    };`;
  const result = await build({
    stdin: { contents: entry, resolveDir: projectRoot(), loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
  });
  return result.outputFiles[0].text;
}

beforeAll(async () => {
  const script = (await bundle()).replace(/<\/script/gi, '<\\/script');
  site = await startHostSite({ '/': `<!doctype html><title>md</title><script>${script}</script>` });
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.goto(`${site.url}/`);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const render = (surface: 'shared' | 'widget' | 'console', text: string, arg?: unknown): Promise<string> =>
  page.evaluate(
    ([surface, text, arg]) =>
      (window as unknown as { md: Record<string, (t: string, a?: unknown) => string> }).md[surface](
        text,
        arg,
      ),
    [surface, text, arg] as const,
  );

const MESSAGE =
  'Your order **A1042** has *shipped* <img src=x onerror=alert(1)>:\n`FT-1`\nnext line\n\n3. pack it\n4. drop it off\n\n- [the carrier](https://carrier.example/t/1)\n- [write to us](mailto:help@shop.example)';

test('the shared builder makes paragraphs, lists and inline formatting, with markup as text', async () => {
  expect(await render('shared', MESSAGE)).toBe(
    '<p>Your order <strong>A1042</strong> has <em>shipped</em> &lt;img src=x onerror=alert(1)&gt;:<br><code>FT-1</code><br>next line</p>' +
      '<ol start="3"><li>pack it</li><li>drop it off</li></ol>' +
      '<ul><li><a href="https://carrier.example/t/1" target="_blank" rel="noopener noreferrer">the carrier</a></li>' +
      '<li><a href="mailto:help@shop.example">write to us</a></li></ul>',
  );
  // A view's own links: the builder hands it the safe href and the label's nodes.
  expect(await render('shared', 'see [**this**](https://a.example/x)', true)).toBe(
    '<p>see <b data-href="https://a.example/x"><strong>this</strong></b></p>',
  );
});

test('the widget and the console show the same text, each with its own links', async () => {
  const widget = await render('widget', MESSAGE, 'https://parley.example');
  const console = await render('console', MESSAGE);
  const withoutLinks = (html: string) =>
    html.replace(/<a [^>]*>/g, '<a>').replace(/<span class="pw-sr">[^<]*<\/span>/g, '');
  expect(withoutLinks(widget)).toBe(withoutLinks(console));

  // The widget: root-relative links on the Parley origin, and a note that a link opens a new tab.
  expect(await render('widget', 'Read [returns](/help/kb-returns#refunds).', 'https://parley.example')).toBe(
    '<p>Read <a href="https://parley.example/help/kb-returns#refunds" target="_blank" rel="noopener noreferrer nofollow">returns<span class="pw-sr"> (opens in a new tab)</span></a>.</p>',
  );
  // The console: root-relative links on its own server, in a new tab.
  expect(await render('console', 'Read [returns](/help/kb-returns#refunds).')).toBe(
    `<p>Read <a href="${site.url}/help/kb-returns#refunds" target="_blank" rel="noopener noreferrer">returns</a>.</p>`,
  );
});
