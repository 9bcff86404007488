/**
 * The human handoff on one node of several. A HandoffService routes with the agents it knows of, and
 * alone it knows the consoles connected to its own node: a customer on node A was told "nobody is
 * available" (and never auto-assigned) while an agent sat online on node B. This subclass shares
 * presence and loads between the nodes:
 *
 * - an agent's consoles on this node, and the presence they chose, are announced to the other nodes on
 *   every change and with every heartbeat (each 15 s), so a node that missed one is right again a
 *   heartbeat later; a node that joins says hello and the others announce theirs at once;
 * - another node's announcement is one connection per node (`node:<id>`) in this node's registry: the
 *   agent is online here, and routing, notifications and auto-assignment here include them. A node
 *   that vanishes sends no more heartbeats, so its agents go offline here after the heartbeat timeout,
 *   as a laptop that sleeps does;
 * - an escalation that changed on another node (claimed, transferred, resolved) leaves this node's
 *   queue once it no longer waits, and the agents' loads are counted again from the store.
 *
 * What this node learns from another is not shown to consoles again (`agent:updated`): the node that
 * saw it did that. Messages to consoles and customers already reach every node through the Redis
 * adapter's rooms.
 */
import {
  HandoffService,
  profileOf,
  type AgentChannel,
  type AgentState,
  type HandoffServiceOptions,
  type HandoffStore,
} from '../../handoff';
import type { User } from '../../store';
import type { ClusterBus, ClusterMessage } from './bus';

type AgentMessage = Extract<ClusterMessage, { kind: 'agent' }>;

const peerConnection = (nodeId: string) => `node:${nodeId}`;

export class ClusterHandoffService extends HandoffService {
  private bus: ClusterBus | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly shared: HandoffStore;
  private readonly log: HandoffServiceOptions['logger'];
  /** Agent id → this node's console connections. */
  private readonly local = new Map<string, Set<string>>();
  /** Agent id → the presence they chose last, on whichever node (last one heard wins). */
  private readonly chosen = new Map<string, 'online' | 'away'>();
  /** True while applying what another node announced (its consoles heard of it already). */
  private quiet = false;
  private readonly changed = new Set<string>();
  private flushing: NodeJS.Immediate | undefined;
  private remoteAgents: Promise<void> = Promise.resolve();
  private recounting: Promise<void> | undefined;
  private recountAgain = false;

  constructor(options: HandoffServiceOptions) {
    super(options);
    this.shared = options.store;
    this.log = options.logger;
  }

  /** Starts talking to the other nodes (after `start`, once the socket.io server has its adapter). */
  joinCluster(bus: ClusterBus): void {
    this.unsubscribe?.();
    this.bus = bus;
    this.unsubscribe = bus.subscribe((message, from) => {
      void this.receive(message, from).catch((error: unknown) =>
        this.log?.error(
          { err: error, kind: message.kind },
          'applying a handoff change from another node failed',
        ),
      );
    });
    bus.publish({ kind: 'hello' });
    for (const agentId of this.local.keys()) this.announce(agentId);
  }

  /**
   * After a gap in the messages (Redis reconnected) and now and then: announce this node's agents again,
   * and bring queue and loads in line with the store. (Other nodes' agents are announced again with
   * their next heartbeat.)
   */
  async catchUp(): Promise<void> {
    if (!this.bus) return;
    for (const agentId of this.local.keys()) this.announce(agentId);
    await this.reconcile();
  }

