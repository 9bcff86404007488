/**
 * The help centre's HTML pages. Every value from the store is escaped here, and article bodies are
 * rendered only by the knowledge base's renderer (renderMarkdown → toSafeHtml: a fixed set of tags,
 * every text escaped, raw HTML and unsafe links dropped). The pages carry no script and no inline
 * style, so the service's Content-Security-Policy (helmet) applies unchanged.
 *
 * Ids of the page's own elements contain "_", which heading anchors (slugify: letters, digits and
 * "-") never do, so an article heading can never take an id the page uses.
 */
import {
  escapeHtml,
  inlineText,
  renderMarkdown,
  toSafeHtml,
  type Block,
  type Inline,
} from '../../knowledge-base';
import type { Article } from '../../store/ports';
import type { FaqTopic, HelpSearchResult } from './catalogue';

export const HELP_PATH = '/help';
export const helpLink = (id: string): string => `${HELP_PATH}/${encodeURIComponent(id)}`;

export interface PageChrome {
  /** Name of the help centre (header, page titles). */
  title: string;
  /** URL of the stylesheet (versioned by content). */
  stylesheet: string;
}

const e = escapeHtml;

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

function layout(
  chrome: PageChrome,
  page: { title: string; query?: string; body: string; current?: 'home' },
): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(page.title)}</title>
<link rel="stylesheet" href="${e(chrome.stylesheet)}">
</head>
<body>
<a class="skip-link" href="#help_main">Skip to content</a>
<header class="site-header">
<div class="wrap header-row">
<a class="brand" href="${HELP_PATH}"${page.current === 'home' ? ' aria-current="page"' : ''}>${e(chrome.title)}</a>
<form class="search" role="search" action="${HELP_PATH}" method="get">
<label for="help_q">Search articles and FAQs</label>
<div class="search-row">
<input id="help_q" name="q" type="search" maxlength="200" autocomplete="off" value="${e(page.query ?? '')}">
<button type="submit">Search</button>
</div>
</form>
</div>
</header>
<main id="help_main" tabindex="-1">
<div class="wrap">
${page.body}
</div>
</main>
<footer class="site-footer">
<div class="wrap">
<p>Still need help? Ask us in the chat on our website and we will take it from there.</p>
</div>
</footer>
</body>
</html>
`;
}

const kindLabel = (article: Article): string => (article.kind === 'faq' ? 'FAQ' : 'Guide');

/** `lang` for content whose language differs from the page's English chrome. */
const langAttr = (locale: string): string =>
  locale && locale.toLowerCase() !== 'en' && !locale.toLowerCase().startsWith('en-')
    ? ` lang="${e(locale)}"`
    : '';

export function indexPage(
  chrome: PageChrome,
  content: { guides: { article: Article; summary: string }[]; topics: FaqTopic[] },
): string {
  const { guides, topics } = content;
  const sections: string[] = [];
  if (guides.length > 0)
    sections.push(`<section class="group" aria-labelledby="help_guides">
<h2 id="help_guides">Guides</h2>
<ul class="guide-list">
${guides
  .map(
    ({ article, summary }) =>
      `<li${langAttr(article.locale)}><a href="${e(helpLink(article.id))}">${e(article.title)}</a>${
        summary ? `<p>${e(summary)}</p>` : ''
      }</li>`,
  )
  .join('\n')}
</ul>
</section>`);
  if (topics.length > 0)
    sections.push(`<section class="group" aria-labelledby="help_faqs">
<h2 id="help_faqs">Frequently asked questions</h2>
<div class="topics">
${topics
  .map(
    (topic, i) => `<section class="topic" aria-labelledby="help_topic_${i}">
<h3 id="help_topic_${i}">${e(topic.name || 'Other questions')}</h3>
<ul class="faq-list">
${topic.faqs
  .map((faq) => `<li${langAttr(faq.locale)}><a href="${e(helpLink(faq.id))}">${e(faq.title)}</a></li>`)
  .join('\n')}
</ul>
</section>`,
  )
  .join('\n')}
</div>
</section>`);
  const body = `<h1>${e(chrome.title)}</h1>
<p class="lead">Guides and answers to the questions we are asked most. Search above, or browse by topic.</p>
${sections.length > 0 ? sections.join('\n') : '<p>There are no published articles yet.</p>'}`;
  return layout(chrome, { title: chrome.title, body, current: 'home' });
}

export function searchPage(chrome: PageChrome, query: string, results: HelpSearchResult[]): string {
  const count = results.length === 1 ? '1 result' : `${results.length} results`;
  const body = `<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="${HELP_PATH}">${e(chrome.title)}</a></li><li><span aria-current="page">Search</span></li></ol></nav>
