/** Query input rules: what the knowledge base accepts and how it cleans it. */
import { blankControls } from '../nlp/text';

/** Longest query read (characters); the rest is dropped at a word boundary. */
export const MAX_QUERY_CHARS = 1000;

export type KnowledgeBaseErrorCode = 'invalid_query' | 'invalid_input' | 'not_found' | 'not_ready';

/** The one error type of the knowledge base; `code` says what went wrong. */
export class KnowledgeBaseError extends Error {
  constructor(
    readonly code: KnowledgeBaseErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KnowledgeBaseError';
  }
}

/**
 * Cleans a query: control and zero-width characters (nlp/text.ts's one definition) and lone surrogate
 * halves become spaces, whitespace collapses, and text past MAX_QUERY_CHARS is cut at a word
 * boundary. A non-string is a KnowledgeBaseError('invalid_query').
 */
export function normalizeQuery(query: unknown): string {
  if (typeof query !== 'string') {
    throw new KnowledgeBaseError(
      'invalid_query',
      `query must be a string, got ${query === null ? 'null' : typeof query}`,
    );
  }
  let text = query.length > MAX_QUERY_CHARS * 4 ? query.slice(0, MAX_QUERY_CHARS * 4) : query;
  text = blankControls(text)
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length > MAX_QUERY_CHARS) {
    const head = text.slice(0, MAX_QUERY_CHARS);
    const space = head.lastIndexOf(' ');
    text = space > MAX_QUERY_CHARS / 2 ? head.slice(0, space) : head;
  }
  return text;
}

/** True when the query holds at least one letter or digit (punctuation and emoji alone do not count). */
export const hasWords = (query: string): boolean => /[\p{L}\p{N}]/u.test(query);
