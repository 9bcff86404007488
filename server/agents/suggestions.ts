/**
 * Suggested replies for the agent: knowledge-base passages for the customer's last message. The
 * namespace depends on this small interface; `knowledgeBaseSuggestions` adapts the knowledge base.
 */
import type { SuggestionView } from '../../console/protocol';

export interface SuggestionSource {
  suggest(text: string, limit: number): Promise<SuggestionView[]>;
}

/** Anything with the knowledge base's `search` (knowledge-base/createKnowledgeBase). */
export interface SearchableKnowledge {
  search(query: string, k?: number): Promise<{ title: string; snippet: string; link: string }[]>;
}

export function knowledgeBaseSuggestions(kb: SearchableKnowledge): SuggestionSource {
  return {
    async suggest(text, limit) {
      const hits = await kb.search(text, limit);
      return hits.map((hit) => ({ title: hit.title, text: hit.snippet, link: hit.link }));
    },
  };
}
