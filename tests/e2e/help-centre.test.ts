/**
 * The help centre and the widget's links to it, in Debian's Chromium: the real service (startParley
 * on a temp data dir, the demo shop and its knowledge base, the real model), the widget embedded by
 * one script tag on a page of another origin. A knowledge-base answer's source must open the article
 * on the Parley server, where its anchor lands; the article pages must work under the service's CSP,
 * never run script from an article, and fit a phone.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { splitPassages } from '../../knowledge-base';
import { toView } from '../../server/chat/chat-service';
import { openSqliteStore, SQLITE_FILE_NAME, type NewArticle, type NewMessage } from '../../store';
import {
  buildWidget,
  launchChromium,
  openWidget,
  savedWidgetState,
  sendMessage,
  startHostSite,
  startWidgetServer,
  type WidgetServer,
} from '../helpers/widget-harness';

jest.setTimeout(180_000);

let webDir: string;
let server: WidgetServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let host: Awaited<ReturnType<typeof startHostSite>>;

beforeAll(async () => {
  webDir = buildWidget();
  server = await startWidgetServer(webDir);
  browser = await launchChromium();
  // The host page is on another origin (localhost, the service is on 127.0.0.1): a link resolved
  // against the page would point at the host, not at Parley.
  host = await startHostSite({
    '/': `<!doctype html><html lang="en"><head><title>Host shop</title></head><body><p>A shop page.</p>
      <script src="${server.url}/widget.js" data-site="demo" async></script></body></html>`,
    '/blank': '<!doctype html><title>blank</title>',
  });
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await server?.close();
  if (webDir) rmSync(webDir, { recursive: true, force: true });
});

/** Works on the service's SQLite file beside the running service (as an admin's edit would land). */
async function withStore<T>(
  fn: (store: Awaited<ReturnType<typeof openSqliteStore>>) => Promise<T>,
): Promise<T> {
  const store = await openSqliteStore({ file: join(server.dataDir, SQLITE_FILE_NAME) });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Stores a bot message and delivers it to the conversation's room, as the bot's turn would. */
async function injectBotMessage(
  conversationId: string,
  input: Omit<NewMessage, 'conversationId' | 'sender'>,
): Promise<void> {
  const { message } = await withStore((store) =>
    store.messages.append({ conversationId, sender: 'bot', ...input }),
  );
  server.parley.io.of('/chat').to(`conversation:${conversationId}`).emit('chat:reply', toView(message));
}

async function freshPage(): Promise<Page> {
  const page = await browser.context.newPage();
  for (const url of [`${server.url}/healthz`, `${host.url}/blank`]) {
    await page.goto(url);
    await page.evaluate(() => localStorage.clear());
  }
  return page;
}

/** The widget's saved conversation id (its own storage, or the host page's where that is blocked). */
async function conversationIdOf(frame: Frame): Promise<string> {
  const read = async () => (await savedWidgetState(frame)).conversationId;
  // The widget saves the id once the first message is acknowledged, which can come after a greeting
  // has already shown a bot bubble: wait for it.
  for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
    const id = await read();
    if (id) return id;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the widget never saved its conversation id');
}

/** Clicks a link that opens a new tab and returns that tab once its page has loaded. */
async function openInNewTab(frame: Frame, selector: string): Promise<Page> {
  const [tab] = await Promise.all([browser.context.waitForEvent('page'), frame.click(selector)]);
  await tab.waitForLoadState('load');
  return tab;
}

async function link(frame: Frame, selector: string) {
  return frame.$eval(selector, (a) => ({
    href: a.getAttribute('href'),
    target: a.getAttribute('target'),
    rel: (a.getAttribute('rel') ?? '').split(/\s+/),
    text: a.textContent,
  }));
}

describe('knowledge-base sources in the widget', () => {
  it("links a real answer's source to the article on the Parley server, which opens there", async () => {
    const page = await freshPage();
    const frame = await openWidget(page, `${host.url}/`);
    await sendMessage(frame, 'how much does shipping to the UK cost?');
    const selector = '.pw-bot .pw-hero a.pw-source';
    await frame.waitForSelector(selector, { timeout: 60_000 });
    const source = await link(frame, selector);
    expect(source.href).toMatch(new RegExp(`^${server.url.replace(/\./g, '\\.')}/help/[^/#?]+(#[\\w-]+)?$`));
    expect(source.target).toBe('_blank');
    expect(source.rel).toEqual(expect.arrayContaining(['noopener', 'noreferrer']));
    const cardTitle = await frame.textContent('.pw-bot .pw-hero .pw-card-title');
    // Our own words, the card it belongs to and the new tab for screen readers.
    expect(source.text).toBe(`Read the full article: ${cardTitle} (opens in a new tab)`);
    expect(await frame.$eval(selector, (a) => (a.firstChild as Text).data)).toBe('Read the full article');

    const tab = await openInNewTab(frame, selector);
    expect(tab.url()).toBe(source.href);
    expect(new URL(tab.url()).origin).toBe(server.url);
    expect(await tab.textContent('h1')).toBe(cardTitle);
    expect(await tab.title()).toBe(`${cardTitle} – Help centre`);
    const anchor = new URL(source.href!).hash.slice(1);
    if (anchor) expect(await tab.evaluate((id) => document.getElementById(id) !== null, anchor)).toBe(true);
    await tab.close();
    await page.close();
  });

  it('resolves any root-relative link a bot message carries against the Parley server', async () => {
    const article = await withStore(async (store) => (await store.articles.get('kb-returns-and-refunds'))!);
    // A section anchor the knowledge base cites for this article (the last one: far down the page).
    const anchor = splitPassages(article)
      .map((p) => p.anchor)
      .filter(Boolean)
      .at(-1)!;
    expect(anchor).toMatch(/^[a-z0-9-]+$/);
    const page = await freshPage();
    const frame = await openWidget(page, `${host.url}/`);
    await sendMessage(frame, 'hello');
    await frame.waitForSelector('.pw-bot');
    await injectBotMessage(await conversationIdOf(frame), {
      text: `See [our returns policy](/help/kb-returns-and-refunds#${anchor}), not [this](//evil.example/help).`,
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.hero',
          content: {
            title: article.title,
            text: 'More in [the FAQ](/help/faq-return-window).',
            buttons: [
              { type: 'openUrl', title: 'Read the article', value: `/help/kb-returns-and-refunds#${anchor}` },
            ],
          },
        },
      ],
    });
    await frame.waitForSelector('.pw-bubble a[href*="kb-returns-and-refunds"]');
    const inText = await link(frame, '.pw-bubble a[href*="kb-returns-and-refunds"]');
    expect(inText).toEqual({
      href: `${server.url}/help/kb-returns-and-refunds#${anchor}`,
      target: '_blank',
      rel: expect.arrayContaining(['noopener', 'noreferrer']),
      text: 'our returns policy (opens in a new tab)',
    });
    // The protocol-relative link stays text.
    expect(await frame.$$eval('.pw-bubble a', (as) => as.map((a) => a.getAttribute('href')))).toEqual([
      `${server.url}/help/kb-returns-and-refunds#${anchor}`,
    ]);
    expect(await frame.getAttribute('.pw-card-text a', 'href')).toBe(`${server.url}/help/faq-return-window`);
    expect((await link(frame, '.pw-hero a.pw-source')).href).toBe(
      `${server.url}/help/kb-returns-and-refunds#${anchor}`,
    );

    // The anchor lands on its section of the article.
    const tab = await openInNewTab(frame, '.pw-hero a.pw-source');
    expect(await tab.evaluate(() => location.hash)).toBe(`#${anchor}`);
    expect(await tab.$eval(':target', (el) => el.tagName)).toMatch(/^H[2-6]$/);
    // The browser scrolls it into view (the section is near the end, so it may not reach the top).
    await tab.waitForFunction(() => {
      const box = document.querySelector(':target')!.getBoundingClientRect();
      return scrollY > 0 && box.top >= 0 && box.bottom <= innerHeight;
    });
    await tab.close();
    await page.close();
  });
});

