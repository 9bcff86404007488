/** Agents by id: their user record (cached a minute) and presence entry, registered on first sight. */
import type { User, UserRepository } from '../store';
import type { AgentProfile, PresenceRegistry } from './presence';
import type { AgentState } from './types';

export function profileOf(user: User): AgentProfile {
  return { id: user.id, name: user.name, role: user.role, skills: user.skills, capacity: user.capacity };
}

export class AgentDirectory {
  private readonly cache = new Map<string, { at: number; user: Promise<User | null> }>();

  constructor(
    private readonly users: Pick<UserRepository, 'get'>,
    private readonly presence: PresenceRegistry,
    private readonly clock: () => Date,
    private readonly ttlMs = 60_000,
  ) {}

  user(id: string): Promise<User | null> {
    const now = this.clock().getTime();
    const hit = this.cache.get(id);
    if (hit && now - hit.at < this.ttlMs) return hit.user;
    const user = this.users.get(id);
    this.cache.set(id, { at: now, user });
    user.catch(() => this.cache.delete(id));
    return user;
  }

  /** The agent's presence entry, registering a known user who never connected here. */
  async ensure(id: string): Promise<AgentState | null> {
    const known = this.presence.state(id);
    if (known) return known;
    const user = await this.user(id);
    return user ? this.presence.register(profileOf(user)) : null;
  }

  async name(id: string): Promise<string | null> {
    return (await this.ensure(id))?.name ?? null;
  }

  async isAdmin(id: string): Promise<boolean> {
    return (await this.user(id))?.role === 'admin';
  }
}
