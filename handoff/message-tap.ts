/**
 * A store whose message appends are reported after they are stored: the composition root gives it to
 * the chat service and the bot, and the handoff service hears every customer message (to relay it
 * while a person owns the conversation) and every bot reply (for consoles watching a live chat).
 * The handoff service itself uses the plain store, so what it sends is not reported back to it.
 */
import type { Message, Store } from '../store';

export type AppendListener = (message: Message) => void | Promise<void>;

export function tapMessages<S extends Pick<Store, 'messages'>>(
  store: S,
  listener: AppendListener,
  onError?: (error: unknown) => void,
): S {
  const messages: Store['messages'] = {
    ...store.messages,
    append: async (input) => {
      const result = await store.messages.append(input);
      if (result.created) {
        try {
          await listener(result.message);
        } catch (error) {
          // Relaying must never fail the append the caller already has.
          onError?.(error);
        }
      }
      return result;
    },
    listAfter: (...args) => store.messages.listAfter(...args),
    getByClientId: (...args) => store.messages.getByClientId(...args),
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'messages') return messages;
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
