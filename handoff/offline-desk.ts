/**
 * When nobody can answer (no agent online, outside business hours, or the wait grew too long), the
 * customer is offered email instead: an address they write becomes a callback ticket holding the
 * whole conversation, so nothing they wrote is lost. The escalation is closed as abandoned and the
 * conversation goes back to the bot. When an agent took the conversation while the ticket was being
 * written, the agent's claim wins: the ticket is kept, the handoff goes on with the agent.
 */
import type { Conversation, Escalation, Message, Store } from '../store';
import type { Outbox } from './outbox';
import { statusEvent } from './outgoing';
import type { HandoffTexts } from './texts';

export type OfferWhy = 'no_agent' | 'after_hours' | 'max_wait';

const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/i;
const TRANSCRIPT_LIMIT = 500;
/** Declined offers remembered at most (the oldest are forgotten first). */
const MAX_DECLINES = 10_000;

export type TicketOutcome =
  | {
      /** The conversation went back to the bot and the customer was told about the ticket. */
      handedBack: true;
      ticketId: string;
      /** The escalation closed as abandoned, if there was one open. */
      escalationId: string | null;
    }
  | {
      /**
       * The conversation was no longer waiting once the ticket was written (an agent claimed it
       * meanwhile): the ticket is kept, nothing else changed, the customer was told nothing more.
       */
      handedBack: false;
      ticketId: string;
    };

export class OfflineDesk {
  private readonly offers = new Map<string, OfferWhy>();
  /**
   * Conversations whose customer answered the offer with something else and went on with the bot:
   * while nobody can answer, new triggers do not open another escalation (and another offer).
   */
  private readonly declines = new Map<string, OfferWhy>();

  constructor(
    private readonly deps: {
      store: Pick<Store, 'escalations' | 'messages' | 'tickets' | 'conversations'>;
      texts: Pick<HandoffTexts, 'ticketCreated'>;
      outbox: Outbox;
    },
  ) {}

  offer(conversationId: string, why: OfferWhy): void {
    this.offers.set(conversationId, why);
    this.declines.delete(conversationId);
  }

  /** Why the customer was offered email before they declined it (undefined: no declined offer stands). */
  declined(conversationId: string): OfferWhy | undefined {
    return this.declines.get(conversationId);
  }

  /** Someone can answer again: the next trigger escalates as usual. */
  forgetDecline(conversationId: string): void {
    this.declines.delete(conversationId);
  }

  offered(conversationId: string): OfferWhy | undefined {
    return this.offers.get(conversationId);
  }

  withdraw(conversationId: string): void {
    this.offers.delete(conversationId);
    this.declines.delete(conversationId);
  }

  /** The email address in a customer's message, if any. */
  static emailIn(text: string): string | null {
    return EMAIL.exec(text)?.[0]?.toLowerCase() ?? null;
  }

  /**
   * The customer answered the offer with something else: the escalation closes as abandoned and the
   * conversation goes back to the bot. Returns the closed escalation's id (null when none was open),
   * or undefined when the conversation was no longer waiting (nothing changed).
   */
  async decline(conversationId: string): Promise<string | null | undefined> {
    const why = this.offers.get(conversationId);
    const escalation = await this.deps.store.escalations.getOpenForConversation(conversationId);
    if (!(await this.giveBack(conversationId, escalation))) return undefined;
    if (why) {
      if (this.declines.size >= MAX_DECLINES) this.declines.delete(this.declines.keys().next().value!);
      this.declines.set(conversationId, why);
    }
    return escalation?.id ?? null;
  }

  /** Closes the open escalation as abandoned and hands the waiting conversation back to the bot. */
  private async giveBack(conversationId: string, escalation: Escalation | null): Promise<boolean> {
    const { store } = this.deps;
    const moved = await store.conversations.transition(conversationId, ['queued'], 'bot', {
      assignedAgentId: null,
    });
    // Not waiting any more (an agent has it, or it went back already): no offer stands either way.
    this.offers.delete(conversationId);
    if (!moved) return false;
    if (escalation) await store.escalations.updateStatus(escalation.id, 'abandoned');
    return true;
  }

  /**
   * Creates the ticket with the whole transcript, closes the escalation, gives the chat back to the bot.
   * When the conversation stopped waiting meanwhile (an agent claimed it), only the ticket is written.
   */
  async createTicket(conversation: Conversation, email: string, why: OfferWhy): Promise<TicketOutcome> {
    const { store } = this.deps;
    const escalation = await store.escalations.getOpenForConversation(conversation.id);
    const messages = await store.messages.listAfter(conversation.id, 0, TRANSCRIPT_LIMIT);
    const packet = escalation?.packet as
      { problem?: string; entities?: { type: string; value: unknown }[] } | undefined;
    const orderNumber = packet?.entities?.find((e) => e.type === 'order_number')?.value;
    const ticket = await store.tickets.create({
      customerId: conversation.customerId,
      email,
      conversationId: conversation.id,
      orderNumber: typeof orderNumber === 'string' ? orderNumber : null,
      kind: 'callback',
      subject: `Chat follow-up: ${packet?.problem || 'customer asked for a person'}`.slice(0, 200),
      body: `Reason: ${why}. The customer asked for a reply by email.\n\n${transcriptText(messages)}`,
    });
    if (!(await this.giveBack(conversation.id, escalation)))
      return { handedBack: false, ticketId: ticket.id };
    await this.deps.outbox.send(conversation.id, [
      // The handoff ends here (Bot Framework "completed"); the reason tells clients it became a ticket.
      statusEvent('completed', this.deps.texts.ticketCreated(ticket.id, email), {
        reason: 'ticket_created',
        ticketId: ticket.id,
        why,
      }),
    ]);
    return { handedBack: true, ticketId: ticket.id, escalationId: escalation?.id ?? null };
  }
}

const SPEAKER: Record<Message['sender'], string> = {
  customer: 'Customer',
  agent: 'Agent',
  bot: 'Bot',
  system: 'System',
};

export function transcriptText(messages: readonly Message[]): string {
  return messages
    .filter((m) => m.text.trim())
    .map((m) => `[${m.createdAt}] ${SPEAKER[m.sender]}: ${m.text}`)
    .join('\n');
}
