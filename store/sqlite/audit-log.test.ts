/**
 * The audit log's pages read in index order: every filter combination seeks in an index and needs no
 * sort, so an entity's history costs the same however long the whole log grows.
 */
import { openDatabase } from './database';
import { migrate } from './migrations';
import { auditPageSql, type PageFilters } from './audit-log';

const PARAMS = { afterAt: 'a', afterId: 'b', before: 'c', entityType: 'intent', entityId: 'x', limit: 5 };

function planOf(filters: PageFilters): string {
  const db = openDatabase(':memory:');
  try {
    migrate(db);
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${auditPageSql(filters)}`).all(PARAMS) as {
      detail: string;
    }[];
    return rows.map((row) => row.detail).join(' | ');
  } finally {
    db.close();
  }
}

const combinations: PageFilters[] = [];
for (const cursor of [false, true])
  for (const before of [false, true])
    for (const entityId of [false, true]) combinations.push({ cursor, before, entityType: true, entityId });

describe('audit log pages', () => {
  it.each(combinations)('filtered by entity type %o: an index seek, no sort', (filters) => {
    const plan = planOf(filters);
    const index = filters.entityId ? 'audit_log_entity' : 'audit_log_entity_type';
    expect(plan).toMatch(new RegExp(`^SEARCH audit_log USING INDEX ${index} \\(entity_type=\\?`));
    expect(plan).not.toContain('TEMP B-TREE');
  });

  it('unfiltered pages seek to the cursor in audit_log_created', () => {
    expect(planOf({ cursor: true, before: false, entityType: false, entityId: false })).toBe(
      'SEARCH audit_log USING INDEX audit_log_created ((created_at,id)<(?,?))',
    );
    expect(planOf({ cursor: false, before: false, entityType: false, entityId: false })).toBe(
      'SCAN audit_log USING INDEX audit_log_created',
    );
  });

  it('names only the conditions it has', () => {
    expect(auditPageSql({ cursor: false, before: false, entityType: true, entityId: false })).toMatch(
      /^SELECT \* FROM audit_log WHERE entity_type = @entityType\s+ORDER BY created_at DESC, id DESC LIMIT @limit$/,
    );
  });
});
