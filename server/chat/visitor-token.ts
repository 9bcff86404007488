import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * Anonymous visitors get a server-signed id, so a client can only resume conversations it
 * started: guessing another visitor's id is useless without the signature.
 */
export class VisitorTokens {
  constructor(
    private readonly secret: string,
    private readonly newId: () => string = () => `v_${randomUUID()}`,
  ) {}

  issue(): { visitorId: string; visitorToken: string } {
    const visitorId = this.newId();
    return { visitorId, visitorToken: `${visitorId}.${this.sign(visitorId)}` };
  }

  /** The visitor id inside a valid token, or null for anything forged or malformed. */
  verify(token: string | undefined): string | null {
    if (!token) return null;
    const dot = token.lastIndexOf('.');
    if (dot <= 0) return null;
    const visitorId = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.sign(visitorId));
    return given.length === expected.length && timingSafeEqual(given, expected) ? visitorId : null;
  }

  private sign(visitorId: string): string {
    return createHmac('sha256', this.secret).update(`visitor:${visitorId}`).digest('base64url');
  }
}
