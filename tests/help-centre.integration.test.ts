/**
 * The public help centre over real HTTP: a Parley server on a random port with a real SQLite file,
 * articles and FAQs written through the store, pages fetched as a browser would.
 */
import type { ReplyEngine } from '../bot';
import { createKnowledgeBase, splitPassages } from '../knowledge-base';
import { fakeEmbedder } from '../knowledge-base/test-helpers';
import type { Article, NewArticle } from '../store/ports';
import { startTestServer, type TestServer } from './helpers/test-server';

const silent: ReplyEngine = { respond: async () => [] };

const WOOL_CARE = `# Caring for wool

Wool looks after itself if you let it. Air it more than you wash it.

## Washing

Hand wash in cool water with a wool detergent. See [our returns FAQ](/help/faq-return-window) if a jumper shrank on its first wash.

## Drying

Dry flat on a towel, away from radiators. [Storing](#storing) comes next; the [wool council](https://wool.example/care) has more.

| Fabric | Water |
|---|---|
| Merino | 30 °C |

## Storing

Fold, never hang. Cedar keeps moths away.

### Drying
A second heading with the same text gets its own anchor.
`;

const HOSTILE_BODY = `# Hostile article

<script>window.__pwned = true; alert('script')</script>

<img src=x onerror="alert('img')">

<a href="javascript:alert('a')">an html link</a>, [a markdown link](javascript:alert('md')) and [a data link](data:text/html,<script>alert(1)</script>).

<iframe src="https://evil.example/"></iframe><style>body { display: none }</style>

Plain text after it all.`;

const articles: Record<string, NewArticle & { id: string }> = {
  wool: {
    id: 'kb-wool-care',
    kind: 'article',
    title: 'Caring for wool',
    body: WOOL_CARE,
    tags: ['care', 'wool'],
    locale: 'en-GB',
    published: true,
  },
  tents: {
    id: 'kb-tent-pitching',
    kind: 'article',
    title: 'Pitching a tent in the wind',
    body: '## Choose your spot\n\nFind shelter behind a wall or hedge.\n\n## Peg the windward side first\n\nThen the rest.',
    tags: ['camping'],
    published: true,
  },
  returnWindow: {
    id: 'faq-return-window',
    kind: 'faq',
    title: 'How long do I have to return something?',
    body: 'You have **30 days** from delivery to return unused items.',
    alternatives: ['What is the return window?'],
    tags: ['returns', 'policy'],
    published: true,
  },
  delivery: {
    id: 'faq-delivery-time',
    kind: 'faq',
    title: 'How long does delivery take?',
    body: 'Standard delivery takes 2–4 business days.',
    tags: ['shipping'],
    published: true,
  },
  german: {
    id: 'faq-zahlungsarten',
    kind: 'faq',
    title: 'Welche Zahlungsarten gibt es?',
    body: 'Karte, PayPal und Rechnung.',
    tags: ['payment'],
    locale: 'de',
    published: true,
  },
  draft: {
    id: 'kb-secret-draft',
    kind: 'article',
    title: 'Unannounced winter sale',
    body: 'Everything half price from the first of December.',
    tags: ['sale'],
    published: false,
  },
  hostile: {
    id: 'kb-hostile',
    kind: 'article',
    title: '<b>Bold</b> & "quoted" <script>alert(1)</script>',
    body: HOSTILE_BODY,
    tags: ['testing'],
    published: true,
  },
};

let t: TestServer;
const stored: Record<string, Article> = {};

beforeAll(async () => {
  t = await startTestServer(silent);
  for (const [key, input] of Object.entries(articles)) stored[key] = await t.store.articles.create(input);
});

afterAll(async () => {
  await t?.close();
});

