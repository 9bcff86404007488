/**
 * Agents' suggested replies from the demo knowledge base (a real SQLite store, the knowledge base's
 * fast test embedder): what a click puts in the reply box is something to send, whole sentences.
 */
import { createKnowledgeBase, markdownToText } from '../../knowledge-base';
import { fakeEmbedder, tempStores } from '../../knowledge-base/test-helpers';
import { demoKnowledgeBase } from '../seed';
import { knowledgeBaseSuggestions } from './suggestions';

const stores = tempStores('parley-agent-suggestions-');
afterAll(() => stores.cleanup());

const demo = demoKnowledgeBase();
/** Every sentence the demo articles and FAQs hold, as plain text. */
const demoText = demo.map((a) => markdownToText(a.body).replace(/\s+/g, ' ')).join(' ');

async function suggestions() {
  const store = await stores.open();
  for (const article of demo) await store.articles.create(article);
  const kb = createKnowledgeBase({ store, embedder: fakeEmbedder() });
  await kb.build();
  return knowledgeBaseSuggestions(kb);
}

test('an article suggestion is whole sentences of the article, never cut mid-sentence', async () => {
  const source = await suggestions();
  const found = await source.suggest(
    'how do I wash wool and merino knitwear, and dry it away from radiators',
    5,
  );
  const care = found.find((s) => s.title === 'Caring for your things');
  expect(care).toBeDefined();
  expect(care!.link).toMatch(/^\/help\/kb-care-instructions/);
  expect(care!.text).toContain(
    'When it does need a wash, use a wool programme at 30 °C or hand wash in cool water with a wool detergent, never fabric softener.',
  );
  // What a click inserts: the bot's reply in plain text, each sentence whole, as the article has it.
  for (const sentence of care!.text.split(/(?<=[.!?])\s+/)) expect(demoText).toContain(sentence);
  for (const s of found) {
    expect(s.text).not.toMatch(/…$/);
    expect(s.text.length).toBeLessThanOrEqual(800);
    // Plain text: no Markdown or table pipes for the agent to clean up.
    expect(s.text).not.toMatch(/\*\*|\]\(|\|/);
  }
});

test('a suggestion never stops at a sentence pointing at text it leaves out', async () => {
  const source = await suggestions();
  for (const [text, link, pointedAt] of [
    [
      'what are the rules for discount codes',
      '/help/kb-discount-codes',
      "• One code per order; codes can't be combined",
    ],
    [
      'what are the delivery times',
      '/help/kb-shipping-times-and-costs',
      'Standard delivery: 1–2 business days',
    ],
  ]) {
    const found = await source.suggest(text, 5);
    const article = found.find((s) => s.link?.startsWith(link));
    expect(article!.text).toContain(pointedAt);
    for (const s of found) {
      expect(s.text).not.toMatch(/\|/);
      expect(s.text).not.toMatch(/Here is how they behave\.$/);
      expect(s.text).not.toMatch(/do not count weekends or public holidays\.$/);
    }
  }
});
