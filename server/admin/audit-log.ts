/** GET /api/admin/audit?limit&before&entityType&entityId: who changed what, newest first. */
import { Router, type Request, type Response } from 'express';
import { AuditQuerySchema, type AuditEntryView } from '../../protocol/admin';
import { parse, sendData, type AdminContext } from './http';

export function auditRoutes(ctx: AdminContext): Router {
  const router = Router();
  router.get('/api/admin/audit', async (req: Request, res: Response) => {
    const query = parse(AuditQuerySchema, req.query, 'query');
    const entries: AuditEntryView[] = await ctx.store.auditLog.list({ ...query, limit: query.limit ?? 50 });
    sendData(res, entries);
  });
  return router;
}
