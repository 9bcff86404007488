/**
 * Product recommendations from purchase history: similarity over the catalogue (category, tags,
 * price) blended with what similar customers bought (co-purchases weighted by how much their
 * history overlaps). The purchase matrix is read from the store and refreshed now and then.
 */
import type { Store } from '../store';

export interface CatalogueProduct {
  sku: string;
  name: string;
  category: string;
  /** Minor units. */
  price: number;
  inStock: boolean;
  tags: readonly string[];
  description: string;
}

export interface Recommendation {
  product: CatalogueProduct;
  score: number;
  /** Why it was picked: similar to something they bought, bought by similar customers, or popular. */
  basis: 'history' | 'similar-customers' | 'popular' | 'mentioned';
  /** The bought or mentioned product it is most similar to. */
  becauseOf?: CatalogueProduct;
}

export interface RecommenderOptions {
  catalogue: readonly CatalogueProduct[];
  store: Pick<Store, 'customers' | 'orders'>;
  clock?: () => Date;
  /** Rebuild the purchase matrix after this long (default 10 minutes). */
  refreshMs?: number;
  /** Customers read into the matrix at most (default 20,000). */
  maxCustomers?: number;
  /** Weight of the catalogue similarity against the co-purchase signal (default 0.6). */
  contentWeight?: number;
}

interface Purchases {
  /** customer id → skus bought */
  byCustomer: Map<string, Set<string>>;
  /** sku → number of customers who bought it */
  popularity: Map<string, number>;
  builtAt: number;
}

export class Recommender {
  private readonly bySku: Map<string, CatalogueProduct>;
  private readonly clock: () => Date;
  private purchases?: Promise<Purchases>;
  private builtAt = 0;

  constructor(private readonly options: RecommenderOptions) {
    this.bySku = new Map(options.catalogue.map((p) => [p.sku, p]));
    this.clock = options.clock ?? (() => new Date());
  }

  product(sku: string): CatalogueProduct | undefined {
    return this.bySku.get(sku);
  }

  /** Products a customer has bought (from the purchase matrix), known to the catalogue. */
  async boughtBy(customerId: string): Promise<CatalogueProduct[]> {
    const purchases = await this.matrix();
    return [...(purchases.byCustomer.get(customerId) ?? [])].flatMap((sku) => this.bySku.get(sku) ?? []);
  }

  /**
   * Up to `limit` in-stock products the customer has not bought. `seedSkus` (products mentioned in the
   * message) steer the choice; with neither history nor seeds, the most bought products are returned.
   */
  async recommend(input: {
    customerId?: string | null;
    seedSkus?: readonly string[];
    limit?: number;
  }): Promise<Recommendation[]> {
    const limit = input.limit ?? 3;
    const purchases = await this.matrix();
    const owned = input.customerId
      ? (purchases.byCustomer.get(input.customerId) ?? new Set<string>())
      : new Set<string>();
    const seeds = (input.seedSkus ?? []).flatMap((sku) => this.bySku.get(sku) ?? []);
    const history = [...owned].flatMap((sku) => this.bySku.get(sku) ?? []);
    const anchors = seeds.length > 0 ? seeds : history;
    const candidates = this.options.catalogue.filter(
      (p) => p.inStock && !owned.has(p.sku) && !seeds.some((s) => s.sku === p.sku),
    );
    const maxPopularity = Math.max(1, ...purchases.popularity.values());

    if (anchors.length === 0) {
      return candidates
        .map((product) => ({
          product,
          score: (purchases.popularity.get(product.sku) ?? 0) / maxPopularity,
          basis: 'popular' as const,
        }))
        .sort(byScore)
        .slice(0, limit);
    }

    const collaborative = seeds.length === 0 ? this.coPurchases(owned, purchases) : new Map<string, number>();
    const maxCollaborative = Math.max(1e-9, ...collaborative.values());
    const w = this.options.contentWeight ?? 0.6;
    return candidates
      .map((product) => {
        let best = 0;
        let becauseOf: CatalogueProduct | undefined;
        for (const anchor of anchors) {
          const s = similarity(anchor, product);
          if (s > best) [best, becauseOf] = [s, anchor];
        }
        const co = (collaborative.get(product.sku) ?? 0) / maxCollaborative;
        const pop = (purchases.popularity.get(product.sku) ?? 0) / maxPopularity;
        const score = w * best + (1 - w) * co + 0.01 * pop;
        const basis: Recommendation['basis'] =
          seeds.length > 0 ? 'mentioned' : co > best ? 'similar-customers' : 'history';
        return { product, score, basis, becauseOf };
      })
      .sort(byScore)
      .slice(0, limit);
  }

  /** Forces the next call to re-read purchases (e.g. after an import). */
  refresh(): void {
    this.purchases = undefined;
  }

  private coPurchases(owned: Set<string>, purchases: Purchases): Map<string, number> {
    const scores = new Map<string, number>();
    if (owned.size === 0) return scores;
    for (const bought of purchases.byCustomer.values()) {
      let overlap = 0;
      for (const sku of bought) if (owned.has(sku)) overlap++;
      if (overlap === 0) continue;
      const weight = overlap / (owned.size + bought.size - overlap); // Jaccard of the two histories
      for (const sku of bought) if (!owned.has(sku)) scores.set(sku, (scores.get(sku) ?? 0) + weight);
    }
    return scores;
  }

  private matrix(): Promise<Purchases> {
    const now = this.clock().getTime();
    if (!this.purchases || now - this.builtAt > (this.options.refreshMs ?? 10 * 60_000)) {
      this.builtAt = now;
      const building = this.build(now);
      building.catch(() => {
        if (this.purchases === building) this.purchases = undefined;
      });
      this.purchases = building;
    }
    return this.purchases;
  }

  private async build(now: number): Promise<Purchases> {
    const { store } = this.options;
    const byCustomer = new Map<string, Set<string>>();
    const popularity = new Map<string, number>();
    const max = this.options.maxCustomers ?? 20_000;
    const page = 500;
    for (let offset = 0; offset < max; offset += page) {
      const customers = await store.customers.list({ limit: Math.min(page, max - offset), offset });
      for (const customer of customers) {
        const orders = await store.orders.listByCustomer(customer.id, { limit: 50 });
        const skus = new Set<string>();
        for (const order of orders) {
          if (order.status === 'cancelled') continue;
          for (const line of order.lines) if (this.bySku.has(line.sku)) skus.add(line.sku);
        }
        if (skus.size === 0) continue;
        byCustomer.set(customer.id, skus);
        for (const sku of skus) popularity.set(sku, (popularity.get(sku) ?? 0) + 1);
      }
      if (customers.length < page) break;
    }
    return { byCustomer, popularity, builtAt: now };
  }
}

const byScore = (
  a: { score: number; product: CatalogueProduct },
  b: { score: number; product: CatalogueProduct },
) => b.score - a.score || a.product.sku.localeCompare(b.product.sku);

/** Catalogue similarity in [0, 1]: same category, shared tags (Jaccard), nearby price. */
export function similarity(a: CatalogueProduct, b: CatalogueProduct): number {
  if (a.sku === b.sku) return 1;
  const tagsA = new Set(a.tags);
  const shared = b.tags.filter((t) => tagsA.has(t)).length;
  const union = tagsA.size + b.tags.length - shared;
  const jaccard = union === 0 ? 0 : shared / union;
  const priceRatio = Math.min(a.price, b.price) / Math.max(a.price, b.price, 1);
  return 0.45 * (a.category === b.category ? 1 : 0) + 0.4 * jaccard + 0.15 * priceRatio;
}
