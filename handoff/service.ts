/**
 * The handoff service: from the moment a conversation needs a person to the moment the bot has it
 * back. It owns the lifecycle (queued → assigned → resolved | handed back | abandoned), keeps the
 * conversation's state in step (bot → queued → agent → bot) with compare-and-set transitions, and
 * talks to customers and agents only through the channels it is given.
 *
 *   escalate ─► packet ─► store ─► notify agents ─► tell the customer (place, wait, or email offer)
 *            └► auto-assign (least busy eligible agent), or an agent claims (atomic in the store)
 *   relay: customer messages → agents; agent messages → stored → customer
 *   transfer (agent or team) · resolve (CSAT) · hand back (the bot resumes with what it knows)
 *   sweep: heartbeats, maximum wait (offer email + ticket), assignment of waiting escalations
 */
import type { Logger } from 'pino';
import { sentimentTrajectory } from '../nlp';
import type { Conversation, Escalation, Message, Store, User } from '../store';
import { ALWAYS_OPEN, type BusinessHours } from './business-hours';
import { CsatAsker } from './csat';
import { riskOf, type CustomerSource } from './customers';
import { AgentDirectory, profileOf } from './directory';
import { HandoffError } from './errors';
import { handBackContext, type HandBackContext } from './handback';
import { InsightStore, type TurnRecord } from './insights';
import { OfflineDesk, type OfferWhy } from './offline-desk';
import { SENDER_ATTACHMENT_TYPE, StoreOutbox, type Outbox } from './outbox';
import { botText, initiateEvent, statusEvent } from './outgoing';
import { defaultPacketAnalyzers, type PacketAnalyzers } from './packet';
import { IntentCatalog, PacketBuilder } from './packet-builder';
import { EscalationPolicy, moodTrigger, type PolicyConfig } from './policy';
import { PresenceRegistry } from './presence';
import { basePriority } from './priority';
import { HandoffQueue } from './queue';
import { notifiable, pickAgent, resolveRouting, routingIntent, teamFor, type RoutingConfig } from './routing';
import { DEFAULT_ASSISTANT_NAME, DEFAULT_TEXTS, type HandoffTexts } from './texts';
import type {
  AgentChannel,
  AgentState,
  CustomerChannel,
  EscalationView,
  PacketCustomer,
  Trigger,
} from './types';
import { toView } from './views';

export { profileOf } from './directory';
export type { HandBackContext } from './handback';

export type HandoffStore = Pick<
  Store,
  'conversations' | 'messages' | 'escalations' | 'tickets' | 'users' | 'intents'
>;
export type HandoffLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

/**
 * The bot side of a hand-back, provided by the composition root (a proactive turn through the bot's
 * adapter). When given, the bot asks for CSAT after "resolved" and greets after "handed back"; without
 * it the handoff service asks for CSAT itself.
 */
export interface BotBridge {
  resume(conversationId: string, context: HandBackContext): Promise<void>;
}

export interface HandoffServiceOptions {
  store: HandoffStore;
  customerChannel: CustomerChannel;
  /** The CRM view of customers (crm's CustomerProfiles through CrmCustomerSource). */
  customers?: CustomerSource;
  bot?: BotBridge;
  policy?: EscalationPolicy | Partial<PolicyConfig>;
  routing?: Partial<RoutingConfig>;
  hours?: BusinessHours;
  /** Assign new escalations to the least busy eligible agent (default true); false: agents claim. */
  autoAssign?: boolean;
  /** After this wait the customer is offered email + ticket (default 10 min). */
  maxWaitMs?: number;
  analyzers?: PacketAnalyzers;
  texts?: Partial<HandoffTexts>;
  /**
   * How customers are told the bot is called after a hand-back, e.g. `assistantOf(shop.name)`
   * ("the Fellwick & Tarn assistant"). Default "our assistant".
   */
  assistantName?: string;
  clock?: () => Date;
  logger?: HandoffLogger;
  /** How often heartbeats, waits and assignments are checked (default 5 s; 0: never, tests sweep by hand). */
  sweepIntervalMs?: number;
  heartbeatTimeoutMs?: number;
  insights?: InsightStore;
}

export interface EscalateRequest {
  conversationId: string;
  trigger: Trigger;
  /** The intent the customer was on (routes to a team by its category). */
  intent?: string;
  customerId?: string | null;
  notes?: readonly string[];
  /** When the triggering message arrived (default now). */
  requestedAt?: Date;
  /**
   * The policy decided (mood, fallbacks, risky customer), not the customer or a dialog: nothing is
   * said when the escalation is held back, the bot's own reply stands.
   */
  automatic?: boolean;
}

