import type { NewOrder, OrderRepository, OrderStatus } from '../ports';
import { StoreError } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { orderStatusFields } from '../internal/rules';
import { isoOrNull, pageLimit, requireIso } from '../internal/values';
import { guard } from './errors';
import { toOrder } from './mappers';
import type { Models } from './models';
import type { OrderDoc } from './schemas';
import { compareAndSet, requireExists } from './references';

const toDate = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

export function mongoOrders({ Order, Customer }: Models, deps: ResolvedDeps): OrderRepository {
  const get = async (id: string) => {
    const doc = await Order.findById(id).lean<OrderDoc>();
    return doc ? toOrder(doc) : null;
  };

  return {
    async create(input: NewOrder) {
      const dates = {
        placedAt: new Date(requireIso(input.placedAt, 'placedAt')),
        shippedAt: toDate(isoOrNull(input.shippedAt, 'shippedAt')),
        deliveredAt: toDate(isoOrNull(input.deliveredAt, 'deliveredAt')),
        estimatedDelivery: toDate(isoOrNull(input.estimatedDelivery, 'estimatedDelivery')),
      };
      const doc = new Order({
        _id: input.id ?? deps.newId(),
        number: input.number,
        customerId: input.customerId,
        lines: input.lines ?? [],
        subtotal: input.subtotal,
        shipping: input.shipping,
        total: input.total,
        currency: input.currency,
        status: input.status,
        trackingNumber: input.trackingNumber ?? null,
        carrier: input.carrier ?? null,
        ...dates,
      });
      // Validate before the reference check so a bad order reports "invalid" as in SQLite.
      await guard('order', () => doc.validate());
      await requireExists(Customer, input.customerId, 'order', 'customer');
      await guard('order', () => doc.save());
      return toOrder(doc.toObject());
    },
    get,
    async getByNumber(number) {
      const doc = await Order.findOne({ number }).lean<OrderDoc>();
      return doc ? toOrder(doc) : null;
    },
    async listByCustomer(customerId, options = {}) {
      const docs = await Order.find({ customerId })
        .sort({ placedAt: -1, _id: -1 })
        .limit(pageLimit(options.limit))
        .lean<OrderDoc[]>();
      return docs.map(toOrder);
    },
    async updateStatus(id, status: OrderStatus) {
      const doc = await compareAndSet(`order ${id}`, async () => {
        const current = await get(id);
        if (!current) throw new StoreError('not_found', `order ${id} not found`);
        const fields = orderStatusFields(current, status, deps.clock().toISOString());
        return guard('order', () =>
          Order.findOneAndUpdate(
            { _id: id, status: current.status },
            {
              $set: {
                status: fields.status,
                shippedAt: toDate(fields.shippedAt),
                deliveredAt: toDate(fields.deliveredAt),
              },
            },
            { returnDocument: 'after', runValidators: true },
          ).lean<OrderDoc>(),
        );
      });
      return toOrder(doc);
    },
    async count() {
      return Order.countDocuments();
    },
  };
}