async function page(path: string): Promise<{ status: number; html: string; headers: Headers }> {
  const res = await fetch(`${t.url}${path}`);
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** The articles a search page lists, in order. */
const hits = (html: string): string[] =>
  [...html.matchAll(/<li(?: lang="[^"]*")?><a href="\/help\/([^"]+)">/g)].map((m) => m[1]);

/** The opening tags of every element with an id, keyed by id. */
function ids(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<([a-z0-9]+)\b[^>]*\sid="([^"]*)"[^>]*>/g)) out.set(m[2], m[0]);
  return out;
}

function expectHelpPage(res: { status: number; html: string; headers: Headers }): void {
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("default-src 'self'");
  expect(res.html).toMatch(/^<!doctype html>\n<html lang="en">/);
  // Landmarks, a skip link to the main content and the search form.
  expect(res.html).toContain('<a class="skip-link" href="#help_main">Skip to content</a>');
  expect(res.html).toMatch(/<header class="site-header">[\s\S]*<main id="help_main"[\s\S]*<footer/);
  expect(res.html).toContain('<form class="search" role="search" action="/help" method="get">');
  expect(res.html).toContain('<label for="help_q">');
  expect(res.html).toMatch(/<input id="help_q" name="q" type="search"/);
  // No script, no inline style: nothing the CSP would have to allow.
  expect(res.html).not.toMatch(/<script|\sstyle=|<style/i);
}

describe('GET /help', () => {
  it('lists published guides and FAQs, FAQs grouped by topic, and never a draft', async () => {
    const res = await page('/help');
    expect(res.status).toBe(200);
    expectHelpPage(res);
    const html = res.html;
    expect(html).toContain('<h1>Help centre</h1>');
    expect(html).toMatch(
      /<h2 id="help_guides">Guides<\/h2>[\s\S]*href="\/help\/kb-wool-care">Caring for wool<\/a><p>Wool looks after itself/,
    );
    expect(html).toContain('<a href="/help/kb-tent-pitching">Pitching a tent in the wind</a>');
    expect(html).toMatch(/<h2 id="help_faqs">Frequently asked questions<\/h2>/);
    // Topics come from the FAQs' first tags, in alphabetical order, each with its questions.
    const topics = [...html.matchAll(/<h3 id="help_topic_\d+">([^<]*)<\/h3>/g)].map((m) => m[1]);
    expect(topics).toEqual(['Payment', 'Returns', 'Shipping']);
    expect(html).toMatch(
      /<h3 id="help_topic_1">Returns<\/h3>\s*<ul class="faq-list">\s*<li><a href="\/help\/faq-return-window">How long do I have to return something\?<\/a><\/li>/,
    );
    // Content in another language says so.
    expect(html).toContain(
      '<li lang="de"><a href="/help/faq-zahlungsarten">Welche Zahlungsarten gibt es?</a>',
    );
    expect(html).not.toContain('winter sale');
    expect(html).not.toContain('kb-secret-draft');
    // A title with markup is text.
    expect(html).toContain('&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot; &lt;script&gt;');
  });

  it('serves its stylesheet from the same origin, versioned', async () => {
    const { html } = await page('/help');
    const href = /<link rel="stylesheet" href="([^"]+)">/.exec(html)![1];
    expect(href).toMatch(/^\/help\/assets\/help\.css\?v=[0-9a-f]{12}$/);
    const res = await fetch(`${t.url}${href}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/css/);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(await res.text()).toContain(':focus-visible');
  });

  it('searches titles, questions, article tags and bodies with stemming; a FAQ shows its answer, an article the passage that matched', async () => {
    const wool = await page('/help?q=washing+wool');
    expect(wool.status).toBe(200);
    expectHelpPage(wool);
    expect(wool.html).toContain('<h1>Search results</h1>');
    expect(wool.html).toContain('value="washing wool"');
    expect(hits(wool.html)[0]).toBe('kb-wool-care');
    expect(wool.html).toMatch(/1 result for “washing wool”|\d+ results for “washing wool”/);
    // The snippet is the best matching passage: here the section on washing.
    expect(wool.html).toContain('<p>Hand wash in cool water with a wool detergent.');
    expect((await page('/help?q=detergents')).html).toContain(
      '<p>Hand wash in cool water with a wool detergent.',
    );

    // "window" is only in a FAQ's alternative question; "returning" finds "return". A FAQ shows its answer.
    const window = await page('/help?q=window');
    expect(hits(window.html)).toEqual(['faq-return-window']);
    expect(window.html).toContain('<p>You have 30 days from delivery to return unused items.</p>');
    expect(hits((await page('/help?q=returning')).html)).toContain('faq-return-window');
    // An article's tags are searched with its title ("camping" is only a tag).
    expect(hits((await page('/help?q=camping')).html)).toEqual(['kb-tent-pitching']);
    // Drafts are never found.
    const sale = await page('/help?q=winter+sale');
    expect(hits(sale.html)).toEqual([]);
    expect(sale.html).toContain('Nothing matches “winter sale”.');
    expect(sale.html).not.toContain('half price');
  });

  it('forgives a typo when the words as typed find nothing; exact matches are all that is shown otherwise', async () => {
    const exact = hits((await page('/help?q=return')).html);
    expect(exact).toContain('faq-return-window');
    // One letter swapped, dropped, added or changed: the same results as the word spelt right.
    for (const typo of ['retrun', 'retun', 'returnn', 'returm']) {
      const res = await page(`/help?q=${typo}`);
      expect(res.status).toBe(200);
      expect(hits(res.html)).toEqual(exact);
      expect(res.html).toContain(`results for “${typo}”`);
    }
    expect(hits((await page('/help?q=detergnet')).html)[0]).toBe('kb-wool-care');
    expect(hits((await page('/help?q=how+do+I+retrun+an+item')).html)).toContain('faq-return-window');
    // A word found as typed is not second-guessed: "wool" finds wool, whatever "retrun" would add.
    expect(hits((await page('/help?q=wool+retrun')).html)).toEqual(hits((await page('/help?q=wool')).html));
    // Two edits, or a short word, are not a typo we guess at; drafts stay hidden.
    expect(hits((await page('/help?q=rtuern')).html)).toEqual([]);
    expect(hits((await page('/help?q=tnt')).html)).toEqual([]);
    expect(hits((await page('/help?q=tnet')).html)).toEqual(['kb-tent-pitching']);
    const sale = await page('/help?q=wintr+sael');
    expect(hits(sale.html)).toEqual([]);
    expect(sale.html).toContain('Nothing matches “wintr sael”.');
  });

  it('ranks as the knowledge base does (BM25 over the same passages), drafts left out', async () => {
    const kb = createKnowledgeBase({ store: t.store, embedder: fakeEmbedder() });
    await kb.build();
    for (const query of [
      'how long does it take',
      'how long to return unused wool',
      'delivery in the wind',
      'washing takes long',
      'dry tent',
      'delivery days for wool',
      'sale',
    ]) {
      const expected = (await kb.search(query, 100, { mode: 'bm25' })).map((h) => h.id);
      expect(expected).not.toContain('kb-secret-draft');
      if (query !== 'sale') expect(expected.length).toBeGreaterThan(1);
      expect(hits((await page(`/help?q=${encodeURIComponent(query)}`)).html)).toEqual(expected);
    }
  });

  it('shows the search text escaped, and takes the first of repeated parameters', async () => {
    const res = await page(`/help?q=${encodeURIComponent('<script>alert(1)</script>"onfocus="x')}&q=second`);
    expect(res.status).toBe(200);
    expectHelpPage(res);
    expect(res.html).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;&quot;onfocus=&quot;x"');
    expect(res.html).not.toContain('second');
  });
});

describe('GET /help/:id', () => {
  it('renders a published article from its Markdown, with anchors where the knowledge base links', async () => {
    const res = await page('/help/kb-wool-care');
    expect(res.status).toBe(200);
    expectHelpPage(res);
    const { html } = res;
    expect(html).toContain('<title>Caring for wool – Help centre</title>');
    expect(html).toContain('<article class="article" lang="en-GB">');
    // The body's first heading repeats the title: it becomes the page's h1 (keeping its anchor).
    expect(html.match(/<h1\b/g)).toHaveLength(1);
    expect(html).toContain('<h1 id="caring-for-wool">Caring for wool</h1>');
    expect(html).toContain('<h2 id="washing">Washing</h2>');
    expect(html).toContain('<h2 id="drying">Drying</h2>');
    expect(html).toContain('<h3 id="drying-2">Drying</h3>');
    const updated = new Date(stored.wool.updatedAt);
    const day = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(updated);
    expect(html).toContain(`Updated <time datetime="${updated.toISOString()}">${day}</time>`);
    expect(html).toMatch(/<table><thead><tr><th>Fabric<\/th>/);
    // Links to this page's sections and to other help pages stay in the tab; other sites open a new one.
    expect(html).toContain('<a href="/help/faq-return-window">our returns FAQ</a>');
    expect(html).toContain('<a href="#storing">Storing</a> comes next');
    expect(html).toMatch(
      /<a href="https:\/\/wool\.example\/care"[^>]*target="_blank"[^>]*>wool council<\/a>/,
    );
    // Contents and a way back.
    expect(html).toMatch(
      /<nav class="toc" aria-labelledby="help_toc">[\s\S]*<a href="#washing">Washing<\/a>[\s\S]*<a href="#drying">Drying<\/a>[\s\S]*<a href="#storing">Storing<\/a>/,
    );
    expect(html).toContain('<nav class="breadcrumb" aria-label="Breadcrumb">');
    expect(html).toContain('<a href="/help">All help topics</a>');

    // Every anchor a knowledge-base answer can cite for this article is an element on the page.
    const onPage = ids(html);
    const anchors = splitPassages(stored.wool)
      .map((p) => p.anchor)
      .filter(Boolean);
    expect(anchors.length).toBeGreaterThan(2);
    for (const anchor of anchors) expect(onPage.has(anchor)).toBe(true);
  });

  it('renders a FAQ, and a body without a title heading starts at h2', async () => {
    const faq = await page('/help/faq-return-window');
    expect(faq.status).toBe(200);
    expectHelpPage(faq);
    expect(faq.html).toContain('<p class="kind">Frequently asked question</p>');
    expect(faq.html).toContain('<h1>How long do I have to return something?</h1>');
    expect(faq.html).toContain(
      '<p>You have <strong>30 days</strong> from delivery to return unused items.</p>',
    );

    const tents = await page('/help/kb-tent-pitching');
    expect(tents.html).toContain('<h1>Pitching a tent in the wind</h1>');
    expect(tents.html).toContain('<h2 id="choose-your-spot">Choose your spot</h2>');

    const german = await page('/help/faq-zahlungsarten');
    expect(german.html).toContain('<article class="article" lang="de">');
  });

  it('escapes the title and never lets markup or script links from the body onto the page', async () => {
    const res = await page('/help/kb-hostile');
    expect(res.status).toBe(200);
    expectHelpPage(res);
    const { html } = res;
    expect(html).toContain(
      '<h1>&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot; &lt;script&gt;alert(1)&lt;/script&gt;</h1>',
    );
    expect(html).not.toMatch(/<script|<img|<iframe|<style|onerror|javascript:|data:text/i);
    expect(html).not.toContain('__pwned');
    expect(html).toContain('an html link, a markdown link and a data link.');
    expect(html).toContain('<p>Plain text after it all.</p>');
  });

  it('answers a draft with a 404 page that leads back to /help and shows nothing of it', async () => {
    const res = await page('/help/kb-secret-draft');
    expect(res.status).toBe(404);
    expectHelpPage(res);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.html).toContain('<h1>We can’t find that article</h1>');
    expect(res.html).toContain('<a class="button-link" href="/help">Go to the help centre</a>');
    expect(res.html).not.toMatch(/winter sale|half price/i);
  });

  it('answers unknown and malformed ids with the same 404 page, not echoing them', async () => {
    for (const path of [
      '/help/kb-no-such-article',
      `/help/${encodeURIComponent('<script>alert(1)</script>')}`,
      '/help/..%2F..%2Fetc%2Fpasswd',
    ]) {
      const res = await page(path);
      expect(res.status).toBe(404);
      expectHelpPage(res);
      expect(res.html).toContain('href="/help">Go to the help centre</a>');
      expect(res.html).not.toMatch(/no-such-article|alert|passwd/);
    }
  });

  it('stops showing an article as soon as it is unpublished, and shows it again when republished', async () => {
    expect((await page('/help/kb-tent-pitching')).status).toBe(200);
    const hidden = await t.store.articles.update('kb-tent-pitching', stored.tents.version, {
      published: false,
    });
    try {
      expect((await page('/help/kb-tent-pitching')).status).toBe(404);
      expect((await page('/help')).html).not.toContain('kb-tent-pitching');
      expect((await page('/help?q=tent')).html).not.toContain('kb-tent-pitching');
    } finally {
      stored.tents = await t.store.articles.update('kb-tent-pitching', hidden.version, { published: true });
    }
    expect((await page('/help/kb-tent-pitching')).status).toBe(200);
  });
});
