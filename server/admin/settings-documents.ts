/**
 * Versioned settings documents as REST resources: GET/PUT /api/admin/settings (key "bot") and
 * /api/admin/entities (key "entities"). Before the first save, GET shows the defaults at version 0,
 * and a PUT with version 0 creates the document. A PUT of what is stored already changes nothing.
 */
import { isDeepStrictEqual } from 'node:util';
import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import {
  BotSettingsUpdateSchema,
  DEFAULT_BOT_SETTINGS,
  DEFAULT_ENTITIES,
  EntitiesUpdateSchema,
} from '../../protocol/admin';
import { StoreError, type SettingsDocument } from '../../store';
import { audit, conflict, expectedVersion, notify, parse, sendVersioned, type AdminContext } from './http';

export const BOT_SETTINGS_KEY = 'bot';
export const ENTITIES_KEY = 'entities';

interface DocumentResource<S extends z.ZodObject> {
  path: string;
  key: string;
  /** The body schema: the document's fields plus an optional `version`. */
  schema: S;
  defaults: Record<string, unknown>;
  /** Audit entity type and label in messages. */
  entityType: string;
  label: string;
}

export type VersionedDocumentView = Record<string, unknown> & { version: number; updatedAt: string | null };

export const documentView = (
  doc: SettingsDocument | null,
  defaults: Record<string, unknown>,
): VersionedDocumentView =>
  doc
    ? { ...doc.value, version: doc.version, updatedAt: doc.updatedAt }
    : { ...structuredClone(defaults), version: 0, updatedAt: null };

function documentRoutes<S extends z.ZodObject>(ctx: AdminContext, resource: DocumentResource<S>): Router {
  const router = Router();
  const { settings } = ctx.store;

  router.get(resource.path, async (_req: Request, res: Response) => {
    sendVersioned(res, documentView(await settings.get(resource.key), resource.defaults));
  });

  router.put(resource.path, async (req: Request, res: Response) => {
    const { version: bodyVersion, ...value } = parse(resource.schema, req.body) as Record<string, unknown> & {
      version?: number;
    };
    const version = expectedVersion(req, bodyVersion);
    const before = await settings.get(resource.key);
    const current = before?.version ?? 0;
    if (current !== version) throw conflict(resource.label, current, version);
    // A save of what is stored changes nothing: no new version, no audit entry. Before the first save
    // there is nothing stored, and saving the defaults creates the document (it pins them).
    if (before && isDeepStrictEqual(before.value, value))
      return sendVersioned(res, documentView(before, resource.defaults));
    const saved = await settings.put(resource.key, value, version).catch(async (error: unknown) => {
      if (error instanceof StoreError && error.code === 'conflict') {
        const now = await settings.get(resource.key);
        throw conflict(resource.label, now?.version ?? 0, version);
      }
      throw error;
    });
    await audit(ctx, res, {
      action: `${resource.entityType}.update`,
      entityType: resource.entityType,
      entityId: resource.key,
      before: before ? documentView(before, resource.defaults) : null,
      after: documentView(saved, resource.defaults),
    });
    notify(ctx, 'onSettingsChanged', () => ctx.onSettingsChanged(resource.key));
    sendVersioned(res, documentView(saved, resource.defaults));
  });

  return router;
}

export const botSettingsRoutes = (ctx: AdminContext): Router =>
  documentRoutes(ctx, {
    path: '/api/admin/settings',
    key: BOT_SETTINGS_KEY,
    schema: BotSettingsUpdateSchema,
    defaults: ctx.botSettingsDefaults ?? DEFAULT_BOT_SETTINGS,
    entityType: 'settings',
    label: 'The bot settings',
  });

export const entityRoutes = (ctx: AdminContext): Router =>
  documentRoutes(ctx, {
    path: '/api/admin/entities',
    key: ENTITIES_KEY,
    schema: EntitiesUpdateSchema,
    defaults: DEFAULT_ENTITIES,
    entityType: 'entities',
    label: 'The entity definitions',
  });