export type EscalateResult =
  | { kind: 'queued'; escalation: EscalationView; position: number; estimatedWaitSeconds: number | null }
  | { kind: 'assigned'; escalation: EscalationView; agentId: string }
  | { kind: 'offline'; escalation: EscalationView; why: 'no_agent' | 'after_hours' }
  | { kind: 'already'; escalationId: string | null }
  /** The customer declined the email offer and still nobody can answer: no new escalation. */
  | { kind: 'held'; why: OfferWhy }
  | { kind: 'refused'; why: 'closed' };

export type InboxScope = 'queued' | 'mine' | 'all';

export interface ConversationDetail {
  conversation: Conversation;
  messages: Message[];
  escalation: EscalationView | null;
  customer: PacketCustomer | null;
}

const LIST_LIMIT = 500;

export class HandoffService {
  readonly presence: PresenceRegistry;
  readonly queue: HandoffQueue;
  readonly insights: InsightStore;
  /** The policy in force (replaced by `configure`). */
  policy: EscalationPolicy;
  readonly routing: RoutingConfig;
  private readonly texts: HandoffTexts;
  private readonly clock: () => Date;
  private hours: BusinessHours;
  private readonly analyzers: PacketAnalyzers;
  private readonly packets: PacketBuilder;
  private readonly catalog: IntentCatalog;
  private readonly outbox: StoreOutbox;
  private readonly directory: AgentDirectory;
  private readonly desk: OfflineDesk;
  private readonly csat: CsatAsker;
  private agents: AgentChannel | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sweeping = false;

  constructor(private readonly options: HandoffServiceOptions) {
    const { store } = options;
    this.clock = options.clock ?? (() => new Date());
    this.texts = { ...DEFAULT_TEXTS, ...options.texts };
    this.hours = options.hours ?? ALWAYS_OPEN;
    this.policy =
      options.policy instanceof EscalationPolicy ? options.policy : new EscalationPolicy(options.policy);
    this.routing = resolveRouting(options.routing);
    this.presence = new PresenceRegistry({
      clock: this.clock,
      heartbeatTimeoutMs: options.heartbeatTimeoutMs,
    });
    this.queue = new HandoffQueue({ clock: this.clock });
    this.insights = options.insights ?? new InsightStore();
    this.catalog = new IntentCatalog(store.intents, this.clock);
    this.analyzers = options.analyzers ?? defaultPacketAnalyzers();
    this.packets = new PacketBuilder({
      messages: store.messages,
      customers: options.customers,
      insights: this.insights,
      analyzers: this.analyzers,
    });
    this.outbox = new StoreOutbox({
      messages: store.messages,
      customer: options.customerChannel,
      agents: () => this.agents,
    });
    this.directory = new AgentDirectory(store.users, this.presence, this.clock);
    this.desk = new OfflineDesk({ store, texts: this.texts, outbox: this.outbox });
    this.csat = new CsatAsker(this.texts);
  }

  /**
   * Applies settings from now on (the admin's bot settings): the tunable parts of the escalation
   * policy, and the business hours. Open escalations keep their place.
   */
  configure(settings: { policy?: Partial<PolicyConfig>; hours?: BusinessHours }): void {
    if (settings.policy) this.policy = new EscalationPolicy({ ...this.policy.config, ...settings.policy });
    if (settings.hours) this.hours = settings.hours;
  }

  /** The /agents namespace registers itself here. */
  setAgentChannel(channel: AgentChannel): void {
    this.agents = channel;
  }

