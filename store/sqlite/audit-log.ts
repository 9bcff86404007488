import type { AuditEntry, AuditLogRepository } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { auditPosition, checkAuditEntry, jsonSnapshot } from '../internal/admin';
import { isoOrNull, pageLimit } from '../internal/values';
import { bindable, fromJson, toJson } from './codec';
import type { Statement } from 'better-sqlite3';
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

interface PageParams {
  afterAt: string | null;
  afterId: string | null;
  before: string | null;
  entityType: string | null;
  entityId: string | null;
  limit: number;
}

/** Which conditions a page of the audit log has. */
export interface PageFilters {
  /** Strictly after (afterAt, afterId) in newest-first order. */
  cursor: boolean;
  before: boolean;
  entityType: boolean;
  entityId: boolean;
}

/**
 * A page, newest first, with only the given conditions. The cursor is a bare row-value comparison,
 * so SQLite seeks to it in audit_log_created (or, filtered by entity, audit_log_entity /
 * audit_log_entity_type) instead of scanning down from the newest entry every page.
 */
export function auditPageSql(filters: PageFilters): string {
  const where = [
    filters.cursor && '(created_at, id) < (@afterAt, @afterId)',
    filters.before && 'created_at < @before',
    filters.entityType && 'entity_type = @entityType',
    filters.entityId && 'entity_id = @entityId',
  ].filter(Boolean);
  return `SELECT * FROM audit_log${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
    ORDER BY created_at DESC, id DESC LIMIT @limit`;
}

export function sqliteAuditLog(db: Db, deps: ResolvedDeps): AuditLogRepository {
  const insert = db.prepare(`INSERT INTO audit_log
      (id, actor_id, actor_email, action, entity_type, entity_id, before, after, created_at)
    VALUES (@id, @actorId, @actorEmail, @action, @entityType, @entityId, @before, @after, @createdAt)`);
  const byId = db.prepare<[string], AuditRow>('SELECT * FROM audit_log WHERE id = ?');
  // One statement per combination of filters, each naming only the conditions it has: a condition
  // like "@entityType IS NULL OR entity_type = @entityType" keeps SQLite from seeking in an index.
  // Prepared on first use, keyed by which filters are on (four bits), so a page builds no SQL.
  const pages = new Map<number, Statement<PageParams, AuditRow>>();
  const pageFor = (filters: PageFilters) => {
    const key =
      (filters.cursor ? 1 : 0) |
      (filters.before ? 2 : 0) |
      (filters.entityType ? 4 : 0) |
      (filters.entityId ? 8 : 0);
    let statement = pages.get(key);
    if (!statement) pages.set(key, (statement = db.prepare<PageParams, AuditRow>(auditPageSql(filters))));
    return statement;
  };

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
      const params: PageParams = {
        afterAt: after?.createdAt ?? null,
        afterId: after?.id ?? null,
        before: isoOrNull(options.before, 'before'),
        entityType: options.entityType ?? null,
        entityId: options.entityId ?? null,
        limit: pageLimit(options.limit),
      };
      const statement = pageFor({
        cursor: after !== null,
        before: params.before !== null,
        entityType: params.entityType !== null,
        entityId: params.entityId !== null,
      });
      return statement.all(params).map(toEntry);
    },
  };
}
