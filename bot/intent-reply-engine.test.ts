import { IntentReplyEngine } from './intent-reply-engine';
import type { BotTurnInput } from './reply-engine';

const turn = (text: string, seq = 1): BotTurnInput =>
  ({
    conversation: { id: 'c1' },
    message: { text, seq },
    now: new Date('2026-01-01T00:00:00Z'),
  }) as unknown as BotTurnInput;

describe('IntentReplyEngine', () => {
  const engine = new IntentReplyEngine({
    analyze: (text) =>
      text.includes('order') ? { intent: 'order.status', score: 0.9 } : { intent: 'none', score: 0.2 },
    responses: new Map([['order.status', ['First variant.', 'Second variant.']]]),
  });

  it('answers a recognised intent with one of its responses, varying by seq', async () => {
    expect((await engine.respond(turn('where is my order', 1)))[0].text).toBe('Second variant.');
    expect((await engine.respond(turn('where is my order', 2)))[0].text).toBe('First variant.');
    expect((await engine.respond(turn('where is my order', 2)))[0].meta).toEqual({
      intent: 'order.status',
      score: 0.9,
    });
  });

  it('asks to rephrase with topics when nothing is recognised', async () => {
    const [reply] = await engine.respond(turn('blorp'));
    expect(reply.text).toMatch(/put it another way/);
    expect(reply.suggestedActions?.length).toBeGreaterThanOrEqual(3);
    expect(reply.meta?.intent).toBe('none');
  });
});