  /** Loads the queue and agents' loads from the store, warms the analysers, starts the sweep timer. */
  async start(): Promise<void> {
    const { escalations, users } = this.options.store;
    // Lexicons and patterns load now, not inside the first customer's escalation.
    this.analyzers.sentiment('warm up: order A1042 arrived late');
    this.analyzers.entities('warm up: order A1042 on 2 November for €10', this.clock());
    await this.catalog.warm();
    for (const user of await users.list()) this.presence.register(profileOf(user));
    const loads = new Map<string, number>();
    for (const e of await escalations.listByStatus(['queued', 'assigned'], { limit: 10_000 })) {
      if (e.status === 'queued') this.enqueue(e);
      else if (e.agentId) loads.set(e.agentId, (loads.get(e.agentId) ?? 0) + 1);
    }
    for (const [agentId, n] of loads) this.presence.setLoad(agentId, n);
    const every = this.options.sweepIntervalMs ?? 5_000;
    if (every > 0) {
      this.timer = setInterval(() => void this.sweep(), every);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  // ─── Customer side ───────────────────────────────────────────────────────────────────────────

  /**
   * The mood trigger for a customer message the bot is about to answer, before `observeTurn` records
   * it: the same rule over the same counts, so the dialogs and the policy agree on whether it is due.
   */
  moodTriggerFor(conversationId: string, turn: Pick<TurnRecord, 'seq' | 'sentiment'>): Trigger | null {
    const counts = this.insights.moodCounts(conversationId, turn);
    return moodTrigger(this.policy.config, { ...counts, last: turn.sentiment.score });
  }

  /**
   * Records what the bot understood of a customer message and asks the policy whether a person should
   * take over. Returns the trigger (the caller escalates) or null.
   */
  async observeTurn(
    turn: TurnRecord & { conversationId: string; customerId: string | null; askedForPerson?: boolean },
    fallbacksInRow?: number,
  ): Promise<Trigger | null> {
    const { conversationId, customerId, askedForPerson, ...record } = turn;
    const insight = this.insights.record(conversationId, record);
    if (fallbacksInRow !== undefined) this.insights.setFallbacksInRow(conversationId, fallbacksInRow);
    const customer =
      customerId && this.options.customers ? await this.options.customers.snapshot(customerId) : null;
    return this.policy.evaluate({
      intent: turn.intent,
      fallback: turn.fallback,
      consecutiveFallbacks: insight.fallbacksInRow,
      customerTurns: insight.turns.length,
      sentiment: {
        last: turn.sentiment.score,
        fallingFast: sentimentTrajectory(insight.turns.map((t) => t.sentiment.score)).fallingFast,
        frustrationCount: insight.frustrationCount,
      },
      customer: customer ? riskOf(customer) : null,
      askedForPerson,
    });
  }

  /**
   * Hands a conversation to people. `outbox` is the bot turn's own when called from inside a turn;
   * otherwise messages are stored and delivered through the customer channel. `assignTo` takes it
   * straight to one agent (an agent taking over from the console).
   */
  async escalate(
    request: EscalateRequest,
    outbox: Outbox = this.outbox,
    assignTo?: string,
  ): Promise<EscalateResult> {
    const { store } = this.options;
    const open = await store.escalations.getOpenForConversation(request.conversationId);
    if (open) {
      if (!assignTo) await outbox.send(request.conversationId, [botText(this.texts.alreadyQueued)]);
      return { kind: 'already', escalationId: open.id };
    }
    const held = assignTo ? undefined : this.heldBack(request);
    if (held) {
      if (!request.automatic) await outbox.send(request.conversationId, [botText(this.texts.stillNobody)]);
      return { kind: 'held', why: held };
    }
    const moved = await store.conversations.transition(request.conversationId, ['bot'], 'queued', {
      assignedAgentId: null,
    });
    if (!moved) {
      const current = await store.conversations.get(request.conversationId);
      if (!current) throw new HandoffError('not_found', `conversation ${request.conversationId} not found`);
      return current.state === 'closed'
        ? { kind: 'refused', why: 'closed' }
        : { kind: 'already', escalationId: null };
    }
    const escalation = await this.createEscalation(request, moved);
    const initiate = initiateEvent(this.texts.initiated, {
      escalationId: escalation.id,
      reason: escalation.reason,
      detail: request.trigger.detail,
      team: escalation.team,
      priority: escalation.priority,
    });

    if (assignTo) {
      await outbox.send(escalation.conversationId, [initiate]);
      await this.assign(escalation, assignTo, { notify: false, outbox });
      return { kind: 'assigned', escalation: await this.viewById(escalation.id), agentId: assignTo };
    }

    // Agents first: this is the latency that matters (bench:handoff measures it).
    const view = await this.view(escalation);
    const recipients = notifiable(
      this.presence.snapshot(),
      { team: escalation.team, tier: customerTier(escalation) },
      this.routing,
    );
    this.agents?.escalationNew(view, recipients.length ? recipients.map((a) => a.id) : 'all');

    const why = this.offlineReason();
    if (why) {
      this.desk.offer(escalation.conversationId, why);
      const text = why === 'after_hours' ? this.texts.afterHours(this.hours.describe()) : this.texts.noAgent;
      // Bot Framework "failed": nobody can take it; clients offer the email form.
      await outbox.send(escalation.conversationId, [initiate, statusEvent('failed', text, { reason: why })]);
      return { kind: 'offline', escalation: view, why };
    }

    const candidate = this.options.autoAssign === false ? null : this.pick(escalation);
    if (candidate) {
      await outbox.send(escalation.conversationId, [initiate, botText(this.texts.connecting)]);
      try {
        // The same outbox as the notices above, so "joined" is stored (and seen) after them.
        await this.assign(escalation, candidate.id, { notify: true, outbox });
        return { kind: 'assigned', escalation: await this.viewById(escalation.id), agentId: candidate.id };
      } catch (error) {
        // Someone claimed it first, or the agent filled up: it waits in the queue like any other.
        if (!(error instanceof HandoffError)) throw error;
      }
    }
    const position = this.queue.positionOf(escalation.id) ?? this.queue.size;
    const wait = this.queue.estimateWaitSeconds(position, this.presence.onlineCount());
    if (!candidate)
      await outbox.send(escalation.conversationId, [initiate, botText(this.texts.queued(position, wait))]);
    else
      this.options.customerChannel.queueStatus?.({
        conversationId: escalation.conversationId,
        position,
        estimatedWaitSeconds: wait,
      });
    return {
      kind: 'queued',
      escalation: await this.viewById(escalation.id),
      position,
      estimatedWaitSeconds: wait,
    };
  }

  /**
   * A customer message in a conversation people own (queued or with an agent), already stored: agents
   * see it; while email is offered (or nobody can answer), an address in it becomes a ticket.
   */
  async onCustomerMessage(message: Message): Promise<void> {
    if (message.sender !== 'customer') return;
    this.agents?.message(message);
    const conversation = await this.options.store.conversations.get(message.conversationId);
    if (!conversation || conversation.state !== 'queued') return;
    const offered = this.desk.offered(conversation.id);
    const why = offered ?? this.offlineReason();
    if (!why) return;
    const email = OfflineDesk.emailIn(message.text);
    if (email) {
      const outcome = await this.desk.createTicket(conversation, email, why);
      if (outcome.handedBack) await this.escalationClosed(outcome.escalationId);
      else
        // An agent claimed the conversation while the ticket was being written: the agent has it now
        // (the customer was told they joined); the ticket stays for the record.
        this.options.logger?.info(
          { ticketId: outcome.ticketId, conversationId: conversation.id },
          'ticket written while an agent took the conversation; the agent keeps it',
        );
    } else if (!offered) {
      this.desk.offer(conversation.id, why);
      await this.outbox.send(conversation.id, [
        statusEvent('failed', this.texts.askEmailAgain, { reason: why }),
      ]);
    }
  }

  /**
   * The customer answered the "leave your email" offer (nobody available) with something else: they
   * would rather go on with the bot than wait for nobody. The escalation closes as abandoned and the
   * conversation goes back to the bot, which answers that message. Returns false (and changes
   * nothing) when no such offer is open, the message holds an email address, or someone is available
   * now (the customer keeps their place in the queue).
   */
  async declineOffer(conversationId: string, text: string): Promise<boolean> {
    const why = this.desk.offered(conversationId);
    if (!why || why === 'max_wait' || OfflineDesk.emailIn(text) || !this.offlineReason()) return false;
    const closed = await this.desk.decline(conversationId);
    if (closed === undefined) return false;
    await this.escalationClosed(closed);
    return true;
  }

  /** An escalation left the queue without an agent (ticket, or declined): consoles and queue update. */
  private async escalationClosed(escalationId: string | null): Promise<void> {
    if (escalationId) {
      this.queue.remove(escalationId);
      this.agents?.escalationUpdated(await this.viewById(escalationId));
    }
    this.pushQueuePositions();
  }

  /**
   * Every message stored by the chat service or the bot (see tapMessages): customer messages go to
   * onCustomerMessage; bot replies reach consoles watching the conversation.
   */
  async onStored(message: Message): Promise<void> {
    if (message.sender === 'customer') return this.onCustomerMessage(message);
    this.agents?.message(message);
  }

  customerTyping(conversationId: string, active: boolean): void {
    this.agents?.customerTyping(conversationId, active);
  }

  /**
   * When this service asked for CSAT (no bot bridge), a 1–5 reply is recorded as a `parley.csat`
   * event and thanked. Returns true when the message was that answer (the bot should not answer it).
   */
  answerCsat(conversationId: string, text: string, outbox: Outbox = this.outbox): Promise<boolean> {
    return this.csat.answer(conversationId, text, outbox);
  }

  // ─── Agent side ──────────────────────────────────────────────────────────────────────────────

  /** An agent takes a queued escalation. Exactly one of several racing claims wins (store-atomic). */
  async claim(escalationId: string, agentId: string): Promise<EscalationView> {
    const escalation = await this.options.store.escalations.get(escalationId);
    if (!escalation) throw new HandoffError('not_found', 'No such escalation.');
    if (escalation.status !== 'queued')
      throw new HandoffError('conflict', 'Someone else already took this conversation.');
    const agent = this.presence.state(agentId);
    if (agent && agent.activeChats >= agent.capacity)
      throw new HandoffError('at_capacity', `You already have ${agent.activeChats} chats open (your limit).`);
    await this.assign(escalation, agentId, { notify: true });
    return this.viewById(escalationId);
  }

  /** An agent takes over a conversation the bot is handling (reason agent_takeover). */
  async takeOver(conversationId: string, agentId: string): Promise<EscalationView> {
    const trigger: Trigger = { reason: 'agent_takeover', detail: 'agent_takeover' };
    const result = await this.escalate({ conversationId, trigger }, this.outbox, agentId);
    if (result.kind === 'assigned') return result.escalation;
    if (result.kind === 'refused') throw new HandoffError('conflict', 'This conversation is closed.');
    throw new HandoffError('conflict', 'This conversation is already with a person.');
  }

  async postAgentMessage(
    agentId: string,
    input: { conversationId: string; text: string; clientMessageId?: string | null },
  ): Promise<Message> {
    const text = input.text.trim();
    if (!text) throw new HandoffError('invalid', 'text: must not be empty.');
    await this.owned(input.conversationId, agentId);
    // The name the customer was told joined ("Sam Ortega"), not a generic "Agent".
    const name = (await this.directory.name(agentId))?.trim();
    const { message, created } = await this.options.store.messages.append({
      conversationId: input.conversationId,
      sender: 'agent',
      senderId: agentId,
      text,
      attachments: name ? [{ contentType: SENDER_ATTACHMENT_TYPE, content: { name } }] : [],
      clientMessageId: input.clientMessageId ?? null,
    });
    if (created) {
      await this.options.customerChannel.deliver(message);
      this.agents?.message(message);
    }
    return message;
  }

  async agentTyping(agentId: string, conversationId: string, active: boolean): Promise<void> {
    await this.owned(conversationId, agentId);
    this.options.customerChannel.typing?.(conversationId, {
      active,
      name: (await this.directory.name(agentId)) ?? 'Agent',
    });
  }

  /** Passes an assigned conversation to another agent (directly) or back to a team's queue. */
  async transfer(
    escalationId: string,
    byAgentId: string,
    target: { agentId: string } | { team: string },
  ): Promise<EscalationView> {
    const escalation = await this.assigned(escalationId, byAgentId);
    return 'agentId' in target
      ? this.transferToAgent(escalation, target.agentId)
      : this.transferToTeam(escalation, target.team);
  }

  /** The agent solved it: the conversation goes back to the bot, and the customer is asked for CSAT. */
  resolve(escalationId: string, agentId: string): Promise<EscalationView> {
    return this.finish(escalationId, agentId, 'resolved');
  }

  /** The agent hands the conversation back to the bot, which carries on with what it knows. */
  handBack(escalationId: string, agentId: string, note?: string): Promise<EscalationView> {
    return this.finish(escalationId, agentId, 'handed_back', note);
  }

  // ─── Presence ────────────────────────────────────────────────────────────────────────────────

  async agentConnected(user: User, connectionId: string): Promise<AgentState> {
    const changed = this.presence.connect(profileOf(user), connectionId);
    if (changed) await this.presenceChanged(changed);
    return this.presence.state(user.id)!;
  }

  async agentDisconnected(agentId: string, connectionId: string): Promise<void> {
    const changed = this.presence.disconnect(agentId, connectionId);
    if (changed) await this.presenceChanged(changed);
  }

  async heartbeat(agentId: string): Promise<void> {
    const changed = this.presence.heartbeat(agentId);
    if (changed) await this.presenceChanged(changed);
  }

  async setPresence(agentId: string, status: 'online' | 'away'): Promise<AgentState | null> {
    const changed = this.presence.setStatus(agentId, status);
    if (changed) await this.presenceChanged(changed);
    return this.presence.state(agentId);
  }

  /** Heartbeats, maximum waits and waiting escalations. Runs on a timer; tests call it directly. */
  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      for (const changed of this.presence.sweep()) this.agents?.agentUpdated?.(changed);
      for (const entry of this.queue.overdue(this.options.maxWaitMs ?? 10 * 60_000)) {
        if (this.desk.offered(entry.conversationId)) continue;
        this.desk.offer(entry.conversationId, 'max_wait');
        await this.outbox.send(entry.conversationId, [botText(this.texts.maxWait)]);
      }
      await this.assignWaiting();
    } catch (error) {
      this.options.logger?.error({ err: error }, 'handoff sweep failed');
    } finally {
      this.sweeping = false;
    }
  }

