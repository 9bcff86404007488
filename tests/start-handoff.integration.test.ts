/**
 * The human handoff as `npm start` wires it: the real service on embedded defaults, customers on
 * real /chat sockets, an agent signed in over HTTP on the real /agents namespace.
 */
import type { Socket } from 'socket.io-client';
import type { ChatMessageView, ChatTypingNotice } from '../protocol';
import { ask, next } from './helpers/handoff-harness';
import { startService, type StartedService } from './helpers/started-service';

jest.setTimeout(120_000);

describe('human handoff in the started service', () => {
  let service: StartedService;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(async () => {
    await service?.close();
  });
  const customer = () => service.customer();
  const agent = () => service.agent();

  let sent = 0;
  async function say(socket: Socket, text: string, conversationId?: string): Promise<string> {
    const ack = await ask<{ conversationId: string }>(socket, 'chat:message', {
      clientMessageId: `m${++sent}`,
      text,
      ...(conversationId ? { conversationId } : {}),
    });
    return ack.conversationId;
  }

  it('with nobody online: offers email, and a customer who writes something else gets the bot back', async () => {
    const socket = await customer();
    const offer = next<ChatMessageView>(socket, 'chat:reply', (m) => m.event?.name === 'handoff.status');
    const conversationId = await say(socket, 'can I talk to a person please');
    const status = await offer;
    // The widget shows its email form for this state; internal details stay on the server.
    expect(status.event).toEqual({ name: 'handoff.status', value: { state: 'failed', reason: 'no_agent' } });
    expect(status.text).toMatch(/Nobody from our team is available/);

    const answer = next<ChatMessageView>(socket, 'chat:reply', (m) => m.sender === 'bot');
    await say(socket, 'how long do I have to return something?', conversationId);
    expect((await answer).text).toMatch(/\S/);
    const conversation = await service.parley.store.conversations.get(conversationId);
    expect(conversation?.state).toBe('bot');
  });

  it('with an agent online: the agent receives the summarized escalation, and both sides see each other live', async () => {
    const console = await agent();
    const socket = await customer();
    const conversationId = await say(socket, 'My order A1042 has not arrived and I am worried.');
    await next<ChatMessageView>(socket, 'chat:reply', (m) => m.sender === 'bot');

    const joined = next<ChatMessageView>(
      socket,
      'chat:reply',
      (m) =>
        m.event?.name === 'handoff.status' && (m.event.value as { state?: string })?.state === 'accepted',
    );
    const escalation = next<{ id: string; conversationId: string; packet: { problem: string } }>(
      console,
      'escalation:new',
    );
    await say(socket, 'I want to talk to a human', conversationId);
    const card = await escalation;
    expect(card.conversationId).toBe(conversationId);
    expect(card.packet.problem).toMatch(/A1042/);
    // Auto-assigned to the only agent online: the customer learns who joined.
    expect((await joined).event?.value).toMatchObject({ state: 'accepted', agentName: 'Sam Ortega' });

    // Typing both ways.
    const agentTyping = next<ChatTypingNotice>(socket, 'chat:typing');
    console.emit('agent:typing', { conversationId, active: true });
    expect(await agentTyping).toEqual({ conversationId, active: true, name: 'Sam Ortega' });
    const customerTyping = next<{ conversationId: string; active: boolean }>(console, 'conversation:typing');
    await ask(socket, 'chat:typing', { conversationId, active: true });
    expect(await customerTyping).toMatchObject({ conversationId, active: true });

    // The agent's message is stored, then delivered; the bot stays silent on the customer's answer.
    const reply = next<ChatMessageView>(socket, 'chat:reply', (m) => m.sender === 'agent');
    await ask(console, 'agent:message', {
      conversationId,
      text: 'Hi, Sam here. Let me check A1042.',
      clientMessageId: 'a1',
    });
    expect((await reply).text).toBe('Hi, Sam here. Let me check A1042.');
    const relayed = next<{ text: string }>(console, 'conversation:message', (m) => m.text === 'thank you!');
    await say(socket, 'thank you!', conversationId);
    await relayed;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stored = await service.parley.store.messages.listAfter(conversationId, 0);
    const afterThanks = stored.slice(stored.findIndex((m) => m.text === 'thank you!') + 1);
    expect(afterThanks.filter((m) => m.sender === 'bot')).toEqual([]);
  });

  it('refuses typing for a conversation that is not the visitor’s own, and malformed typing', async () => {
    const socket = await customer();
    await expect(
      ask(socket, 'chat:typing', { conversationId: 'not-mine', active: true }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(ask(socket, 'chat:typing', { conversationId: 'x', active: 'yes' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});
