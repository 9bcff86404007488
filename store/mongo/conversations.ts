import type { ConversationRepository, NewConversation } from '../ports';
import { StoreError } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { closedAtFor } from '../internal/rules';
import { isoRange, rangeLimit } from '../internal/admin';
import { pageLimit } from '../internal/values';
import { guard } from './errors';
import { toConversation } from './mappers';
import type { Models } from './models';
import { requireExists } from './references';
import type { ConversationDoc } from './schemas';

/** The idempotency bookkeeping stays inside the store. */
const HIDDEN = { recentClientMessageIds: 0 } as const;

export function mongoConversations(
  { Conversation, Customer }: Models,
  deps: ResolvedDeps,
): ConversationRepository {
  return {
    async create(input: NewConversation) {
      const now = deps.clock();
      const doc = new Conversation({
        _id: input.id ?? deps.newId(),
        channel: input.channel,
        customerId: input.customerId ?? null,
        visitorId: input.visitorId,
        state: 'bot',
        assignedAgentId: null,
        lastSeq: 0,
        recentClientMessageIds: [],
        createdAt: now,
        updatedAt: now,
        closedAt: null,
      });
      await guard('conversation', () => doc.validate());
      await requireExists(Customer, input.customerId, 'conversation', 'customer');
      await guard('conversation', () => doc.save());
      return toConversation(doc.toObject());
    },
    async get(id) {
      const doc = await Conversation.findById(id, HIDDEN).lean<ConversationDoc>();
      return doc ? toConversation(doc) : null;
    },
    // Compare-and-set: the filter on `state` makes the check and the write one atomic operation.
    async transition(id, from, to, patch = {}) {
      const now = deps.clock();
      const closedAt = closedAtFor(to, now.toISOString());
      const set = {
        state: to,
        updatedAt: now,
        closedAt: closedAt === null ? null : now,
        ...(patch.assignedAgentId !== undefined ? { assignedAgentId: patch.assignedAgentId } : {}),
      };
      const doc = await guard('conversation', () =>
        Conversation.findOneAndUpdate(
          { _id: id, state: { $in: from } },
          { $set: set },
          { returnDocument: 'after', runValidators: true, projection: HIDDEN },
        ).lean<ConversationDoc>(),
      );
      if (doc) return toConversation(doc);
      if (!(await Conversation.exists({ _id: id })))
        throw new StoreError('not_found', `conversation ${id} not found`);
      return null;
    },
    async linkCustomer(id, customerId) {
      await requireExists(Customer, customerId, 'conversation', 'customer');
      const doc = await guard('conversation', () =>
        Conversation.findOneAndUpdate(
          { _id: id },
          { $set: { customerId, updatedAt: deps.clock() } },
          { returnDocument: 'after', projection: HIDDEN },
        ).lean<ConversationDoc>(),
      );
      if (!doc) throw new StoreError('not_found', `conversation ${id} not found`);
      return toConversation(doc);
    },
    async listByState(state, options = {}) {
      const docs = await Conversation.find({ state }, HIDDEN)
        .sort({ createdAt: 1, _id: 1 })
        .limit(pageLimit(options.limit))
        .lean<ConversationDoc[]>();
      return docs.map(toConversation);
    },
    async listRecent(state, options = {}) {
      const docs = await Conversation.find({ state }, HIDDEN)
        .sort({ updatedAt: -1, _id: -1 })
        .limit(pageLimit(options.limit))
        .lean<ConversationDoc[]>();
      return docs.map(toConversation);
    },
    async listBetween(from, to, options = {}) {
      const range = isoRange(from, to);
      const docs = await Conversation.find(
        { createdAt: { $gte: new Date(range.from), $lt: new Date(range.to) } },
        HIDDEN,
      )
        .sort({ createdAt: 1, _id: 1 })
        .limit(rangeLimit(options.limit))
        .lean<ConversationDoc[]>();
      return docs.map(toConversation);
    },
  };
}