  // ─── Views ───────────────────────────────────────────────────────────────────────────────────

  async inbox(agentId: string, scope: InboxScope): Promise<EscalationView[]> {
    const statuses: Escalation['status'][] =
      scope === 'queued' ? ['queued'] : scope === 'mine' ? ['assigned'] : ['queued', 'assigned'];
    const list = await this.options.store.escalations.listByStatus(statuses, { limit: LIST_LIMIT });
    const views = await Promise.all(
      list.filter((e) => scope !== 'mine' || e.agentId === agentId).map((e) => this.view(e)),
    );
    return views.sort(
      (a, b) => (a.position ?? Infinity) - (b.position ?? Infinity) || a.createdAt.localeCompare(b.createdAt),
    );
  }

  /** Conversations the bot is handling, most recently active first (for "take over"). */
  liveBotConversations(limit = 50): Promise<Conversation[]> {
    return this.options.store.conversations.listRecent('bot', { limit });
  }

  async conversationDetail(conversationId: string): Promise<ConversationDetail> {
    const { store, customers } = this.options;
    const conversation = await store.conversations.get(conversationId);
    if (!conversation) throw new HandoffError('not_found', 'No such conversation.');
    const [messages, open] = await Promise.all([
      store.messages.listAfter(conversationId, 0, LIST_LIMIT),
      store.escalations.getOpenForConversation(conversationId),
    ]);
    const escalation = open ? await this.view(open) : null;
    const customer =
      escalation?.packet.customer ??
      (conversation.customerId && customers ? await customers.snapshot(conversation.customerId) : null);
    return { conversation, messages, escalation, customer };
  }

