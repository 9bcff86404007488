/**
 * The knowledge base's keyword (BM25) side on its own. `keywordDocs` is what the knowledge base's
 * keyword index holds for an article or FAQ; `createArticleKeywordSearch` is a keyword-only search over
 * a list of articles built from the same documents and ranked as the knowledge base ranks in `bm25`
 * mode (a document scores its best passage), so a page searching with it lists what the bot would
 * find, in the same order. It needs no embedding model, so it works before (or without) the knowledge
 * base being built.
 */
import type { Article } from '../store';
import { createKeywordIndex, type KeywordDoc, type KeywordEngine } from './keyword-index';
import { splitPassages, type Passage, type PassageOptions } from './passages';
import { normalizeQuery } from './query';

/** Key of a passage in the indexes: `<article id>#<passage index>`. */
export const passageKey = (articleId: string, index: number): string => `${articleId}#${index}`;

export const splitPassageKey = (key: string): [string, number] => {
  const at = key.lastIndexOf('#');
  return [key.slice(0, at), Number(key.slice(at + 1))];
};

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item, i) => item === b[i]);

/**
 * Whether an indexed copy of an article is still the stored one. The version alone is not enough: an
 * article deleted and re-created under the same id starts again at version 1 (possibly within the
 * same clock tick), so everything the indexes are built from is compared too.
 */
export const sameIndexedArticle = (indexed: Article, stored: Article): boolean =>
  indexed.version === stored.version &&
  indexed.updatedAt === stored.updatedAt &&
  indexed.kind === stored.kind &&
  indexed.title === stored.title &&
  indexed.body === stored.body &&
  indexed.locale === stored.locale &&
  indexed.published === stored.published &&
  sameList(indexed.alternatives, stored.alternatives) &&
  sameList(indexed.tags, stored.tags);

/**
 * The keyword documents of one article or FAQ. A FAQ is one document (its question and phrasings as
 * the title field, its answer as the body, key #0); an article one per passage, titled with the
 * article's title and heading path (the title passage's body is the tags).
 */
export function keywordDocs(
  article: Pick<Article, 'id' | 'kind' | 'title' | 'tags'>,
  passages: Passage[],
): KeywordDoc[] {
  if (article.kind === 'faq') {
    const question = passages
      .filter((p) => p.role === 'question' || p.role === 'alternative')
      .map((p) => p.text);
    const answer = passages.find((p) => p.role === 'answer')?.text ?? '';
    return [{ id: passageKey(article.id, 0), title: question.join('\n'), body: answer }];
  }
  return passages.map((p): KeywordDoc => ({
    id: passageKey(article.id, p.index),
    title: p.role === 'title' ? p.text : [article.title, ...p.headings].join('\n'),
    body: p.role === 'title' ? article.tags.join(' ') : p.text,
  }));
}

export interface ArticleKeywordHit {
  article: Article;
  /** BM25 of the best passage (a FAQ's one document). */
  score: number;
  /** The passage that scored best (the first one on a tie, so a FAQ's question). */
  passage: Passage;
  passages: Passage[];
}

export interface ArticleKeywordSearch {
  /**
   * Makes the index hold exactly these articles: new and changed ones are (re)indexed, missing ones
   * dropped. Drafts among them are left out.
   */
  update(articles: readonly Article[]): void;
  /**
   * Every article with a query word, best first (ties by id); [] for a query without words. With
   * `forgiveTypos`, a query that finds nothing is tried again with each word the index lacks matched
   * to the indexed words one edit away ("retrun" finds the returns articles); exact matches, when
   * there are any, are all that is shown.
   */
  search(query: string, options?: { forgiveTypos?: boolean }): ArticleKeywordHit[];
}

export function createArticleKeywordSearch(
  options: { engine?: KeywordEngine; passages?: PassageOptions } = {},
): ArticleKeywordSearch {
  const index = createKeywordIndex(options.engine ?? 'postings');
  const docs = new Map<string, { article: Article; passages: Passage[]; keys: string[] }>();

  const remove = (id: string) => {
    const doc = docs.get(id);
    if (!doc) return;
    index.remove(doc.keys);
    docs.delete(id);
  };

  return {
    update(articles) {
      const live = new Set<string>();
      for (const article of articles) {
        if (!article.published) continue;
        live.add(article.id);
        const indexed = docs.get(article.id);
        if (indexed && sameIndexedArticle(indexed.article, article)) continue;
        remove(article.id);
        const passages = splitPassages(article, options.passages);
        const added = keywordDocs(article, passages);
        index.add(added);
        docs.set(article.id, { article, passages, keys: added.map((d) => d.id) });
      }
      for (const id of [...docs.keys()]) if (!live.has(id)) remove(id);
    },

    search(query, searchOptions = {}) {
      const text = normalizeQuery(query);
      const limit = Math.max(1, index.size);
      let found = index.search(text, limit);
      if (found.length === 0 && searchOptions.forgiveTypos)
        found = index.search(text, limit, { fuzzy: true });
      const best = new Map<string, { score: number; index: number }>();
      for (const hit of found) {
        const [id, at] = splitPassageKey(hit.id);
        const seen = best.get(id);
        // Hits come best first: a later one only wins a tie by coming earlier in the article.
        if (!seen || (hit.score === seen.score && at < seen.index))
          best.set(id, { score: hit.score, index: at });
      }
      const hits: ArticleKeywordHit[] = [];
      for (const [id, { score, index: at }] of best) {
        const doc = docs.get(id);
        if (!doc || score <= 0) continue;
        const passage = doc.passages.find((p) => p.index === at) ?? doc.passages[0];
        hits.push({ article: doc.article, score, passage, passages: doc.passages });
      }
      return hits.sort((a, b) => b.score - a.score || (a.article.id < b.article.id ? -1 : 1));
    },
  };
}
