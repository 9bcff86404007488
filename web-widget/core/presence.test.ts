import type { ChatMessageView } from '../../protocol';
import { presenceOf } from './presence';

let seq = 0;
const message = (
  sender: ChatMessageView['sender'],
  extra: Partial<ChatMessageView> = {},
): ChatMessageView => ({
  conversationId: 'conv-1',
  seq: ++seq,
  sender,
  text: '',
  attachments: [],
  clientMessageId: null,
  createdAt: new Date(0).toISOString(),
  ...extra,
});
const status = (value: Record<string, unknown>) =>
  message('system', { event: { name: 'handoff.status', value } });

describe('presenceOf', () => {
  it('is the assistant without a handoff, and waiting while queued', () => {
    expect(presenceOf({ messages: [] })).toEqual({ kind: 'assistant' });
    expect(presenceOf({ conversationState: 'bot', messages: [] })).toEqual({ kind: 'assistant' });
    expect(presenceOf({ conversationState: 'closed', messages: [] })).toEqual({ kind: 'assistant' });
    expect(presenceOf({ conversationState: 'queued', messages: [] })).toEqual({ kind: 'waiting' });
  });

  it('names the person from the "joined" notice, then from their own messages', () => {
    const joined = status({ state: 'accepted', agentName: 'Sam Ortega' });
    expect(presenceOf({ conversationState: 'agent', messages: [joined, message('customer')] })).toEqual({
      kind: 'person',
      name: 'Sam Ortega',
    });
    const later = [joined, message('agent', { senderName: 'Sam O.' }), message('agent')];
    expect(presenceOf({ conversationState: 'agent', messages: later })).toEqual({
      kind: 'person',
      name: 'Sam O.',
    });
  });

  it('names the person a transfer went to', () => {
    const joined = status({ state: 'accepted', agentName: 'Sam Ortega' });
    const moved = status({ state: 'transferred', agentName: 'Priya Nair' });
    expect(presenceOf({ conversationState: 'agent', messages: [joined, moved] })).toEqual({
      kind: 'person',
      name: 'Priya Nair',
    });
  });

  it('does not carry a name over a hand-back or a transfer to a team', () => {
    const first = [
      status({ state: 'accepted', agentName: 'Sam Ortega' }),
      message('agent', { senderName: 'Sam Ortega' }),
    ];
    const transferred = [...first, status({ state: 'transferred' })];
    expect(presenceOf({ conversationState: 'agent', messages: transferred })).toEqual({
      kind: 'person',
      name: null,
    });
    expect(
      presenceOf({
        conversationState: 'agent',
        messages: [...transferred, message('agent', { senderName: 'Priya Nair' })],
      }),
    ).toEqual({ kind: 'person', name: 'Priya Nair' });
    const again = [
      ...first,
      status({ state: 'completed', resolution: 'handed_back' }),
      status({ state: 'accepted' }),
    ];
    expect(presenceOf({ conversationState: 'agent', messages: again })).toEqual({
      kind: 'person',
      name: null,
    });
  });
});
