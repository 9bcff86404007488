/**
 * ConversationState and UserState with two changes to botbuilder's BotState:
 * - change detection hashes with JSON.stringify (botbuilder's cycle-safe stringify is several times
 *   slower, and state is plain JSON here);
 * - conversation state is saved with the eTag it was read with, so a turn that ran on stale state
 *   (another process wrote in between) fails with a conflict instead of overwriting it. User state,
 *   shared by a visitor's parallel conversations, keeps botbuilder's last-writer-wins ("*");
 * - turns that did not come through the web chat's socket.io adapter (POST /api/messages) keep their
 *   state under keys of their own, so a caller cannot read or change a web conversation's state by
 *   naming its channel ("web") and conversation id.
 */
import { ConversationState, UserState, type Storage, type TurnContext } from 'botbuilder';
import { SocketIoAdapter } from './socket-io-adapter';
import { handOverJson, readJsonOf } from './state-storage';

/** Prefix of the state keys of turns from any adapter but the web chat's. */
const OTHER_CHANNELS_PREFIX = 'botframework/';

interface Cached {
  state: Record<string, unknown> & { eTag?: string };
  hash: string;
}

/** The state as JSON without its eTag: the change hash, and exactly what storage writes. */
function hashOf(state: Record<string, unknown>): string {
  const { eTag: _eTag, ...rest } = state;
  return JSON.stringify(rest);
}

type StateClass = typeof ConversationState | typeof UserState;

function withFastState<T extends StateClass>(Base: T, useETags: boolean) {
  // The turn-state slot of the base class is private; keep our own, and route every read through it.
  return class extends (Base as typeof ConversationState) {
    private readonly slot = Symbol('parley-state');
    private readonly keyOf: (context: TurnContext) => Promise<string>;

    constructor(storage: Storage, namespace = '') {
      super(storage, namespace);
      const botbuilderKey = (
        this as unknown as { storageKey: (context: TurnContext) => Promise<string> | string }
      ).storageKey;
      // botbuilder's key is "<channelId>/conversations/<id>/" (or "/users/<id>/"): both named by the
      // activity. Only the web chat's adapter sets them from the store; anything else is prefixed.
      this.keyOf = async (context) =>
        context.adapter instanceof SocketIoAdapter
          ? botbuilderKey(context)
          : `${OTHER_CHANNELS_PREFIX}${await botbuilderKey(context)}`;
    }

    override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
      const cached = context.turnState.get(this.slot) as Cached | undefined;
      if (!force && cached?.state) return cached.state;
      const key = await this.keyOf(context);
      const items = await this.storage.read([key]);
      const state = (items[key] ?? {}) as Cached['state'];
      // The storage hands over the JSON it parsed: that is the hash, no need to serialize again.
      const json = readJsonOf(state) ?? hashOf(state);
      context.turnState.set(this.slot, { state, hash: json } satisfies Cached);
      return state;
    }

    override async saveChanges(context: TurnContext, force = false): Promise<void> {
      let cached = context.turnState.get(this.slot) as Cached | undefined;
      if (!force && !cached) return;
      cached ??= { state: {}, hash: '' };
      const json = hashOf(cached.state);
      if (!force && cached.hash === json) return;
      if (!useETags) cached.state.eTag = '*';
      handOverJson(cached.state, json);
      const key = await this.keyOf(context);
      await this.storage.write({ [key]: cached.state });
      cached.hash = json;
      context.turnState.set(this.slot, cached);
    }

    override async clear(context: TurnContext): Promise<void> {
      const cached = context.turnState.get(this.slot) as Cached | undefined;
      // Keep the eTag: clearing is a change to the stored document, not a new document.
      context.turnState.set(this.slot, {
        state: cached?.state.eTag ? { eTag: cached.state.eTag } : {},
        hash: '',
      } satisfies Cached);
    }

    override async delete(context: TurnContext): Promise<void> {
      context.turnState.delete(this.slot);
      const key = await this.keyOf(context);
      await this.storage.delete([key]);
    }

    override get(context: TurnContext): Record<string, unknown> | undefined {
      const cached = context.turnState.get(this.slot) as Cached | undefined;
      return typeof cached?.state === 'object' ? cached.state : undefined;
    }
  };
}

/** ConversationState saved with its eTag (optimistic concurrency) and hashed with JSON.stringify. */
export class ParleyConversationState extends withFastState(ConversationState, true) {}

/** UserState hashed with JSON.stringify; saved last-writer-wins like botbuilder's. */
export class ParleyUserState extends withFastState(UserState, false) {}
