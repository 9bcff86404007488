/**
 * Intents: GET/POST /api/admin/intents, GET/PUT/DELETE /api/admin/intents/:id. Versioned (ETag,
 * If-Match or body version); every change is audited and tells the live service to retrain-ready.
 * A phrasing another intent has is refused (409 already_exists, see phrasings.ts).
 */
import { Router, type Request, type Response } from 'express';
import { IntentInputSchema, IntentUpdateSchema, type IntentView } from '../../protocol/admin';
import type { Intent, IntentRepository } from '../../store';
import { AppError } from '../errors';
import {
  audit,
  expectedVersion,
  notify,
  param,
  parse,
  sendData,
  sendVersioned,
  versionInBody,
  type AdminContext,
} from './http';
import { refuseTakenPhrasings } from './phrasings';
import { changesNothing, onStoreError, versionedRecords } from './records';

export const toIntentView = (intent: Intent): IntentView => ({
  id: intent.id,
  name: intent.name,
  utterances: [...intent.utterances],
  responses: [...intent.responses],
  settings: { ...intent.settings },
  version: intent.version,
  updatedAt: intent.updatedAt,
});

const duplicateName = (name: string | undefined) =>
  new AppError(409, 'already_exists', `An intent named "${name}" exists already. Choose another name.`);

/** Loading and version checks for intents, for every route that edits one. */
export const intentRecords = (intents: IntentRepository) =>
  versionedRecords({
    get: (id) => intents.get(id),
    what: 'intent',
    label: (intent: Intent) => `Intent "${intent.name}"`,
  });

export function intentRoutes(ctx: AdminContext): Router {
  const router = Router();
  const { intents } = ctx.store;

  const records = intentRecords(intents);

  router.get('/api/admin/intents', async (_req: Request, res: Response) => {
    sendData(res, (await intents.list()).map(toIntentView));
  });

  router.post('/api/admin/intents', async (req: Request, res: Response) => {
    const input = parse(IntentInputSchema, req.body);
    await refuseTakenPhrasings(intents, null, input.utterances);
    const created = await intents
      .create(input)
      .catch(onStoreError('duplicate', () => duplicateName(input.name)));
    await audit(ctx, res, {
      action: 'intent.create',
      entityType: 'intent',
      entityId: created.id,
      before: null,
      after: toIntentView(created),
    });
    notify(ctx, 'onIntentsChanged', ctx.onIntentsChanged);
    res.location(`/api/admin/intents/${encodeURIComponent(created.id)}`);
    sendVersioned(res, toIntentView(created), 201);
  });

  router.get('/api/admin/intents/:id', async (req: Request, res: Response) => {
    sendVersioned(res, toIntentView(await records.load(param(req, 'id'))));
  });

  router.put('/api/admin/intents/:id', async (req: Request, res: Response) => {
    const { version: bodyVersion, ...patch } = parse(IntentUpdateSchema, req.body);
    const version = expectedVersion(req, bodyVersion);
    // The version check comes first: a stale save is a 409 whether or not it changes anything.
    const before = await records.loadAt(param(req, 'id'), version);
    if (changesNothing(before, patch)) return sendVersioned(res, toIntentView(before));
    await refuseTakenPhrasings(intents, before.id, patch.utterances, before.utterances);
    const updated = await intents
      .update(before.id, version, patch)
      .catch(onStoreError('duplicate', () => duplicateName(patch.name)))
      .catch(records.raced(before, version));
    await audit(ctx, res, {
      action: 'intent.update',
      entityType: 'intent',
      entityId: updated.id,
      before: toIntentView(before),
      after: toIntentView(updated),
    });
    notify(ctx, 'onIntentsChanged', ctx.onIntentsChanged);
    sendVersioned(res, toIntentView(updated));
  });

  router.delete('/api/admin/intents/:id', async (req: Request, res: Response) => {
    const version = expectedVersion(req, versionInBody(req));
    const before = await records.loadAt(param(req, 'id'), version);
    // Deleted only at `version`: an edit landing after loadAt makes this a 409, so `before` is what went.
    await intents.delete(before.id, version).catch(records.raced(before, version));
    await audit(ctx, res, {
      action: 'intent.delete',
      entityType: 'intent',
      entityId: before.id,
      before: toIntentView(before),
      after: null,
    });
    notify(ctx, 'onIntentsChanged', ctx.onIntentsChanged);
    res.status(204).end();
  });

  return router;
}
