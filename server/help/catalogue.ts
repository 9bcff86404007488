/**
 * What the help centre shows of the published articles and FAQs: a plain-text summary of each, the
 * FAQs grouped by topic, and a keyword search (the knowledge base's own stemmed tokens, so "returning"
 * finds "returns"). Plain text and stems are worked out once per article version and kept.
 */
import { keywordTokens, markdownToText, normalizeQuery } from '../../knowledge-base';
import type { Article } from '../../store/ports';

/** Longest search text read (characters). */
export const MAX_HELP_QUERY_CHARS = 200;
const SUMMARY_CHARS = 200;

interface Indexed {
  key: string;
  /** The body as plain text, one line per block, a first line repeating the title left out. */
  lines: string[];
  titleTerms: Set<string>;
  /** Alternative questions and tags. */
  extraTerms: Set<string>;
  bodyTerms: Set<string>;
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
   * Published articles and FAQs matching the query, best first: most query words found, then where
   * they were found (title 3, alternative questions and tags 2, body 1), then by title.
   */
  search(articles: readonly Article[], query: string): HelpSearchResult[] {
    const terms = [...new Set(keywordTokens(query))];
    if (terms.length === 0) return [];
    const scored: { article: Article; matched: number; score: number; snippet: string }[] = [];
    for (const article of articles) {
      const doc = this.indexed(article);
      let matched = 0;
      let score = 0;
      for (const term of terms) {
        const weight = doc.titleTerms.has(term)
          ? 3
          : doc.extraTerms.has(term)
            ? 2
            : doc.bodyTerms.has(term)
              ? 1
              : 0;
        if (weight > 0) matched++;
        score += weight;
      }
      if (matched === 0) continue;
      scored.push({ article, matched, score, snippet: snippetOf(doc.lines, new Set(terms)) });
    }
    return scored
      .sort((a, b) => b.matched - a.matched || b.score - a.score || byTitle(a.article, b.article))
      .map(({ article, snippet }) => ({ article, snippet }));
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
    const indexed: Indexed = {
      key,
      lines: lines.filter((line) => line.length > 0),
      titleTerms: new Set(keywordTokens(article.title)),
      extraTerms: new Set(keywordTokens([...article.alternatives, ...article.tags].join('\n'))),
      bodyTerms: new Set(keywordTokens(lines.join('\n'))),
    };
    this.cache.set(article.id, indexed);
    return indexed;
  }
}

/** The first line (of the first 200) that holds a query word, else the first line; shortened. */
function snippetOf(lines: readonly string[], terms: ReadonlySet<string>): string {
  const hit = lines.slice(0, 200).find((line) => keywordTokens(line).some((t) => terms.has(t)));
  return shorten(hit ?? lines[0] ?? '');
}

const capitalise = (text: string): string => text.charAt(0).toLocaleUpperCase('en') + text.slice(1);
