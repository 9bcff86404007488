/**
 * Console sessions kept in the store, so they survive restarts and work across processes. The
 * browser holds a random token; the store keeps only its SHA-256 (a database copy is no cookie jar).
 * Expiry slides: each use extends it (written at most once a minute), up to an absolute maximum.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AuthSession, Store, User } from '../../store';

export interface SessionManagerOptions {
  store: Pick<Store, 'authSessions' | 'users'>;
  clock?: () => Date;
  /** Idle time after which a session ends (default 12 h). */
  idleTtlMs?: number;
  /** A session ends this long after sign-in whatever happens (default 7 days). */
  absoluteTtlMs?: number;
}

export interface Authenticated {
  session: AuthSession;
  user: User;
}

const TOUCH_EVERY_MS = 60_000;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

export class SessionManager {
  private readonly clock: () => Date;
  readonly idleTtlMs: number;
  private readonly absoluteTtlMs: number;

  constructor(private readonly options: SessionManagerOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.idleTtlMs = options.idleTtlMs ?? 12 * 3600_000;
    this.absoluteTtlMs = options.absoluteTtlMs ?? 7 * 24 * 3600_000;
  }

  /** Starts a session; the token goes into the cookie and nowhere else. */
  async start(user: User, userAgent?: string): Promise<{ token: string; session: AuthSession }> {
    const token = randomBytes(32).toString('base64url');
    const session = await this.options.store.authSessions.create({
      id: hashToken(token),
      userId: user.id,
      csrfToken: randomBytes(24).toString('base64url'),
      userAgent: userAgent?.slice(0, 300) ?? null,
      expiresAt: new Date(this.clock().getTime() + this.idleTtlMs).toISOString(),
    });
    return { token, session };
  }

  /** The live session and its user for a cookie token, or null. */
  async authenticate(token: string | undefined): Promise<Authenticated | null> {
    if (!token || token.length > 200) return null;
    const { authSessions, users } = this.options.store;
    let session = await authSessions.get(hashToken(token));
    if (!session) return null;
    const now = this.clock().getTime();
    const hardEnd = Date.parse(session.createdAt) + this.absoluteTtlMs;
    if (now >= hardEnd) {
      await authSessions.delete(session.id);
      return null;
    }
    const user = await users.get(session.userId);
    if (!user) {
      await authSessions.delete(session.id);
      return null;
    }
    if (now - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS) {
      const expiresAt = new Date(Math.min(now + this.idleTtlMs, hardEnd)).toISOString();
      session = (await authSessions.touch(session.id, expiresAt)) ?? session;
    }
    return { session, user };
  }

  async end(token: string | undefined): Promise<void> {
    if (token) await this.options.store.authSessions.delete(hashToken(token));
  }

  /** Housekeeping (the server may call it hourly). */
  async purgeExpired(): Promise<number> {
    return this.options.store.authSessions.deleteExpired();
  }
}