  agentsSnapshot(): AgentState[] {
    return this.presence.snapshot();
  }

  async viewById(escalationId: string): Promise<EscalationView> {
    const escalation = await this.options.store.escalations.get(escalationId);
    if (!escalation) throw new HandoffError('not_found', 'No such escalation.');
    return this.view(escalation);
  }

  // ─── Internals ───────────────────────────────────────────────────────────────────────────────

  /** Packet, team and priority; the stored escalation. The conversation goes back to the bot on failure. */
  private async createEscalation(request: EscalateRequest, conversation: Conversation): Promise<Escalation> {
    const { store, customers } = this.options;
    try {
      const customerId = request.customerId ?? conversation.customerId;
      const customer = customerId && customers ? await customers.snapshot(customerId) : null;
      const intent = routingIntent(
        this.routing,
        request.intent,
        this.insights.get(conversation.id)?.turns ?? [],
      );
      const category = await this.catalog.categoryOf(intent);
      const team =
        request.trigger.reason === 'agent_takeover' ? null : teamFor(this.routing, intent, category);
      const packet = await this.packets.build({
        conversationId: conversation.id,
        trigger: request.trigger,
        customerId,
        customer,
        notes: request.notes,
        team,
        category,
        requestedAt: request.requestedAt ?? this.clock(),
      });
      const priority = basePriority({
        reason: request.trigger.reason,
        tier: customer?.tier ?? null,
        sentiment: packet.sentiment.last,
        frustration: packet.sentiment.frustration,
        boost: request.trigger.boost,
      });
      const escalation = await store.escalations.create({
        conversationId: conversation.id,
        reason: request.trigger.reason,
        priority,
        packet,
        team,
      });
      this.enqueue(escalation);
      this.options.logger?.info(
        { escalationId: escalation.id, conversationId: conversation.id, reason: escalation.reason },
        'escalation queued',
      );
      return escalation;
    } catch (error) {
      await store.conversations.transition(conversation.id, ['queued'], 'bot').catch(() => null);
      throw error;
    }
  }

