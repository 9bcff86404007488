import { setTimeout as sleep } from 'node:timers/promises';
import type { AppendResult, Message, MessageRepository, NewMessage } from '../ports';
import { StoreError } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { DEFAULT_MESSAGE_LIMIT, pageLimit } from '../internal/values';
import { duplicateOn, guard, toStoreError } from './errors';
import { toMessage } from './mappers';
import type { Models } from './models';
import type { ConversationDoc, MessageDoc } from './schemas';

/**
 * How many recent client message ids a conversation remembers for the race between a re-send and
 * its original (older re-sends are caught by the plain lookup, the original being long stored).
 */
export const RECENT_CLIENT_IDS = 256;
/** How long a re-send that lost the race waits for its original to become visible. */
const ORIGINAL_WAIT_MS = 5000;
/**
 * A hole in seq younger than this is an append still in flight (its seq is taken, its insert not
 * yet visible); listAfter stops before it so a reader resuming from the last seq it saw cannot
 * skip the late message. An older hole can only come from a writer that died mid-append.
 */
const IN_FLIGHT_GRACE_MS = 5000;

/*
 * Seq allocation without transactions (they need a replica set):
 *  1. a client id already stored → return it (created=false);
 *  2. validate the message first, so an invalid one never consumes a seq;
 *  3. one atomic findOneAndUpdate on the conversation both takes the next seq ($inc lastSeq) and
 *     claims the client id ($push into a bounded recent list, filtered by $ne). Two racing sends
 *     of one client id cannot both match, so the loser takes no seq and waits for the winner's
 *     message instead: no gap, no duplicate;
 *  4. insert with that seq. The unique (conversationId, seq) and partial unique
 *     (conversationId, clientMessageId) indexes remain the last line of defence.
 * A gap remains possible only if a process dies (or loses the server) between 3 and 4.
 */
export function mongoMessages({ Message, Conversation }: Models, deps: ResolvedDeps): MessageRepository {
  const findByClientId = async (conversationId: string, clientMessageId: string): Promise<Message | null> => {
    const doc = await Message.findOne({ conversationId, clientMessageId }).lean<MessageDoc>();
    return doc ? toMessage(doc) : null;
  };

  /** Takes the next seq and (when given) claims the client id; null when the claim is already taken. */
  const allocateSeq = async (
    conversationId: string,
    clientMessageId: string | null,
    now: Date,
  ): Promise<number | null> => {
    const filter =
      clientMessageId === null
        ? { _id: conversationId }
        : { _id: conversationId, recentClientMessageIds: { $ne: clientMessageId } };
    const update = {
      $inc: { lastSeq: 1 },
      $set: { updatedAt: now },
      ...(clientMessageId === null
        ? {}
        : { $push: { recentClientMessageIds: { $each: [clientMessageId], $slice: -RECENT_CLIENT_IDS } } }),
    };
    const doc = await Conversation.findOneAndUpdate(filter, update, {
      returnDocument: 'after',
      projection: { lastSeq: 1 },
    }).lean<Pick<ConversationDoc, 'lastSeq'>>();
    return doc ? doc.lastSeq : null;
  };

  /** Polls for the message of a client id another append has claimed. */
  const awaitOriginal = async (conversationId: string, clientMessageId: string): Promise<Message | null> => {
    const deadline = Date.now() + ORIGINAL_WAIT_MS;
    for (let delay = 2; ; delay = Math.min(delay * 2, 200)) {
      const found = await findByClientId(conversationId, clientMessageId);
      if (found || Date.now() >= deadline) return found;
      await sleep(delay);
    }
  };

  const append = async (input: NewMessage, retried: boolean): Promise<AppendResult> => {
    const { conversationId } = input;
    const clientMessageId = input.clientMessageId ?? null;
    if (clientMessageId !== null) {
      const existing = await findByClientId(conversationId, clientMessageId);
      if (existing) return { message: existing, created: false };
    }

    const now = deps.clock();
    const doc = new Message({
      _id: deps.newId(),
      conversationId,
      seq: 1, // placeholder until allocated; validation only
      sender: input.sender,
      senderId: input.senderId ?? null,
      text: input.text,
      attachments: input.attachments ?? [],
      clientMessageId,
      createdAt: now,
    });
    await guard('message', () => doc.validate());

    const seq = await allocateSeq(conversationId, clientMessageId, now);
    if (seq === null) {
      if (!(await Conversation.exists({ _id: conversationId }))) {
        throw new StoreError('not_found', `conversation ${conversationId} not found`);
      }
      // Only reachable with a client id: a concurrent append of the same id holds the claim.
      const original = await awaitOriginal(conversationId, clientMessageId!);
      if (original) return { message: original, created: false };
      if (retried)
        throw new StoreError('conflict', `message ${clientMessageId} is being appended by another request`);
      // The claimant died before inserting: release its claim and append once more.
      await Conversation.updateOne(
        { _id: conversationId },
        { $pull: { recentClientMessageIds: clientMessageId } },
      );
      return append(input, true);
    }

    doc.seq = seq;
    try {
      await doc.save();
    } catch (err) {
      if (clientMessageId !== null && duplicateOn(err, 'clientMessageId')) {
        // Only if the claim slid out of the recent list mid-race; the seq is lost (a gap), the message is not.
        const existing = await findByClientId(conversationId, clientMessageId);
        if (existing) return { message: existing, created: false };
      }
      if (duplicateOn(err, 'seq')) {
        throw new StoreError(
          'conflict',
          `seq ${seq} of conversation ${conversationId} is already taken (lastSeq out of sync)`,
        );
      }
      throw toStoreError(err, 'message');
    }
    return { message: toMessage(doc.toObject()), created: true };
  };

  return {
    append: (input) => append(input, false),
    async listAfter(conversationId, afterSeq, limit) {
      const docs = await Message.find({ conversationId, seq: { $gt: afterSeq } })
        .sort({ seq: 1 })
        .limit(pageLimit(limit, DEFAULT_MESSAGE_LIMIT))
        .lean<MessageDoc[]>();
      return untilInFlightGap(docs, afterSeq, deps.clock().getTime()).map(toMessage);
    },
    getByClientId: findByClientId,
  };
}

/** The messages up to the first hole in seq that may still be filling (see IN_FLIGHT_GRACE_MS). */
export function untilInFlightGap(docs: MessageDoc[], afterSeq: number, nowMs: number): MessageDoc[] {
  let expected = afterSeq + 1;
  for (let i = 0; i < docs.length; i += 1) {
    const doc = docs[i];
    if (doc.seq !== expected && nowMs - doc.createdAt.getTime() < IN_FLIGHT_GRACE_MS) return docs.slice(0, i);
    expected = doc.seq + 1;
  }
  return docs;
}
