/** Console sign-in sessions on SQLite (see AuthSessionRepository). */
import type { AuthSession, AuthSessionRepository, NewAuthSession } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { bindable } from './codec';
import type { Db } from './database';
import { guard } from './errors';

interface AuthSessionRow {
  id: string;
  user_id: string;
  csrf_token: string;
  user_agent: string | null;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

const toSession = (row: AuthSessionRow): AuthSession => ({
  id: row.id,
  userId: row.user_id,
  csrfToken: row.csrf_token,
  userAgent: row.user_agent,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  lastSeenAt: row.last_seen_at,
});

export function sqliteAuthSessions(db: Db, deps: ResolvedDeps): AuthSessionRepository {
  const insert =
    db.prepare(`INSERT INTO auth_sessions (id, user_id, csrf_token, user_agent, created_at, expires_at, last_seen_at)
    VALUES (@id, @userId, @csrfToken, @userAgent, @now, @expiresAt, @now)`);
  const live = db.prepare<[string, string], AuthSessionRow>(
    'SELECT * FROM auth_sessions WHERE id = ? AND expires_at > ?',
  );
  const touch = db.prepare<[string, string, string, string], AuthSessionRow>(
    'UPDATE auth_sessions SET expires_at = ?, last_seen_at = ? WHERE id = ? AND expires_at > ? RETURNING *',
  );
  const remove = db.prepare<[string]>('DELETE FROM auth_sessions WHERE id = ?');
  const removeForUser = db.prepare<[string]>('DELETE FROM auth_sessions WHERE user_id = ?');
  const removeExpired = db.prepare<[string]>('DELETE FROM auth_sessions WHERE expires_at <= ?');
  const now = () => deps.clock().toISOString();

  return {
    async create(input: NewAuthSession) {
      const at = now();
      guard('session', () =>
        insert.run(
          bindable({
            id: input.id,
            userId: input.userId,
            csrfToken: input.csrfToken,
            userAgent: input.userAgent ?? null,
            expiresAt: input.expiresAt,
            now: at,
          }),
        ),
      );
      return toSession(live.get(input.id, '')!);
    },
    async get(id) {
      const row = live.get(id, now());
      return row ? toSession(row) : null;
    },
    async touch(id, expiresAt) {
      const at = now();
      const row = guard('session', () => touch.get(expiresAt, at, id, at));
      return row ? toSession(row) : null;
    },
    async delete(id) {
      return remove.run(id).changes > 0;
    },
    async deleteForUser(userId) {
      return removeForUser.run(userId).changes;
    },
    async deleteExpired() {
      return removeExpired.run(now()).changes;
    },
  };
}
