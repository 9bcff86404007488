/**
 * The support bot over the demo shop, as the service composes it: the nlp module's Analyzer (nlp.js
 * classifier trained on the demo intents, no embeddings, so it loads in well under a second),
 * entities with the shop's order and tracking number patterns and the catalogue gazetteer, the shop's
 * return policy and catalogue. Used by integration tests and the bot benchmark.
 */
import { createSupportBot, type ParleyBot, type SupportBotDependencies } from '../../bot';
import type { ReturnPolicy } from '../../dialogs';
import { Analyzer, IntentRecognizer, ProductGazetteer } from '../../nlp';
import type { Store } from '../../store/ports';
import { DEMO_SHOP, FINAL_SALE_TAG, demoCatalogue, demoIntents, seedDemoData } from '../../server/seed';

export const DEMO_RETURN_POLICY: ReturnPolicy = {
  windowDays: DEMO_SHOP.returnWindowDays,
  finalSaleTag: FINAL_SALE_TAG,
  refundBusinessDays: DEMO_SHOP.refundBusinessDays,
  warrantyYears: DEMO_SHOP.warrantyYears,
};

let trained: Promise<IntentRecognizer> | undefined;

/** nlp.js-only recognizer on the demo intents (trained once per process). */
export function demoRecognizer(): Promise<IntentRecognizer> {
  trained ??= IntentRecognizer.train(
    demoIntents.map((i) => ({ name: i.name, utterances: [...i.utterances] })),
  );
  return trained;
}

export async function demoAnalyzer(clock?: () => Date): Promise<Analyzer> {
  return new Analyzer({
    recognizer: await demoRecognizer(),
    gazetteer: new ProductGazetteer(demoCatalogue),
    patterns: { orderNumber: /\bA\d{4}\b/i, trackingNumber: /\bFT\d{10}[A-Z]{2}\b/i },
    clock,
  });
}

/** Seeds the demo shop into `store` (if empty) and builds the bot over it. */
export async function demoSupportBot(
  store: Store,
  options: { now: Date; clock?: () => Date } & Partial<SupportBotDependencies>,
): Promise<ParleyBot> {
  const { now, clock = () => now, ...overrides } = options;
  if ((await store.customers.count()) === 0)
    await seedDemoData(store, { now, hashPassword: async () => 'not-a-real-hash' });
  const intents = await store.intents.list();
  return createSupportBot({
    store,
    analyzer: await demoAnalyzer(clock),
    policy: DEMO_RETURN_POLICY,
    catalogue: demoCatalogue,
    shopName: DEMO_SHOP.name,
    intentResponses: new Map(intents.map((i) => [i.name, i.responses])),
    alwaysHumanIntents: new Set(intents.filter((i) => i.settings.alwaysHuman).map((i) => i.name)),
    clock,
    ...overrides,
  });
}
