import type { AuditEntry, AuditLogRepository } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { auditPosition, checkAuditEntry, jsonSnapshot } from '../internal/admin';
import { isoOrNull, pageLimit } from '../internal/values';
import { guard } from './errors';
import type { Models } from './models';
import type { AuditEntryDoc } from './schemas';

const toEntry = (doc: AuditEntryDoc): AuditEntry => ({
  id: doc._id,
  actorId: doc.actorId ?? null,
  actorEmail: doc.actorEmail ?? null,
  action: doc.action,
  entityType: doc.entityType,
  entityId: doc.entityId ?? null,
  before: JSON.parse(doc.before) as unknown,
  after: JSON.parse(doc.after) as unknown,
  createdAt: doc.createdAt.toISOString(),
});

export function mongoAuditLog({ AuditEntry }: Models, deps: ResolvedDeps): AuditLogRepository {
  return {
    async append(entry) {
      checkAuditEntry(entry);
      const doc = await guard('audit entry', () =>
        AuditEntry.create({
          _id: deps.newId(),
          actorId: entry.actorId ?? null,
          actorEmail: entry.actorEmail ?? null,
          action: entry.action,
          entityType: entry.entityType,
          entityId: entry.entityId ?? null,
          before: JSON.stringify(jsonSnapshot(entry.before)),
          after: JSON.stringify(jsonSnapshot(entry.after)),
          createdAt: deps.clock(),
        }),
      );
      return toEntry(doc.toObject());
    },
    async list(options = {}) {
      const after = auditPosition(options.after);
      const before = isoOrNull(options.before, 'before');
      const filter = {
        // Strictly after (createdAt, _id) in the sort's order: older, or as old with a smaller _id.
        ...(after
          ? {
              $or: [
                { createdAt: { $lt: new Date(after.createdAt) } },
                { createdAt: new Date(after.createdAt), _id: { $lt: after.id } },
              ],
            }
          : {}),
        ...(before ? { createdAt: { $lt: new Date(before) } } : {}),
        ...(options.entityType !== undefined ? { entityType: options.entityType } : {}),
        ...(options.entityId !== undefined ? { entityId: options.entityId } : {}),
      };
      const docs = await AuditEntry.find(filter)
        .sort({ createdAt: -1, _id: -1 })
        .limit(pageLimit(options.limit))
        .lean<AuditEntryDoc[]>();
      return docs.map(toEntry);
    },
  };
}