  /**
   * After the customer declined the email offer, while nobody can answer still, a trigger other than
   * asking for a person again opens no new escalation: they would only get the same offer again.
   */
  private heldBack(request: EscalateRequest): OfferWhy | undefined {
    const declined = this.desk.declined(request.conversationId);
    if (!declined) return undefined;
    if (!this.offlineReason()) {
      this.desk.forgetDecline(request.conversationId);
      return undefined;
    }
    const reason = request.trigger.reason;
    return reason === 'customer_request' || reason === 'agent_takeover' ? undefined : declined;
  }

  /**
   * `outbox`: where the "joined" notice goes; an escalation inside a bot turn passes the turn's own,
   * whose earlier notices are not stored yet (its writes are grouped), so a direct write would overtake them.
   */
  private async assign(
    escalation: Escalation,
    agentId: string,
    options: { notify: boolean; outbox?: Outbox },
  ): Promise<void> {
    const { store } = this.options;
    const claimed = await store.escalations.claim(escalation.id, agentId);
    if (!claimed) throw new HandoffError('conflict', 'Someone else already took this conversation.');
    const moved = await store.conversations.transition(escalation.conversationId, ['queued'], 'agent', {
      assignedAgentId: agentId,
    });
    this.queue.remove(escalation.id);
    if (!moved) {
      await store.escalations.updateStatus(escalation.id, 'abandoned');
      this.agents?.escalationUpdated(await this.viewById(escalation.id));
      throw new HandoffError('conflict', 'The customer has left this conversation.');
    }
    this.queue.recordPickup(this.clock().getTime() - requestedAt(escalation));
    this.desk.withdraw(escalation.conversationId);
    await this.directory.ensure(agentId);
    this.presence.adjustLoad(agentId, +1);
    this.presence.markAssigned(agentId);
    const name = (await this.directory.name(agentId)) ?? 'Someone';
    await (options.outbox ?? this.outbox).send(escalation.conversationId, [
      statusEvent('accepted', this.texts.joined(name), { agentId, agentName: name }),
    ]);
    const view = await this.view(claimed);
    if (options.notify) this.agents?.escalationNew(view, [agentId]);
    this.agents?.escalationUpdated(view);
    this.loadChanged([agentId]);
    this.pushQueuePositions();
  }

