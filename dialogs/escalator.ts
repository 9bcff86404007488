/**
 * The minimal escalation until the handoff module fills it in: mark the conversation queued (compare-
 * and-set from "bot"), tell the customer a person will join, and record a Bot Framework
 * `handoff.initiate` event with the request as its value.
 */
import { EventFactory, type TurnContext } from 'botbuilder';
import type { ConversationRepository } from '../crm';
import type { EscalationRequest, Escalator } from './services';
import { turnInfoOf } from './turn-info';

export const EscalationTexts = {
  joining:
    "I'm bringing in a person from our team. They'll join this chat shortly and can see everything we've said so far.",
  alreadyQueued: "You're already in the queue — a person from our team will be with you shortly.",
};

export class QueueingEscalator implements Escalator {
  constructor(private readonly options: { conversations: Pick<ConversationRepository, 'transition'> }) {}

  async escalate(context: TurnContext, request: EscalationRequest): Promise<void> {
    const info = turnInfoOf(context);
    const moved = await this.options.conversations.transition(request.conversationId, ['bot'], 'queued');
    if (!moved) {
      await context.sendActivity(EscalationTexts.alreadyQueued);
      return;
    }
    info.conversation = moved;
    await context.sendActivity(EscalationTexts.joining);
    await context.sendActivity(EventFactory.createHandoffInitiation(context, request));
  }
}
