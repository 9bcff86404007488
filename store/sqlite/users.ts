import type { NewUser, User, UserRepository, UserRole } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { demotesAdmin, lastAdminError } from '../internal/users';
import { applyPatch, recordAtVersion, normalizeEmail } from '../internal/values';
import { bindable, fromJson, toJson } from './codec';
import { immediate, type Db } from './database';
import { guard } from './errors';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  password_hash: string;
  skills: string;
  capacity: number;
  version: number;
  created_at: string;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  passwordHash: row.password_hash,
  skills: fromJson<string[]>(row.skills),
  capacity: row.capacity,
  version: row.version,
  createdAt: row.created_at,
});

export function sqliteUsers(db: Db, deps: ResolvedDeps): UserRepository {
  const insert =
    db.prepare(`INSERT INTO users (id, email, name, role, password_hash, skills, capacity, created_at)
    VALUES (@id, @email, @name, @role, @passwordHash, @skills, @capacity, @createdAt)`);
  const byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const byEmail = db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?');
  const all = db.prepare<[], UserRow>('SELECT * FROM users ORDER BY name, id');
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users');
  const update = db.prepare(`UPDATE users SET email = @email, name = @name, role = @role,
    password_hash = @passwordHash, skills = @skills, capacity = @capacity, version = @version
    WHERE id = @id`);
  const remove = db.prepare<[string]>('DELETE FROM users WHERE id = ?');
  const countAdmins = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM users WHERE role = 'admin'");
  /** Call inside `immediate` only: the count and the write that follows must share one write lock. */
  const isOnlyAdmin = () => countAdmins.get()!.n <= 1;

  const get = (id: string): User | null => {
    const row = byId.get(id);
    return row ? toUser(row) : null;
  };

  return {
    async create(input: NewUser) {
      const id = deps.newId();
      guard('user', () =>
        insert.run(
          bindable({
            id,
            email: normalizeEmail(input.email),
            name: input.name,
            role: input.role,
            passwordHash: input.passwordHash,
            skills: toJson(input.skills ?? []),
            capacity: input.capacity,
            createdAt: deps.clock().toISOString(),
          }),
        ),
      );
      return get(id)!;
    },
    async get(id) {
      return get(id);
    },
    async getByEmail(email) {
      const row = byEmail.get(normalizeEmail(email));
      return row ? toUser(row) : null;
    },
    async list() {
      return all.all().map(toUser);
    },
    async count() {
      return countAll.get()?.n ?? 0;
    },
    // Optimistic concurrency and the last-admin rule: read, compare the version, count the admins,
    // write — all under one IMMEDIATE transaction, so the write lock is held from the first read to
    // the commit. Another connection or process demoting or deleting an admin waits (busy_timeout)
    // and then counts what this one committed: two demotions of the last two admins cannot both pass.
    async update(id, expectedVersion, patch) {
      return guard('user', () =>
        immediate(db, () => {
          const current = recordAtVersion('user', id, get(id), expectedVersion);
          if (demotesAdmin(current.role, patch.role) && isOnlyAdmin()) throw lastAdminError(id, 'demote');
          const next = applyPatch(current, { ...patch, email: normalizeEmail(patch.email) });
          update.run(
            bindable({
              id,
              email: next.email,
              name: next.name,
              role: next.role,
              passwordHash: next.passwordHash,
              skills: toJson(next.skills),
              capacity: next.capacity,
              version: current.version + 1,
            }),
          );
          return get(id)!;
        }),
      );
    },
    // The version and the last-admin rule as in update: look, compare, count and delete under one
    // IMMEDIATE transaction.
    async delete(id, expectedVersion) {
      immediate(db, () => {
        const current = recordAtVersion('user', id, byId.get(id), expectedVersion);
        if (current.role === 'admin' && isOnlyAdmin()) throw lastAdminError(id, 'delete');
        remove.run(id);
      });
    },
  };
}
