/**
 * What the help centre shows of the published articles and FAQs: a plain-text summary of each, the
 * FAQs grouped by topic, and search. Search is the knowledge base's keyword (BM25) search over the
 * same documents the bot's index holds, so the help centre finds and orders what the bot would (and
 * "returning" finds "returns"; a query that finds nothing as typed is tried again with one typo per
 * word forgiven). Summaries are worked out once per article version and kept.
 */
import {
  createArticleKeywordSearch,
  markdownToText,
  normalizeQuery,
  type ArticleKeywordHit,
} from '../../knowledge-base';
import type { Article } from '../../store/ports';

/** Longest search text read (characters). */
export const MAX_HELP_QUERY_CHARS = 200;
const SUMMARY_CHARS = 200;

interface Indexed {
  key: string;
  /** The body as plain text, one line per block, a first line repeating the title left out. */
  lines: string[];
}

export interface HelpSearchResult {
  article: Article;
  snippet: string;
}

export interface FaqTopic {
  name: string;
  faqs: Article[];
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
const byTitle = (a: Article, b: Article): number => collator.compare(a.title, b.title);

/** Cuts text to about `max` characters at a word boundary, with an ellipsis when something was cut. */
export function shorten(text: string, max = SUMMARY_CHARS): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const head = clean.slice(0, max);
  const space = head.lastIndexOf(' ');
  return `${(space > max / 2 ? head.slice(0, space) : head).replace(/[\s.,;:!?-]+$/, '')}…`;
}

/** The search text from `?q=`: one string (the first when repeated), cleaned and bounded. */
export function readQuery(raw: unknown): string {
  const value = Array.isArray(raw) ? raw.find((v) => typeof v === 'string') : raw;
  if (typeof value !== 'string') return '';
  return normalizeQuery(value.slice(0, MAX_HELP_QUERY_CHARS * 4))
    .slice(0, MAX_HELP_QUERY_CHARS)
    .trim();
}

const sameText = (a: string, b: string): boolean => collator.compare(a.trim(), b.trim()) === 0;

export class HelpCatalogue {
  private readonly cache = new Map<string, Indexed>();
  private readonly keywords = createArticleKeywordSearch();

  /** A short plain-text summary of an article's body (its first paragraph, shortened). */
  summary(article: Article): string {
    const lines = this.indexed(article).lines;
    return shorten(lines.find((line) => line.length > 0) ?? '');
  }

  /** FAQs by topic (their first tag), topics in alphabetical order, untagged ones last. */
  faqTopics(faqs: readonly Article[]): FaqTopic[] {
    const groups = new Map<string, { name: string; faqs: Article[] }>();
    for (const faq of faqs) {
      const tag = faq.tags.map((t) => t.trim()).find(Boolean);
      const key = tag ? tag.toLocaleLowerCase('en') : '';
      const group = groups.get(key) ?? { name: tag ? capitalise(tag) : '', faqs: [] };
      group.faqs.push(faq);
      groups.set(key, group);
    }
    return [...groups.entries()]
      .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : collator.compare(a, b)))
      .map(([, group]) => ({ name: group.name, faqs: group.faqs.sort(byTitle) }));
  }

  /**
   * Published articles and FAQs matching the query, best first, as the knowledge base ranks them by
   * keywords; each with the text that matched: a FAQ's answer, an article's best section.
   */
  search(articles: readonly Article[], query: string): HelpSearchResult[] {
    this.keywords.update(articles);
    // A typo ("retrun") is forgiven when the words as typed find nothing, as the chat forgives it.
    return this.keywords
      .search(query, { forgiveTypos: true })
      .map((hit) => ({ article: hit.article, snippet: snippetOf(hit) }));
  }

  /** Forgets the entries of articles no longer in `current` (deleted or unpublished). */
  retain(current: readonly Article[]): void {
    if (this.cache.size <= current.length) return;
    const ids = new Set(current.map((a) => a.id));
    for (const id of this.cache.keys()) if (!ids.has(id)) this.cache.delete(id);
  }

  private indexed(article: Article): Indexed {
    const key = `${article.version}\u0000${article.updatedAt}\u0000${article.title}`;
    const cached = this.cache.get(article.id);
    if (cached?.key === key) return cached;
    const lines = markdownToText(article.body)
      .split('\n')
      .map((line) => line.replace(/\s+/g, ' ').trim());
    const firstText = lines.findIndex((line) => line.length > 0);
    if (firstText >= 0 && sameText(lines[firstText], article.title)) lines.splice(firstText, 1);
    const indexed: Indexed = { key, lines: lines.filter((line) => line.length > 0) };
    this.cache.set(article.id, indexed);
    return indexed;
  }
}

/** A FAQ's answer; an article's best passage (its first section when the title matched best). */
function snippetOf(hit: ArticleKeywordHit): string {
  const wanted = hit.article.kind === 'faq' ? 'answer' : hit.passage.role === 'title' ? 'section' : null;
  const passage = wanted ? hit.passages.find((p) => p.role === wanted) : hit.passage;
  return shorten(passage?.text ?? '');
}

const capitalise = (text: string): string => text.charAt(0).toLocaleUpperCase('en') + text.slice(1);
