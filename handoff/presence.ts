/**
 * Agent presence and load. An agent is online while at least one console connection is open, they
 * have not chosen "away", and a heartbeat arrived within `heartbeatTimeoutMs`: a laptop that sleeps
 * stops sending heartbeats and goes offline at the next sweep, even before its socket times out.
 * Load (conversations owned) is kept here too, so routing reads one snapshot.
 */
import type { AgentState, Presence } from './types';

export interface AgentProfile {
  id: string;
  name: string;
  role: 'agent' | 'admin';
  skills: readonly string[];
  capacity: number;
}

export interface PresenceOptions {
  clock?: () => Date;
  /** Default 45 s (three missed 15 s heartbeats). */
  heartbeatTimeoutMs?: number;
}

interface Entry {
  profile: AgentProfile;
  connections: Set<string>;
  chosen: 'online' | 'away';
  lastBeat: number;
  activeChats: number;
  lastAssignedAt: number;
  /** Presence reported last (for change detection). */
  reported: Presence;
}

export class PresenceRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: () => Date;
  readonly heartbeatTimeoutMs: number;

  constructor(options: PresenceOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 45_000;
  }

  /** Makes an agent known (offline until they connect); updates the profile of a known one. */
  register(profile: AgentProfile): AgentState {
    const entry = this.entries.get(profile.id);
    if (entry) entry.profile = profile;
    else
      this.entries.set(profile.id, {
        profile,
        connections: new Set(),
        chosen: 'online',
        lastBeat: 0,
        activeChats: 0,
        lastAssignedAt: 0,
        reported: 'offline',
      });
    return this.state(profile.id)!;
  }

  /** A console connected. Returns the new state when presence changed, else null. */
  connect(profile: AgentProfile, connectionId: string): AgentState | null {
    this.register(profile);
    const entry = this.entries.get(profile.id)!;
    entry.connections.add(connectionId);
    entry.lastBeat = this.now();
    return this.report(entry);
  }

  disconnect(agentId: string, connectionId: string): AgentState | null {
    const entry = this.entries.get(agentId);
    if (!entry) return null;
    entry.connections.delete(connectionId);
    return this.report(entry);
  }

  heartbeat(agentId: string): AgentState | null {
    const entry = this.entries.get(agentId);
    if (!entry || entry.connections.size === 0) return null;
    entry.lastBeat = this.now();
    return this.report(entry);
  }

  setStatus(agentId: string, status: 'online' | 'away'): AgentState | null {
    const entry = this.entries.get(agentId);
    if (!entry) return null;
    entry.chosen = status;
    entry.lastBeat = this.now();
    return this.report(entry);
  }

  /** Agents whose presence changed since last reported (heartbeats that stopped). */
  sweep(): AgentState[] {
    const changed: AgentState[] = [];
    for (const entry of this.entries.values()) {
      const state = this.report(entry);
      if (state) changed.push(state);
    }
    return changed;
  }

  setLoad(agentId: string, activeChats: number): void {
    const entry = this.entries.get(agentId);
    if (entry) entry.activeChats = Math.max(0, activeChats);
  }

  adjustLoad(agentId: string, delta: number): void {
    const entry = this.entries.get(agentId);
    if (entry) entry.activeChats = Math.max(0, entry.activeChats + delta);
  }

  markAssigned(agentId: string): void {
    const entry = this.entries.get(agentId);
    if (entry) entry.lastAssignedAt = this.now();
  }

  presenceOf(agentId: string): Presence {
    const entry = this.entries.get(agentId);
    return entry ? this.compute(entry) : 'offline';
  }

  state(agentId: string): AgentState | null {
    const entry = this.entries.get(agentId);
    return entry ? this.toState(entry) : null;
  }

  /** Every known agent (offline ones too), by name. */
  snapshot(): AgentState[] {
    return [...this.entries.values()]
      .map((e) => this.toState(e))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  onlineCount(): number {
    let n = 0;
    for (const entry of this.entries.values()) if (this.compute(entry) === 'online') n += 1;
    return n;
  }

  private compute(entry: Entry): Presence {
    if (entry.connections.size === 0) return 'offline';
    if (this.now() - entry.lastBeat > this.heartbeatTimeoutMs) return 'offline';
    return entry.chosen;
  }

  private report(entry: Entry): AgentState | null {
    const presence = this.compute(entry);
    if (presence === entry.reported) return null;
    entry.reported = presence;
    return this.toState(entry);
  }

  private toState(entry: Entry): AgentState {
    return {
      ...entry.profile,
      presence: this.compute(entry),
      activeChats: entry.activeChats,
      lastAssignedAt: entry.lastAssignedAt,
    };
  }

  private now(): number {
    return this.clock().getTime();
  }
}
