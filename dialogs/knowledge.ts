/**
 * Adapts the knowledge base module (`createKnowledgeBase(...)`) to the FAQ dialog's KnowledgeAnswers:
 * its answers already have the shape the dialog reads; feedback names the source as `sourceId`.
 */
import type { KnowledgeAnswers, KnowledgeResult } from './services';

/** The part of knowledge-base/KnowledgeBase used here (structural, so tests can pass fakes). */
export interface KnowledgeBaseLike {
  answer(query: string): Promise<KnowledgeResult>;
  recordFeedback?(input: {
    answerId: string;
    sourceId: string;
    helpful: boolean;
    conversationId?: string | null;
    query?: string | null;
  }): Promise<unknown>;
}

export function knowledgeAnswers(kb: KnowledgeBaseLike): KnowledgeAnswers {
  return {
    answer: (query) => kb.answer(query),
    async recordFeedback(feedback) {
      if (!kb.recordFeedback || !feedback.answerId) return;
      await kb.recordFeedback({
        answerId: feedback.answerId,
        sourceId: feedback.articleId,
        helpful: feedback.helpful,
        conversationId: feedback.conversationId,
        query: feedback.query,
      });
    },
  };
}
