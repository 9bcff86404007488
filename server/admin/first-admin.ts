/**
 * The first admin. At start, when the store has no admin: with ADMIN_EMAIL and ADMIN_PASSWORD
 * configured, that account is created (or an existing user with that email is promoted); otherwise a
 * one-time password is generated and logged once, at warn level, with the email. Nothing happens
 * while an admin exists, so the password is never printed again.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { MIN_PASSWORD_CHARS } from '../../protocol/admin';
import { StoreError, type Store, type User } from '../../store';
import { hashPassword as argon2Hash } from '../auth';
import { toUserView } from './users';

export const DEFAULT_ADMIN_EMAIL = 'admin@parley.local';

export interface EnsureFirstAdminOptions {
  store: Pick<Store, 'users' | 'auditLog'>;
  /** ADMIN_EMAIL; default admin@parley.local. */
  email?: string;
  /** ADMIN_PASSWORD; without it a one-time password is generated and logged. */
  password?: string;
  logger: Pick<Logger, 'warn' | 'info'>;
  hashPassword?: (plain: string) => Promise<string>;
  /** Source of the one-time password (tests); default 18 random bytes, base64url (24 characters). */
  generatePassword?: () => string;
}

export type FirstAdminOutcome =
  | { action: 'exists'; adminCount: number }
  | { action: 'created' | 'promoted'; userId: string; email: string; password: 'configured' | 'generated' };

export async function ensureFirstAdmin(options: EnsureFirstAdminOptions): Promise<FirstAdminOutcome> {
  const { store, logger } = options;
  const admins = async () => (await store.users.list()).filter((user) => user.role === 'admin');
  const existing = await admins();
  if (existing.length) return { action: 'exists', adminCount: existing.length };

  if (options.password !== undefined && options.password.length < MIN_PASSWORD_CHARS)
    throw new Error(`ADMIN_PASSWORD must have at least ${MIN_PASSWORD_CHARS} characters`);
  const email = (options.email ?? DEFAULT_ADMIN_EMAIL).trim().toLowerCase();
  const generated = options.password === undefined;
  const password =
    options.password ?? (options.generatePassword ?? (() => randomBytes(18).toString('base64url')))();
  const passwordHash = await (options.hashPassword ?? argon2Hash)(password);

  let admin: User;
  let action: 'created' | 'promoted';
  const sameEmail = await store.users.getByEmail(email);
  if (sameEmail) {
    admin = await store.users.update(sameEmail.id, sameEmail.version, { role: 'admin', passwordHash });
    action = 'promoted';
  } else {
    try {
      admin = await store.users.create({
        email,
        name: 'Administrator',
        role: 'admin',
        passwordHash,
        skills: [],
        capacity: 0,
      });
      action = 'created';
    } catch (error) {
      // Another process bootstrapped at the same moment: its admin counts.
      const now = await admins();
      if (error instanceof StoreError && error.code === 'duplicate' && now.length)
        return { action: 'exists', adminCount: now.length };
      throw error;
    }
  }

  await store.auditLog.append({
    actorId: null,
    actorEmail: null,
    action: `user.bootstrap`,
    entityType: 'user',
    entityId: admin.id,
    before: sameEmail ? toUserView(sameEmail) : null,
    after: { ...toUserView(admin), passwordChanged: true },
  });
  if (generated) {
    logger.warn(
      // Not under a key named "password": the logger redacts those.
      { email, oneTimePassword: password },
      'No admin existed: created one with this one-time password. Sign in at /console and set your own password now; it is not shown again.',
    );
  } else {
    logger.info({ email }, `No admin existed: ${action} the configured admin (ADMIN_EMAIL).`);
  }
  return { action, userId: admin.id, email, password: generated ? 'generated' : 'configured' };
}
