/**
 * GET /api/admin/audit?limit&cursor&before&entityType&entityId: who changed what, newest first
 * (createdAt, then id), as `{ entries, nextCursor }`. The cursor holds the (createdAt, id) of the
 * page's last entry, so the next page starts right after it even when entries share a millisecond
 * (paging by `before` = the last createdAt skipped those).
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AuditQuerySchema, type AuditPageView } from '../../protocol/admin';
import type { AuditPosition } from '../../store';
import { AppError } from '../errors';
import { parse, sendData, type AdminContext } from './http';

const DEFAULT_PAGE_SIZE = 50;

/** A cursor is `[createdAt, id]` as base64url JSON: opaque to clients, so its form may change. */
const CursorSchema = z.tuple([z.iso.datetime(), z.string().min(1)]);

const encodeCursor = ({ createdAt, id }: AuditPosition): string =>
  Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');

function decodeCursor(cursor: string): AuditPosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const parsed = CursorSchema.safeParse(value);
  if (!parsed.success)
    throw new AppError(
      400,
      'validation_failed',
      'Invalid query: cursor is not one this endpoint returned. Send back nextCursor as it came, or leave cursor out to start from the newest entry.',
    );
  const [createdAt, id] = parsed.data;
  return { createdAt, id };
}

export function auditRoutes(ctx: AdminContext): Router {
  const router = Router();
  router.get('/api/admin/audit', async (req: Request, res: Response) => {
    const { cursor, limit = DEFAULT_PAGE_SIZE, ...filters } = parse(AuditQuerySchema, req.query, 'query');
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    // One entry more than the page says whether an older page exists, so the last page has no cursor.
    const found = await ctx.store.auditLog.list({ ...filters, after, limit: limit + 1 });
    const entries = found.slice(0, limit);
    const nextCursor = found.length > limit ? encodeCursor(entries[entries.length - 1]) : null;
    sendData(res, { entries, nextCursor } satisfies AuditPageView);
  });
  return router;
}