describe('the help centre in Chromium', () => {
  const hostile: NewArticle & { id: string } = {
    id: 'kb-e2e-hostile',
    kind: 'article',
    title: 'Hostile <img src=x onerror="window.__pwned=1">',
    body: [
      '# Hostile',
      '<script>window.__pwned = 1; alert("script")</script>',
      '<img src=x onerror="window.__pwned = 2">',
      '[click me](javascript:window.__pwned=3) <a href="javascript:window.__pwned=4">or me</a>',
      '<svg onload="window.__pwned=5"></svg><iframe srcdoc="<script>parent.__pwned=6</script>"></iframe>',
      'Still here.',
    ].join('\n\n'),
    tags: ['e2e'],
    published: true,
  };

  beforeAll(async () => {
    await withStore((store) => store.articles.create(hostile));
  });

  it('never runs script from an article, and its CSP blocks nothing the page needs', async () => {
    const page = await browser.context.newPage();
    const dialogs: string[] = [];
    const problems: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    const res = await page.goto(`${server.url}/help/${hostile.id}`);
    expect(res!.status()).toBe(200);
    await page.click('text=click me').catch(() => undefined);
    await page.click('text=or me').catch(() => undefined);
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => document.querySelectorAll('script, img, svg, iframe').length)).toBe(0);
    expect(await page.textContent('h1')).toBe('Hostile <img src=x onerror="window.__pwned=1">');
    expect(await page.textContent('.content')).toContain('Still here.');
    // The stylesheet loaded under the CSP (the header has its colour), and nothing was refused.
    expect(await page.$eval('.site-header', (el) => getComputedStyle(el).backgroundColor)).toBe(
      'rgb(30, 58, 95)',
    );
    expect(problems).toEqual([]);
    await page.close();
  });

  it('is usable by keyboard, searchable, and fits a phone', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${server.url}/help`);
    // The first Tab reaches the skip link, shown while focused; Enter moves focus to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    const box = await page.$eval('.skip-link', (el) => el.getBoundingClientRect().top);
    expect(box).toBeGreaterThanOrEqual(0);
    const outline = await page.$eval('.skip-link', (el) => getComputedStyle(el).outlineStyle);
    expect(outline).toBe('solid');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('help_main');

    // Grouped: guides and FAQ topics from the demo knowledge base.
    expect(await page.$$eval('h2', (hs) => hs.map((h) => h.textContent))).toEqual([
      'Guides',
      'Frequently asked questions',
    ]);
    expect(await page.$$eval('.topic h3', (hs) => hs.length)).toBeGreaterThan(3);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // Search from the box, without script.
    await page.fill('#help_q', 'customs');
    await Promise.all([page.waitForURL(/\/help\?q=customs$/), page.press('#help_q', 'Enter')]);
    const results = await page.$$eval('.results a', (as) => as.map((a) => a.getAttribute('href')));
    expect(results).toContain('/help/kb-international-shipping-and-customs');

    // An article with a wide table still fits: the table scrolls on its own.
    await page.goto(`${server.url}/help/kb-shipping-times-and-costs`);
    expect(await page.$$eval('.content table', (ts) => ts.length)).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // Unknown: a 404 page with the way back.
    const missing = await page.goto(`${server.url}/help/kb-no-such-thing`);
    expect(missing!.status()).toBe(404);
    await Promise.all([page.waitForURL(`${server.url}/help`), page.click('text=Go to the help centre')]);
    expect(await page.textContent('h1')).toBe('Help centre');
    await page.close();
  });
});
