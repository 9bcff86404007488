import type { Customer, CustomerRepository, CustomerTier, NewCustomer } from '../ports';
import { StoreError } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { applyPatch, normalizeEmail, pageLimit, pageOffset, requireIso } from '../internal/values';
import { bindable, toFlag } from './codec';
import { immediate, type Db } from './database';
import { guard } from './errors';

interface CustomerRow {
  id: string;
  external_id: string;
  name: string;
  email: string;
  phone: string | null;
  tier: CustomerTier;
  consent: number;
  created_at: string;
}

const toCustomer = (row: CustomerRow): Customer => ({
  id: row.id,
  externalId: row.external_id,
  name: row.name,
  email: row.email,
  phone: row.phone,
  tier: row.tier,
  consent: row.consent === 1,
  createdAt: row.created_at,
});

export function sqliteCustomers(db: Db, deps: ResolvedDeps): CustomerRepository {
  const insert =
    db.prepare(`INSERT INTO customers (id, external_id, name, email, phone, tier, consent, created_at)
    VALUES (@id, @externalId, @name, @email, @phone, @tier, @consent, @createdAt)`);
  const byId = db.prepare<[string], CustomerRow>('SELECT * FROM customers WHERE id = ?');
  const byExternalId = db.prepare<[string], CustomerRow>('SELECT * FROM customers WHERE external_id = ?');
  // Emails are not unique for customers (households share one); the oldest record wins.
  const byEmail = db.prepare<[string], CustomerRow>(
    'SELECT * FROM customers WHERE email = ? ORDER BY created_at, id LIMIT 1',
  );
  const update = db.prepare(`UPDATE customers SET name = @name, email = @email, phone = @phone, tier = @tier,
    consent = @consent WHERE id = @id`);
  const page = db.prepare<[number, number], CustomerRow>(
    'SELECT * FROM customers ORDER BY created_at, id LIMIT ? OFFSET ?',
  );
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM customers');

  const get = (id: string): Customer | null => {
    const row = byId.get(id);
    return row ? toCustomer(row) : null;
  };

  return {
    async create(input: NewCustomer) {
      const id = input.id ?? deps.newId();
      guard('customer', () =>
        insert.run(
          bindable({
            id,
            externalId: input.externalId,
            name: input.name,
            email: normalizeEmail(input.email),
            phone: input.phone,
            tier: input.tier,
            consent: toFlag(input.consent),
            createdAt:
              input.createdAt === undefined
                ? deps.clock().toISOString()
                : requireIso(input.createdAt, 'createdAt'),
          }),
        ),
      );
      return get(id)!;
    },
    async get(id) {
      return get(id);
    },
    async getByExternalId(externalId) {
      const row = byExternalId.get(externalId);
      return row ? toCustomer(row) : null;
    },
    async getByEmail(email) {
      const row = byEmail.get(normalizeEmail(email));
      return row ? toCustomer(row) : null;
    },
    async update(id, patch) {
      return guard('customer', () =>
        immediate(db, () => {
          const current = get(id);
          if (!current) throw new StoreError('not_found', `customer ${id} not found`);
          const next = applyPatch(current, { ...patch, email: normalizeEmail(patch.email) });
          update.run(bindable({ ...next, consent: toFlag(next.consent) }));
          return next;
        }),
      );
    },
    async list(options = {}) {
      return page.all(pageLimit(options.limit), pageOffset(options.offset)).map(toCustomer);
    },
    async count() {
      return countAll.get()?.n ?? 0;
    },
  };
}
