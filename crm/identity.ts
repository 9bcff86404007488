/**
 * Verified customer identity: the company's site signs its own customer id with HMAC-SHA256 and the
 * per-site secret, and the widget passes id and signature along. Only a valid signature links a chat
 * to a customer record; anything else is an anonymous visitor who gets no personal data.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CustomerRepository } from '../store';

/** The signature the site computes: lower-case hex HMAC-SHA256 of the customer's external id. */
export function signCustomerId(siteSecret: string, externalId: string): string {
  return createHmac('sha256', siteSecret).update(externalId, 'utf8').digest('hex');
}

const HEX_SIGNATURE = /^[0-9a-f]{64}$/i;

export interface CustomerIdentityOptions {
  siteSecret: string;
  customers: Pick<CustomerRepository, 'getByExternalId'>;
  /** How many external id → customer id pairs to remember (they never change). Default 10,000. */
  cacheSize?: number;
}

/** A verified customer: their id in the store and the id the site knows them by. */
export interface VerifiedCustomer {
  customerId: string;
  externalId: string;
}

export class CustomerIdentity {
  private readonly resolved = new Map<string, string>();
  private readonly cacheSize: number;

  constructor(private readonly options: CustomerIdentityOptions) {
    if (!options.siteSecret) throw new Error('CustomerIdentity needs a site secret');
    this.cacheSize = options.cacheSize ?? 10_000;
  }

  /** True when `signature` is the site's signature of `externalId` (constant-time comparison). */
  verifySignature(externalId: string, signature: string): boolean {
    if (typeof externalId !== 'string' || externalId === '' || typeof signature !== 'string') return false;
    if (!HEX_SIGNATURE.test(signature)) return false;
    const expected = Buffer.from(signCustomerId(this.options.siteSecret, externalId), 'hex');
    return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
  }

  /**
   * The customer behind a signed external id, or null when the signature is wrong or no such customer
   * exists (the two are not told apart to the caller's client).
   */
  async verify(externalId: string, signature: string): Promise<VerifiedCustomer | null> {
    if (!this.verifySignature(externalId, signature)) return null;
    const customerId = await this.resolve(externalId);
    return customerId ? { customerId, externalId } : null;
  }

  private async resolve(externalId: string): Promise<string | null> {
    const cached = this.resolved.get(externalId);
    if (cached) return cached;
    const customer = await this.options.customers.getByExternalId(externalId);
    if (!customer) return null;
    if (this.resolved.size >= this.cacheSize)
      this.resolved.delete(this.resolved.keys().next().value as string);
    this.resolved.set(externalId, customer.id);
    return customer.id;
  }
}
