/**
 * Console users: GET/POST /api/admin/users, PUT/DELETE /api/admin/users/:id. Passwords are set on
 * create and reset with `password` (argon2id); hashes never leave the server, not even in the audit
 * log. A reset, a role change or a delete signs the user out everywhere. The last admin can be
 * neither demoted nor deleted (nobody could administer the service any more): the store refuses
 * that atomically with the write (StoreError 'last_admin'), so two admins demoting or deleting each
 * other at the same moment cannot both succeed; the route only words the refusal.
 */
import { Router, type Request, type Response } from 'express';
import { UserCreateSchema, UserUpdateSchema, type UserView } from '../../protocol/admin';
import type { User } from '../../store';
import { AppError } from '../errors';
import {
  audit,
  expectedVersion,
  param,
  parse,
  sendData,
  sendVersioned,
  versionInBody,
  type AdminContext,
} from './http';
import { onStoreError, versionedRecords } from './records';

export const toUserView = (user: User): UserView => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  skills: [...user.skills],
  capacity: user.capacity,
  version: user.version,
  createdAt: user.createdAt,
});

/** The audit snapshot: the view, plus whether the password changed (never the hash). */
const snapshot = (user: User, passwordChanged = false) => ({
  ...toUserView(user),
  ...(passwordChanged ? { passwordChanged: true } : {}),
});

const emailTaken = (email: string | undefined) =>
  new AppError(409, 'already_exists', `A user with the email address ${email} exists already.`);

/** The store's 'last_admin' refusal, as the 409 a person can act on. */
const onlyAdmin = (user: User, doing: string) => () =>
  new AppError(409, 'last_admin', `${user.email} is the only admin: ${doing} would lock everyone out.`);

export function userRoutes(ctx: AdminContext): Router {
  const router = Router();
  const { users, authSessions } = ctx.store;

  const records = versionedRecords({
    get: (id) => users.get(id),
    what: 'user',
    label: (user: User) => `User ${user.email}`,
  });

  router.get('/api/admin/users', async (_req: Request, res: Response) => {
    sendData(res, (await users.list()).map(toUserView));
  });

  router.post('/api/admin/users', async (req: Request, res: Response) => {
    const { password, ...input } = parse(UserCreateSchema, req.body);
    const passwordHash = await ctx.hashPassword(password);
    const created = await users
      .create({ ...input, passwordHash })
      .catch(onStoreError('duplicate', () => emailTaken(input.email)));
    await audit(ctx, res, {
      action: 'user.create',
      entityType: 'user',
      entityId: created.id,
      before: null,
      after: snapshot(created, true),
    });
    res.location(`/api/admin/users/${encodeURIComponent(created.id)}`);
    sendVersioned(res, toUserView(created), 201);
  });

  router.get('/api/admin/users/:id', async (req: Request, res: Response) => {
    sendVersioned(res, toUserView(await records.load(param(req, 'id'))));
  });

  router.put('/api/admin/users/:id', async (req: Request, res: Response) => {
    const { version: bodyVersion, password, ...patch } = parse(UserUpdateSchema, req.body);
    const version = expectedVersion(req, bodyVersion);
    const before = await records.loadAt(param(req, 'id'), version);
    const passwordHash = password === undefined ? undefined : await ctx.hashPassword(password);
    const updated = await users
      .update(before.id, version, { ...patch, passwordHash })
      .catch(onStoreError('duplicate', () => emailTaken(patch.email)))
      .catch(onStoreError('last_admin', onlyAdmin(before, 'making them an agent')))
      .catch(records.raced(before, version));
    if (passwordHash !== undefined || updated.role !== before.role)
      await authSessions.deleteForUser(updated.id);
    await audit(ctx, res, {
      action: 'user.update',
      entityType: 'user',
      entityId: updated.id,
      before: snapshot(before),
      after: snapshot(updated, passwordHash !== undefined),
    });
    sendVersioned(res, toUserView(updated));
  });

  router.delete('/api/admin/users/:id', async (req: Request, res: Response) => {
    const version = expectedVersion(req, versionInBody(req));
    const before = await records.loadAt(param(req, 'id'), version);
    // Deleted only at `version`: an edit landing after loadAt makes this a 409, so `before` is what went.
    await users
      .delete(before.id, version)
      .catch(onStoreError('last_admin', onlyAdmin(before, 'deleting them')))
      .catch(records.raced(before, version));
    await authSessions.deleteForUser(before.id);
    await audit(ctx, res, {
      action: 'user.delete',
      entityType: 'user',
      entityId: before.id,
      before: snapshot(before),
      after: null,
    });
    res.status(204).end();
  });

  return router;
}
