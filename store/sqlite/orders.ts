import type { NewOrder, Order, OrderLine, OrderRepository, OrderStatus } from '../ports';
import { StoreError } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { orderStatusFields } from '../internal/rules';
import { isoOrNull, pageLimit, requireIso } from '../internal/values';
import { bindable, fromJson, toJson } from './codec';
import { immediate, type Db } from './database';
import { guard } from './errors';

interface OrderRow {
  id: string;
  number: string;
  customer_id: string;
  lines: string;
  subtotal: number;
  shipping: number;
  total: number;
  currency: string;
  status: OrderStatus;
  tracking_number: string | null;
  carrier: string | null;
  placed_at: string;
  shipped_at: string | null;
  delivered_at: string | null;
  estimated_delivery: string | null;
}

const toOrder = (row: OrderRow): Order => ({
  id: row.id,
  number: row.number,
  customerId: row.customer_id,
  lines: fromJson<OrderLine[]>(row.lines),
  subtotal: row.subtotal,
  shipping: row.shipping,
  total: row.total,
  currency: row.currency,
  status: row.status,
  trackingNumber: row.tracking_number,
  carrier: row.carrier,
  placedAt: row.placed_at,
  shippedAt: row.shipped_at,
  deliveredAt: row.delivered_at,
  estimatedDelivery: row.estimated_delivery,
});

export function sqliteOrders(db: Db, deps: ResolvedDeps): OrderRepository {
  const insert =
    db.prepare(`INSERT INTO orders (id, number, customer_id, lines, subtotal, shipping, total, currency,
      status, tracking_number, carrier, placed_at, shipped_at, delivered_at, estimated_delivery)
    VALUES (@id, @number, @customerId, @lines, @subtotal, @shipping, @total, @currency,
      @status, @trackingNumber, @carrier, @placedAt, @shippedAt, @deliveredAt, @estimatedDelivery)`);
  const byId = db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE id = ?');
  const byNumber = db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE number = ?');
  const byCustomer = db.prepare<[string, number], OrderRow>(
    'SELECT * FROM orders WHERE customer_id = ? ORDER BY placed_at DESC, id DESC LIMIT ?',
  );
  const setStatus = db.prepare(`UPDATE orders SET status = @status, shipped_at = @shippedAt,
    delivered_at = @deliveredAt WHERE id = @id`);
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM orders');

  const get = (id: string): Order | null => {
    const row = byId.get(id);
    return row ? toOrder(row) : null;
  };

  return {
    async create(input: NewOrder) {
      const id = input.id ?? deps.newId();
      guard('order', () =>
        insert.run(
          bindable({
            id,
            number: input.number,
            customerId: input.customerId,
            lines: toJson(input.lines ?? []),
            subtotal: input.subtotal,
            shipping: input.shipping,
            total: input.total,
            currency: input.currency,
            status: input.status,
            trackingNumber: input.trackingNumber,
            carrier: input.carrier,
            placedAt: requireIso(input.placedAt, 'placedAt'),
            shippedAt: isoOrNull(input.shippedAt, 'shippedAt'),
            deliveredAt: isoOrNull(input.deliveredAt, 'deliveredAt'),
            estimatedDelivery: isoOrNull(input.estimatedDelivery, 'estimatedDelivery'),
          }),
        ),
      );
      // Read back so the caller gets exactly what is stored (normalised dates, copied lines).
      return get(id)!;
    },
    async get(id) {
      return get(id);
    },
    async getByNumber(number) {
      const row = byNumber.get(number);
      return row ? toOrder(row) : null;
    },
    async listByCustomer(customerId, options = {}) {
      return byCustomer.all(customerId, pageLimit(options.limit)).map(toOrder);
    },
    async updateStatus(id, status) {
      return guard('order', () =>
        immediate(db, () => {
          const current = get(id);
          if (!current) throw new StoreError('not_found', `order ${id} not found`);
          const fields = orderStatusFields(current, status, deps.clock().toISOString());
          setStatus.run(bindable({ id, ...fields }));
          return { ...current, ...fields };
        }),
      );
    },
    async count() {
      return countAll.get()?.n ?? 0;
    },
  };
}