  override stop(): void {
    super.stop();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.flushing) clearImmediate(this.flushing);
    this.flushing = undefined;
  }

  override setAgentChannel(channel: AgentChannel): void {
    super.setAgentChannel({
      escalationNew: (view, recipients) => {
        channel.escalationNew(view, recipients);
        this.escalationChanged(view.id);
      },
      escalationUpdated: (view) => {
        channel.escalationUpdated(view);
        this.escalationChanged(view.id);
      },
      message: (message) => channel.message(message),
      customerTyping: (conversationId, active) => channel.customerTyping(conversationId, active),
      agentUpdated: (agent: AgentState) => {
        if (!this.quiet) channel.agentUpdated?.(agent);
      },
    });
  }

  // ─── This node's consoles: apply, then tell the others ──────────────────────────────────────

  override agentConnected(user: User, connectionId: string): Promise<AgentState> {
    this.connectionsOf(user.id).add(connectionId);
    const state = super.agentConnected(user, connectionId);
    this.announce(user.id);
    return state;
  }

  override agentDisconnected(agentId: string, connectionId: string): Promise<void> {
    const connections = this.local.get(agentId);
    connections?.delete(connectionId);
    const done = super.agentDisconnected(agentId, connectionId);
    // Sent at once, not after the await: at shutdown the adapter closes soon after the sockets do.
    this.announce(agentId);
    if (connections?.size === 0) this.local.delete(agentId);
    return done;
  }

  override heartbeat(agentId: string): Promise<void> {
    const done = super.heartbeat(agentId);
    this.announce(agentId);
    return done;
  }

  override setPresence(agentId: string, status: 'online' | 'away'): Promise<AgentState | null> {
    this.chosen.set(agentId, status);
    const done = super.setPresence(agentId, status);
    this.announce(agentId);
    return done;
  }

  private connectionsOf(agentId: string): Set<string> {
    let set = this.local.get(agentId);
    if (!set) this.local.set(agentId, (set = new Set()));
    return set;
  }

  private announce(agentId: string): void {
    this.bus?.publish({
      kind: 'agent',
      agentId,
      connections: this.local.get(agentId)?.size ?? 0,
      status: this.chosen.get(agentId) ?? 'online',
    });
  }

  private escalationChanged(id: string): void {
    if (!this.bus) return;
    // An assignment reports the same escalation two or three times in a row: one message for them.
    this.changed.add(id);
    this.flushing ??= setImmediate(() => {
      this.flushing = undefined;
      for (const changed of this.changed) this.bus?.publish({ kind: 'escalation', id: changed });
      this.changed.clear();
    });
  }

  // ─── Other nodes ─────────────────────────────────────────────────────────────────────────────

  private async receive(message: ClusterMessage, from: string): Promise<void> {
    if (message.kind === 'hello') {
      for (const agentId of this.local.keys()) this.announce(agentId);
    } else if (message.kind === 'agent') {
      // Applied in the order sent: a "connected" read late must not undo the "disconnected" after it.
      const applied = this.remoteAgents.then(() => this.remoteAgent(message, from));
      this.remoteAgents = applied.then(
        () => undefined,
        () => undefined,
      );
      // What the change set off (assigning waiting escalations) runs outside that order.
      await Promise.all(await applied);
    } else if (message.kind === 'escalation') {
      await this.reconcile([message.id]);
    }
  }

  /**
   * Another node's consoles of one agent: one connection per node here, with the presence they chose.
   * Resolves once applied, with what the change set off.
   */
  private async remoteAgent(message: AgentMessage, from: string): Promise<Promise<unknown>[]> {
    // The profile (name, skills, capacity) comes from the store, not from the message.
    const user = await this.shared.users.get(message.agentId);
    if (!user) return [];
    this.chosen.set(user.id, message.status);
    const connection = peerConnection(from);
    const pending: Promise<unknown>[] = [];
    // Consoles are told of presence changes synchronously, before the first await of these calls.
    this.quiet = true;
    try {
      this.presence.register(profileOf(user));
      // The presence they chose first, so an agent who is away never looks online for a moment.
      pending.push(super.setPresence(user.id, message.status));
      pending.push(
        message.connections > 0
          ? super.agentConnected(user, connection)
          : super.agentDisconnected(user.id, connection),
      );
    } finally {
      this.quiet = false;
    }
    return pending;
  }

  /**
   * Escalations that no longer wait leave this node's queue (those named, or every queued one), and
   * the agents' loads are counted again from the store (one count at a time; one more if asked meanwhile).
   */
  async reconcile(ids?: readonly string[]): Promise<void> {
    const check = ids ?? this.queue.list().map((entry) => entry.id);
    for (const id of check) {
      if (!this.queue.get(id)) continue;
      const escalation = await this.shared.escalations.get(id);
      if (!escalation || escalation.status !== 'queued') this.queue.remove(id);
    }
    await this.recountLoads();
  }

  private recountLoads(): Promise<void> {
    if (this.recounting) {
      this.recountAgain = true;
      return this.recounting;
    }
    this.recounting = (async () => {
      try {
        do {
          this.recountAgain = false;
          const assigned = await this.shared.escalations.listByStatus(['assigned'], { limit: 10_000 });
          const loads = new Map<string, number>();
          for (const e of assigned) if (e.agentId) loads.set(e.agentId, (loads.get(e.agentId) ?? 0) + 1);
          for (const agent of this.presence.snapshot())
            this.presence.setLoad(agent.id, loads.get(agent.id) ?? 0);
        } while (this.recountAgain);
      } finally {
        this.recounting = undefined;
      }
    })();
    return this.recounting;
  }
}
