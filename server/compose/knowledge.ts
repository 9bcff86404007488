/**
 * The knowledge base as the service runs it: built once the sentence embedder is loaded (without
 * embeddings the bot answers from intents alone), answering the dialogs, searching for the agents'
 * suggested replies, and updated in place when an admin edits an article or FAQ (on this node, or on
 * another one: `sync`).
 */
import type { Logger } from 'pino';
import type { KnowledgeAnswers, KnowledgeResult } from '../../dialogs';
import { createKnowledgeBase, type KnowledgeBase, type SearchHit } from '../../knowledge-base';
import type { Embedder } from '../../nlp';
import type { Store } from '../../store/ports';
import type { SearchableKnowledge } from '../agents';
import { whenLoaded } from './when-loaded';

export interface ComposedKnowledge {
  /** For the dialogs: the best answer or the closest topics. */
  answers: KnowledgeAnswers;
  /** Knowledge-base passages for an agent's suggested replies. */
  search: SearchableKnowledge['search'];
  /** Ranked passages with their scores (the admin's test console). */
  searchHits(query: string, k: number): Promise<SearchHit[]>;
  /** The answer confidence below which no article answers (an admin's setting; undefined: the default). */
  setThreshold(threshold: number | undefined): void;
  /** An article or FAQ was created, changed or deleted: re-index just that one. */
  articleChanged(id: string): void;
  /**
   * Compares the index with the store (each article's version, updatedAt and content) and re-indexes
   * what differs: changes another node made. Resolves with what changed; null when there is no index
   * (no embeddings, or it failed to build). Waits for the first build.
   */
  sync(): Promise<{ upserted: string[]; removed: string[] } | null>;
  /**
   * Settles when the index is built (or known not to be needed); rejects when the embedder or the
   * build failed (start-up reports it; the setters above then change nothing).
   */
  loading: Promise<void>;
  /** True once answers come from the index (or when there are no embeddings to build one). */
  isReady(): boolean;
}

export function composeKnowledge(options: {
  store: Store;
  embedder: Promise<Embedder | undefined>;
  logger: Logger;
}): ComposedKnowledge {
  const { store, logger } = options;
  let knowledgeBase: KnowledgeBase | undefined;
  let notNeeded = false;
  let defaultThreshold: number | undefined;
  const loading = options.embedder.then(async (embedder) => {
    if (!embedder) {
      notNeeded = true;
      return;
    }
    const kb = createKnowledgeBase({ store, embedder });
    const report = await kb.build();
    logger.info({ report }, 'knowledge base indexed');
    knowledgeBase = kb;
  });

  const searchHits = async (query: string, k?: number): Promise<SearchHit[]> => {
    await loading;
    return knowledgeBase ? knowledgeBase.search(query, k) : [];
  };

  const answers: KnowledgeAnswers = {
    answer: async (query): Promise<KnowledgeResult> => {
      await loading;
      if (!knowledgeBase) return { kind: 'suggestions', topics: [] };
      const result = await knowledgeBase.answer(query);
      return result.kind === 'answer'
        ? {
            kind: 'answer',
            text: result.text,
            source: result.source,
            confidence: result.confidence,
            answerId: result.answerId,
          }
        : { kind: 'suggestions', topics: result.topics };
    },
    recordFeedback: async (feedback) => {
      if (!knowledgeBase || !feedback.answerId) return;
      await knowledgeBase.recordFeedback({
        answerId: feedback.answerId,
        sourceId: feedback.articleId,
        helpful: feedback.helpful,
        conversationId: feedback.conversationId ?? undefined,
        query: feedback.query,
      });
    },
  };

  return {
    answers,
    search: async (query, k) =>
      (await searchHits(query, k)).map((hit) => ({ title: hit.title, snippet: hit.snippet, link: hit.link })),
    searchHits,
    setThreshold(threshold) {
      whenLoaded(
        loading,
        () => {
          if (!knowledgeBase) return;
          defaultThreshold ??= knowledgeBase.scoring.calibration.threshold;
          const calibration = {
            ...knowledgeBase.scoring.calibration,
            threshold: threshold ?? defaultThreshold,
          };
          knowledgeBase.setScoring({ calibration });
        },
        (error) => logger.error({ err: error, threshold }, 'setting the knowledge-base threshold failed'),
      );
    },
    articleChanged(id) {
      whenLoaded(
        loading,
        // upsertArticle also drops an id that was deleted or unpublished.
        () => knowledgeBase?.upsertArticle(id),
        (error) => logger.error({ err: error, id }, 'knowledge base update failed'),
      );
    },
    async sync() {
      const built = await loading.then(
        () => true,
        () => false, // reported by start-up
      );
      if (!built || !knowledgeBase) return null;
      const { upserted, removed } = await knowledgeBase.sync();
      return { upserted, removed };
    },
    loading,
    isReady: () => knowledgeBase !== undefined || notNeeded,
  };
}