  private async transferToAgent(escalation: Escalation, toId: string): Promise<EscalationView> {
    const { store } = this.options;
    const fromId = escalation.agentId!;
    if (toId === fromId) throw new HandoffError('invalid', 'That agent already has this conversation.');
    const to = await this.directory.ensure(toId);
    if (!to || to.presence !== 'online') throw new HandoffError('unavailable', 'That agent is not online.');
    if (to.activeChats >= to.capacity)
      throw new HandoffError('at_capacity', `${to.name} has no room for another chat.`);
    const moved = await store.conversations.transition(escalation.conversationId, ['agent'], 'agent', {
      assignedAgentId: to.id,
    });
    if (!moved) throw new HandoffError('conflict', 'The conversation is no longer with an agent.');
    const updated = await store.escalations.updateStatus(escalation.id, 'assigned', { agentId: to.id });
    this.presence.adjustLoad(fromId, -1);
    this.presence.adjustLoad(to.id, +1);
    this.presence.markAssigned(to.id);
    const from = (await this.directory.name(fromId)) ?? 'Our agent';
    await this.outbox.send(escalation.conversationId, [
      statusEvent('transferred', this.texts.transferredToAgent(from, to.name), {
        from: fromId,
        to: to.id,
        agentName: to.name, // the customer's header names the new person
      }),
    ]);
    const view = await this.view(updated);
    this.agents?.escalationNew(view, [to.id]);
    this.agents?.escalationUpdated(view);
    this.loadChanged([fromId, to.id]);
    return view;
  }

  private async transferToTeam(escalation: Escalation, teamName: string): Promise<EscalationView> {
    const { store } = this.options;
    const fromId = escalation.agentId!;
    const team = teamName.trim();
    if (!team) throw new HandoffError('invalid', 'team: must not be empty.');
    const moved = await store.conversations.transition(escalation.conversationId, ['agent'], 'queued', {
      assignedAgentId: null,
    });
    if (!moved) throw new HandoffError('conflict', 'The conversation is no longer with an agent.');
    const updated = await store.escalations.updateStatus(escalation.id, 'queued', { agentId: null, team });
    this.presence.adjustLoad(fromId, -1);
    this.enqueue(updated);
    const from = (await this.directory.name(fromId)) ?? 'Our agent';
    await this.outbox.send(escalation.conversationId, [
      statusEvent('transferred', this.texts.transferredToTeam(from, team), { from: fromId, team }),
    ]);
    const view = await this.view(updated);
    const exclude = new Set([fromId]);
    const recipients = notifiable(
      this.presence.snapshot(),
      { team, tier: customerTier(updated), exclude },
      this.routing,
    );
    this.agents?.escalationNew(view, recipients.length ? recipients.map((a) => a.id) : 'all');
    this.loadChanged([fromId]);
    await this.assignWaiting(exclude);
    return this.viewById(escalation.id);
  }

  private async finish(
    escalationId: string,
    agentId: string,
    resolution: 'resolved' | 'handed_back',
    note?: string,
  ): Promise<EscalationView> {
    const { store, bot, logger } = this.options;
    const escalation = await this.assigned(escalationId, agentId);
    const owner = escalation.agentId!;
    const moved = await store.conversations.transition(escalation.conversationId, ['agent'], 'bot', {
      assignedAgentId: null,
    });
    if (!moved) throw new HandoffError('conflict', 'The conversation is no longer with an agent.');
    const updated = await store.escalations.updateStatus(escalationId, resolution);
    this.presence.adjustLoad(owner, -1);
    const name = (await this.directory.name(owner)) ?? 'Our agent';
    const context = handBackContext(
      updated,
      this.insights.get(escalation.conversationId)?.turns ?? [],
      resolution,
      name,
      note,
    );
    this.insights.resetCounters(escalation.conversationId);
    const text =
      resolution === 'resolved'
        ? this.texts.resolved(name)
        : this.texts.handedBack(name, this.options.assistantName?.trim() || DEFAULT_ASSISTANT_NAME);
    await this.outbox.send(escalation.conversationId, [
      statusEvent('completed', text, { resolution, agentId: owner, facts: context.facts }),
    ]);
    if (bot) {
      await bot
        .resume(escalation.conversationId, context)
        .catch((error: unknown) =>
          logger?.error(
            { err: error, conversationId: escalation.conversationId },
            'bot resume after handoff failed',
          ),
        );
    } else if (resolution === 'resolved') {
      await this.csat.ask(escalation.conversationId, this.outbox);
    }
    const view = await this.view(updated);
    this.agents?.escalationUpdated(view);
    this.loadChanged([owner]);
    await this.assignWaiting();
    return view;
  }

