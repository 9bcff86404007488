/**
 * How activities become stored messages and back: the text, cards as Bot Framework attachments,
 * suggested actions as a Parley attachment (the widget's quick replies), events as system messages.
 */
import type { Activity, CardAction } from 'botbuilder';
import type { Message, NewMessage } from '../store';
import { SUGGESTED_ACTIONS_TYPE, type SuggestedAction } from './reply-engine';

export const EVENT_ATTACHMENT_TYPE = 'application/vnd.parley.event';

/** Activities the transcript stores (and channels deliver): messages and named events. */
export function isStorable(activity: Partial<Activity>): boolean {
  return activity.type === 'message' || (activity.type === 'event' && typeof activity.name === 'string');
}

const EVENT_TEXT: Record<string, (value: unknown) => string> = {
  'handoff.initiate': () => 'Handing over to a person from our team.',
  'parley.csat': (value) =>
    `Rated this chat ${(value as { score?: number } | undefined)?.score ?? '?'} out of 5.`,
};

export function toNewMessage(conversationId: string, activity: Partial<Activity>): NewMessage {
  if (activity.type === 'event') {
    const name = activity.name!;
    return {
      conversationId,
      sender: 'system',
      text: activity.text || (EVENT_TEXT[name]?.(activity.value) ?? ''),
      attachments: [{ contentType: EVENT_ATTACHMENT_TYPE, content: { name, value: activity.value ?? null } }],
    };
  }
  const attachments: unknown[] = (activity.attachments ?? []).map((a) => ({
    contentType: a.contentType,
    content: a.content,
    ...(a.name ? { name: a.name } : {}),
    ...(a.contentUrl ? { contentUrl: a.contentUrl } : {}),
  }));
  const actions = quickReplies(activity.suggestedActions?.actions ?? []);
  if (actions.length) attachments.push({ contentType: SUGGESTED_ACTIONS_TYPE, content: { actions } });
  return { conversationId, sender: 'bot', text: activity.text ?? '', attachments };
}

function quickReplies(actions: CardAction[]): SuggestedAction[] {
  return actions
    .filter(
      (a) => typeof a.title === 'string' && (typeof a.value === 'string' || typeof a.title === 'string'),
    )
    .map((a) => ({ title: a.title, value: typeof a.value === 'string' ? a.value : a.title }));
}

/**
 * The stored message of each outgoing activity, by the activity object: a promise that settles when
 * the message is committed. The transcript starts the write; the channel adapter delivers what was
 * stored, after the commit.
 */
const stored = new WeakMap<Partial<Activity>, Promise<Message>>();

export function rememberStored(activity: Partial<Activity>, message: Promise<Message>): void {
  stored.set(activity, message);
}

export function storedMessageOf(activity: Partial<Activity>): Promise<Message> | undefined {
  return stored.get(activity);
}

/**
 * Set in the turn state by an adapter that delivers each activity only once its message is committed
 * (SocketIoAdapter): the transcript then does not wait for the commit itself, so every write of the
 * turn (replies, state) joins one commit. Adapters that send what they are given at once (CloudAdapter)
 * leave it unset and the transcript waits.
 */
export const DEFERRED_DELIVERY_KEY = 'parley.deferredDelivery';
