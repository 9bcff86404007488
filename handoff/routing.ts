/**
 * Routing: which team an escalation belongs to (intent → team, else intent category → team), and
 * which agent gets it. Pure functions over agent snapshots, so they are tested without sockets.
 *
 * An agent is eligible when online, under capacity, and skilled for the team (no team: anyone). Of
 * the eligible, VIP customers go to agents with the VIP skill when one is free; then the least busy
 * wins (lowest load ratio, then fewest chats, then the one who waited longest since their last
 * assignment, then id, so the choice is deterministic).
 */
import type { CustomerTier } from '../store';
import type { AgentState } from './types';

export interface RoutingConfig {
  /** Intent → team, checked first (e.g. `legal.complaint` → `legal`). */
  intentTeams: Readonly<Record<string, string>>;
  /** Intent category → team; a category not listed is its own team name. */
  categoryTeams: Readonly<Record<string, string>>;
  /** Tiers that prefer agents with `vipSkill`. */
  vipTiers: ReadonlySet<CustomerTier>;
  vipSkill: string;
  /** When no online agent has the team's skill, route to anyone online with room (default true). */
  fallbackToAnyone: boolean;
  /**
   * Intents that say nothing about the topic ("talk to a person", greetings, help): routing looks past
   * them to the last intent that does.
   */
  topicless: ReadonlySet<string>;
}

export const DEFAULT_ROUTING: Readonly<RoutingConfig> = Object.freeze({
  intentTeams: { 'legal.complaint': 'legal', 'privacy.data_request': 'legal' },
  categoryTeams: {},
  vipTiers: new Set<CustomerTier>(['gold', 'platinum']),
  vipSkill: 'vip',
  fallbackToAnyone: true,
  topicless: new Set([
    'none',
    'human.agent',
    'help',
    'smalltalk.greeting',
    'smalltalk.thanks',
    'smalltalk.goodbye',
  ]),
});

export interface RouteRequest {
  /** Team (skill) required, null for anyone. */
  team: string | null;
  tier: CustomerTier | null;
  /** Agents who must not get it (e.g. the one transferring it away). */
  exclude?: ReadonlySet<string>;
}

export function resolveRouting(overrides: Partial<RoutingConfig> = {}): RoutingConfig {
  return { ...DEFAULT_ROUTING, ...overrides };
}

/** The intent to route by: the request's own, else the latest one seen that names a topic. */
export function routingIntent(
  config: RoutingConfig,
  requested: string | undefined,
  seen: readonly { intent: string }[],
): string | undefined {
  if (requested && !config.topicless.has(requested)) return requested;
  for (let i = seen.length - 1; i >= 0; i--) if (!config.topicless.has(seen[i].intent)) return seen[i].intent;
  return requested && requested !== 'none' ? requested : undefined;
}

/** The team for an escalation: by intent, else by the intent's category, else none. */
export function teamFor(
  config: RoutingConfig,
  intent: string | undefined,
  category: string | null,
): string | null {
  if (intent && config.intentTeams[intent]) return config.intentTeams[intent];
  if (!category) return null;
  return config.categoryTeams[category] ?? category;
}

export const hasRoom = (agent: AgentState): boolean => agent.activeChats < agent.capacity;
export const isOnline = (agent: AgentState): boolean => agent.presence === 'online';
export const hasSkill = (agent: AgentState, team: string | null): boolean =>
  team === null || agent.skills.includes(team);

/** Online agents skilled for the team (capacity not considered): who should hear about it. */
export function notifiable(
  agents: readonly AgentState[],
  request: RouteRequest,
  config: RoutingConfig,
): AgentState[] {
  const online = agents.filter((a) => isOnline(a) && !request.exclude?.has(a.id));
  const skilled = online.filter((a) => hasSkill(a, request.team));
  return skilled.length || !config.fallbackToAnyone ? skilled : online;
}

/** Agents who could take it right now, before preferences. */
export function eligible(
  agents: readonly AgentState[],
  request: RouteRequest,
  config: RoutingConfig,
): AgentState[] {
  const free = agents.filter((a) => isOnline(a) && hasRoom(a) && !request.exclude?.has(a.id));
  const skilled = free.filter((a) => hasSkill(a, request.team));
  if (skilled.length || !config.fallbackToAnyone) return skilled;
  // Nobody with the skill has room: anyone free rather than a waiting customer, but only when
  // nobody with the skill is online at all (a busy specialist will free up soon).
  const specialistsOnline = agents.some(
    (a) => isOnline(a) && hasSkill(a, request.team) && !request.exclude?.has(a.id),
  );
  return specialistsOnline ? [] : free;
}

export function compareLoad(a: AgentState, b: AgentState): number {
  return (
    a.activeChats / Math.max(1, a.capacity) - b.activeChats / Math.max(1, b.capacity) ||
    a.activeChats - b.activeChats ||
    a.lastAssignedAt - b.lastAssignedAt ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The agent to auto-assign to, or null when nobody is eligible. */
export function pickAgent(
  agents: readonly AgentState[],
  request: RouteRequest,
  config: RoutingConfig,
): AgentState | null {
  let pool = eligible(agents, request, config);
  if (pool.length === 0) return null;
  if (request.tier && config.vipTiers.has(request.tier)) {
    const vip = pool.filter((a) => a.skills.includes(config.vipSkill));
    if (vip.length) pool = vip;
  }
  return [...pool].sort(compareLoad)[0];
}
