/**
 * Suggested replies for the agent: for the customer's last message, what the bot would reply from each
 * knowledge-base hit, as plain text in whole sentences (the knowledge base's `snippet`), so a click puts
 * something sendable in the reply box. The namespace depends on this small interface;
 * `knowledgeBaseSuggestions` adapts the knowledge base.
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
