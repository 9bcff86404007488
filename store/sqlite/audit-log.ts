import type { AuditEntry, AuditLogRepository } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { auditPosition, checkAuditEntry, jsonSnapshot } from '../internal/admin';
import { isoOrNull, pageLimit } from '../internal/values';
import { bindable, fromJson, toJson } from './codec';
import type { Db } from './database';
import { guard } from './errors';

interface AuditRow {
  id: string;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: string;
  after: string;
  created_at: string;
}

const toEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  actorId: row.actor_id,
  actorEmail: row.actor_email,
  action: row.action,
  entityType: row.entity_type,
  entityId: row.entity_id,
  before: fromJson<unknown>(row.before),
  after: fromJson<unknown>(row.after),
  createdAt: row.created_at,
});

export function sqliteAuditLog(db: Db, deps: ResolvedDeps): AuditLogRepository {
  const insert = db.prepare(`INSERT INTO audit_log
      (id, actor_id, actor_email, action, entity_type, entity_id, before, after, created_at)
    VALUES (@id, @actorId, @actorEmail, @action, @entityType, @entityId, @before, @after, @createdAt)`);
  const byId = db.prepare<[string], AuditRow>('SELECT * FROM audit_log WHERE id = ?');
  interface PageParams {
    afterAt?: string;
    afterId?: string;
    before: string | null;
    entityType: string | null;
    entityId: string | null;
    limit: number;
  }
  /** Newest first; `fromCursor`: only entries strictly after (afterAt, afterId) in that order. */
  const pageStatement = (fromCursor: boolean) =>
    db.prepare<PageParams, AuditRow>(`SELECT * FROM audit_log
      WHERE ${fromCursor ? '(created_at, id) < (@afterAt, @afterId) AND' : ''}
        (@before IS NULL OR created_at < @before)
        AND (@entityType IS NULL OR entity_type = @entityType)
        AND (@entityId IS NULL OR entity_id = @entityId)
      ORDER BY created_at DESC, id DESC LIMIT @limit`);
  // Two statements rather than "@afterAt IS NULL OR …": only a bare row value comparison lets SQLite
  // seek to the cursor in audit_log_created instead of scanning down from the newest entry every page.
  const firstPage = pageStatement(false);
  const nextPage = pageStatement(true);

  return {
    async append(entry) {
      checkAuditEntry(entry);
      const id = deps.newId();
      guard('audit entry', () =>
        insert.run(
          bindable({
            id,
            actorId: entry.actorId ?? null,
            actorEmail: entry.actorEmail ?? null,
            action: entry.action,
            entityType: entry.entityType,
            entityId: entry.entityId ?? null,
            before: toJson(jsonSnapshot(entry.before)),
            after: toJson(jsonSnapshot(entry.after)),
            createdAt: deps.clock().toISOString(),
          }),
        ),
      );
      return toEntry(byId.get(id)!);
    },
    async list(options = {}) {
      const after = auditPosition(options.after);
      const params = {
        before: isoOrNull(options.before, 'before'),
        entityType: options.entityType ?? null,
        entityId: options.entityId ?? null,
        limit: pageLimit(options.limit),
      };
      const rows = after
        ? nextPage.all({ ...params, afterAt: after.createdAt, afterId: after.id })
        : firstPage.all(params);
      return rows.map(toEntry);
    },
  };
}
