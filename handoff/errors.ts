/** The one error the handoff service throws for a refused request; the server maps `code` to its own. */
export type HandoffErrorCode =
  'not_found' | 'conflict' | 'forbidden' | 'at_capacity' | 'invalid' | 'unavailable';

export class HandoffError extends Error {
  constructor(
    readonly code: HandoffErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HandoffError';
  }
}