  /** Assigns waiting escalations to free agents, best first (auto-assign mode, open hours only). */
  private async assignWaiting(exclude?: ReadonlySet<string>): Promise<void> {
    if (this.options.autoAssign === false || !this.hours.isOpen(this.clock())) return;
    for (const entry of [...this.queue.list()]) {
      const escalation = await this.options.store.escalations.get(entry.id);
      if (!escalation || escalation.status !== 'queued') {
        this.queue.remove(entry.id);
        continue;
      }
      const agent = this.pick(escalation, exclude);
      if (!agent) continue;
      await this.assign(escalation, agent.id, { notify: true }).catch((error: unknown) => {
        if (!(error instanceof HandoffError)) throw error;
      });
    }
  }

  private pick(escalation: Escalation, exclude?: ReadonlySet<string>): AgentState | null {
    return pickAgent(
      this.presence.snapshot(),
      { team: escalation.team, tier: customerTier(escalation), exclude },
      this.routing,
    );
  }

  private async presenceChanged(agent: AgentState): Promise<void> {
    this.agents?.agentUpdated?.(agent);
    if (agent.presence === 'online') await this.assignWaiting();
  }

  private loadChanged(agentIds: readonly string[]): void {
    for (const id of agentIds) {
      const state = this.presence.state(id);
      if (state) this.agents?.agentUpdated?.(state);
    }
  }

  /** Tells every waiting customer their new place (channels that support it). */
  private pushQueuePositions(): void {
    const channel = this.options.customerChannel;
    if (!channel.queueStatus) return;
    const online = this.presence.onlineCount();
    this.queue.list().forEach((entry, index) =>
      channel.queueStatus!({
        conversationId: entry.conversationId,
        position: index + 1,
        estimatedWaitSeconds: this.queue.estimateWaitSeconds(index + 1, online),
      }),
    );
  }

  private offlineReason(): Exclude<OfferWhy, 'max_wait'> | null {
    if (!this.hours.isOpen(this.clock())) return 'after_hours';
    return this.presence.onlineCount() === 0 ? 'no_agent' : null;
  }

  private enqueue(escalation: Escalation): void {
    this.queue.add({
      id: escalation.id,
      conversationId: escalation.conversationId,
      priority: escalation.priority,
      createdAt: requestedAt(escalation),
      team: escalation.team,
    });
  }

  private async owned(conversationId: string, agentId: string): Promise<Conversation> {
    const conversation = await this.options.store.conversations.get(conversationId);
    if (!conversation) throw new HandoffError('not_found', 'No such conversation.');
    if (conversation.state !== 'agent' || conversation.assignedAgentId !== agentId)
      throw new HandoffError('forbidden', 'Take the conversation first: only its agent can write in it.');
    return conversation;
  }

  /** The escalation, assigned to this agent (admins may act on anyone's). */
  private async assigned(escalationId: string, agentId: string): Promise<Escalation> {
    const escalation = await this.options.store.escalations.get(escalationId);
    if (!escalation) throw new HandoffError('not_found', 'No such escalation.');
    if (escalation.status !== 'assigned' || !escalation.agentId)
      throw new HandoffError('conflict', 'This conversation is not assigned to anyone.');
    if (escalation.agentId !== agentId && !(await this.directory.isAdmin(agentId)))
      throw new HandoffError('forbidden', 'Only the agent who has this conversation can do that.');
    return escalation;
  }

  private async view(escalation: Escalation): Promise<EscalationView> {
    if (escalation.agentId) await this.directory.ensure(escalation.agentId);
    return toView(escalation, {
      now: this.clock().getTime(),
      positionOf: (id) => this.queue.positionOf(id),
      agentName: (id) => this.presence.state(id)?.name ?? null,
    });
  }
}

/** When the customer asked (the packet's requestedAt), in ms since the epoch. */
function requestedAt(escalation: Escalation): number {
  return Date.parse(
    (escalation.packet as { requestedAt?: string } | null)?.requestedAt ?? escalation.createdAt,
  );
}

function customerTier(escalation: Escalation): PacketCustomer['tier'] | null {
  return (escalation.packet as { customer?: PacketCustomer | null } | null)?.customer?.tier ?? null;
}