<h1>Search results</h1>
${
  results.length > 0
    ? `<p class="result-count">${count} for “${e(query)}”</p>
<ol class="results">
${results
  .map(
    ({ article, snippet }) =>
      `<li${langAttr(article.locale)}><a href="${e(helpLink(article.id))}">${e(article.title)}</a> <span class="kind">${kindLabel(article)}</span>${
        snippet ? `<p>${e(snippet)}</p>` : ''
      }</li>`,
  )
  .join('\n')}
</ol>`
    : `<p class="result-count">Nothing matches “${e(query)}”. Try other words, or browse all topics.</p>`
}
<p><a href="${HELP_PATH}">Browse all help topics</a></p>`;
  return layout(chrome, { title: `Search: ${query} – ${chrome.title}`, query, body });
}

/** Plain text of inline nodes on one line (for the contents list and title comparison). */
const oneLine = (nodes: readonly Inline[]): string => inlineText(nodes, ' ');

const sameText = (a: string, b: string): boolean =>
  a.replace(/\s+/g, ' ').trim().toLocaleLowerCase() === b.replace(/\s+/g, ' ').trim().toLocaleLowerCase();

/**
 * An article's body as safe HTML under the page's h1: a first heading that repeats the title is left
 * out (its anchor moves to the h1, so links to it still land), and headings are shifted so the
 * body's top level is h2.
 */
export function articleBody(article: Article): {
  html: string;
  titleAnchor: string | null;
  contents: { anchor: string; text: string }[];
} {
  let blocks: Block[] = renderMarkdown(article.body);
  let titleAnchor: string | null = null;
  const first = blocks[0];
  if (first?.type === 'heading' && sameText(oneLine(first.children), article.title)) {
    titleAnchor = first.anchor;
    blocks = blocks.slice(1);
  }
  const headings = blocks.filter((b): b is Extract<Block, { type: 'heading' }> => b.type === 'heading');
  const top = headings.reduce((min, h) => Math.min(min, h.level), 7);
  // In-page anchors and other help pages stay in this tab; links elsewhere open a new one.
  const html = toSafeHtml(blocks, {
    minHeadingLevel: top > 6 ? 2 : Math.max(1, 3 - top),
    sameTabLinks: ['#', '/help'],
  });
  const contents = headings
    .filter((h) => h.level === top)
    .map((h) => ({ anchor: h.anchor, text: oneLine(h.children).trim() }));
  return { html, titleAnchor, contents };
}

export function articlePage(chrome: PageChrome, article: Article): string {
  const { html, titleAnchor, contents } = articleBody(article);
  const updated = new Date(article.updatedAt);
  const meta = Number.isNaN(updated.getTime())
    ? ''
    : `<p class="meta">Updated <time datetime="${e(updated.toISOString())}">${e(dateFormat.format(updated))}</time></p>`;
  const toc =
    article.kind === 'article' && contents.length >= 3
      ? `<nav class="toc" aria-labelledby="help_toc">
<h2 id="help_toc">On this page</h2>
<ol>
${contents.map((c) => `<li><a href="#${e(c.anchor)}">${e(c.text)}</a></li>`).join('\n')}
</ol>
</nav>`
      : '';
  const body = `<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="${HELP_PATH}">${e(chrome.title)}</a></li><li><span aria-current="page">${e(article.title)}</span></li></ol></nav>
<article class="article" lang="${e(article.locale || 'en')}">
<header class="article-header">
<p class="kind">${article.kind === 'faq' ? 'Frequently asked question' : 'Guide'}</p>
<h1${titleAnchor ? ` id="${e(titleAnchor)}"` : ''}>${e(article.title)}</h1>
${meta}
</header>
${toc}
<div class="content">
${html}
</div>
</article>
<p class="back"><a href="${HELP_PATH}">All help topics</a></p>`;
  return layout(chrome, { title: `${article.title} – ${chrome.title}`, body });
}

export function notFoundPage(chrome: PageChrome): string {
  const body = `<h1>We can’t find that article</h1>
<p>It may have been moved or taken down, or the link may be mistyped.</p>
<p><a class="button-link" href="${HELP_PATH}">Go to the help centre</a></p>`;
  return layout(chrome, { title: `Article not found – ${chrome.title}`, body });
}
