/**
 * The language model and the knowledge base exactly as `npm start` runs them over the demo data: the
 * intent recognizer trained on the seeded intents with the converted MiniLM in its default (int8)
 * form, the nlp module's analyzer (sentiment, entities), and the knowledge base indexed with the same
 * embedder. Loaded once per test file (about 15 s); pass `parts` to `startHandoffBot` as overrides.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { TextAnalyzer } from '../../bot';
import type { KnowledgeAnswers } from '../../dialogs';
import { composeKnowledge } from '../../server/compose/knowledge';
import { loadLanguageModel } from '../../server/language-model';
import { seedDemoData } from '../../server/seed';
import { openSqliteStore } from '../../store';
import { NOW } from '../helpers/bot-harness';

export interface LiveParts {
  analyzer: TextAnalyzer;
  knowledge: KnowledgeAnswers;
  /** The admin's intent threshold (undefined: the calibrated one), as the bot settings apply it. */
  setIntentThreshold(threshold: number | undefined): void;
  close(): Promise<void>;
}

export async function loadLiveParts(): Promise<LiveParts> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-live-dialogs-'));
  const store = await openSqliteStore({ file: join(dataDir, 'parley.sqlite'), clock: () => NOW });
  await seedDemoData(store, { now: NOW, hashPassword: async () => 'not-a-real-hash' });
  const logger = pino({ level: 'silent' });
  const model = await loadLanguageModel({
    store,
    dataDir,
    modelsDir: join(__dirname, '..', '..', 'models'),
    logger,
    embeddings: { enabled: true, quantized: true },
  });
  const knowledge = composeKnowledge({ store, embedder: Promise.resolve(model.embedder), logger });
  await knowledge.loading;
  return {
    analyzer: { analyze: (text, context) => model.analyzer.analyze(text, context) },
    knowledge: knowledge.answers,
    setIntentThreshold: (threshold) => model.live.setThreshold(threshold),
    async close() {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
