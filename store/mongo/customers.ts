import type { CustomerRepository, NewCustomer } from '../ports';
import { StoreError } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { definedOnly, normalizeEmail, pageLimit, pageOffset, requireIso } from '../internal/values';
import { guard } from './errors';
import { toCustomer } from './mappers';
import type { Models } from './models';
import type { CustomerDoc } from './schemas';

export function mongoCustomers({ Customer }: Models, deps: ResolvedDeps): CustomerRepository {
  return {
    async create(input: NewCustomer) {
      const createdAt =
        input.createdAt === undefined ? deps.clock() : new Date(requireIso(input.createdAt, 'createdAt'));
      const doc = await guard('customer', () =>
        Customer.create({
          _id: input.id ?? deps.newId(),
          externalId: input.externalId,
          name: input.name,
          email: normalizeEmail(input.email),
          phone: input.phone ?? null,
          tier: input.tier,
          consent: input.consent,
          createdAt,
        }),
      );
      return toCustomer(doc.toObject());
    },
    async get(id) {
      const doc = await Customer.findById(id).lean<CustomerDoc>();
      return doc ? toCustomer(doc) : null;
    },
    async getByExternalId(externalId) {
      const doc = await Customer.findOne({ externalId }).lean<CustomerDoc>();
      return doc ? toCustomer(doc) : null;
    },
    async getByEmail(email) {
      // Not unique for customers (households share one): the oldest record wins, as in SQLite.
      const doc = await Customer.findOne({ email: normalizeEmail(email) })
        .sort({ createdAt: 1, _id: 1 })
        .lean<CustomerDoc>();
      return doc ? toCustomer(doc) : null;
    },
    async update(id, patch) {
      const set = definedOnly({ ...patch, email: normalizeEmail(patch.email) });
      if (Object.keys(set).length === 0) {
        // Nothing to change ($set: {} is an error on the server); behave like SQLite and return the record.
        const current = await Customer.findById(id).lean<CustomerDoc>();
        if (!current) throw new StoreError('not_found', `customer ${id} not found`);
        return toCustomer(current);
      }
      const doc = await guard('customer', () =>
        Customer.findOneAndUpdate(
          { _id: id },
          { $set: set },
          { returnDocument: 'after', runValidators: true },
        ).lean<CustomerDoc>(),
      );
      if (!doc) throw new StoreError('not_found', `customer ${id} not found`);
      return toCustomer(doc);
    },
    async list(options = {}) {
      const docs = await Customer.find()
        .sort({ createdAt: 1, _id: 1 })
        .skip(pageOffset(options.offset))
        .limit(pageLimit(options.limit))
        .lean<CustomerDoc[]>();
      return docs.map(toCustomer);
    },
    async count() {
      return Customer.countDocuments();
    },
  };
}
