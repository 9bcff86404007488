/**
 * GET /api/admin/entities/built-in: the entity kinds the bot extracts without any setup, from
 * nlp/entities' own table, so the console never keeps a copy that can fall behind.
 */
import { Router, type Request, type Response } from 'express';
import { BUILT_IN_ENTITY_KINDS } from '../../nlp';
import type { BuiltInEntityKindsView } from '../../protocol/admin';
import { sendData, type AdminContext } from './http';

export const builtInEntityRoutes = (_ctx: AdminContext): Router => {
  const router = Router();
  router.get('/api/admin/entities/built-in', (_req: Request, res: Response) => {
    sendData(res, {
      kinds: BUILT_IN_ENTITY_KINDS.map((kind) => ({ ...kind })),
    } satisfies BuiltInEntityKindsView);
  });
  return router;
};
