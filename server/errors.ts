import type { ErrorBody, ErrorCode } from '../protocol';
import { StoreError } from '../store/ports';

/** The one error type the server raises on purpose: it carries what a client may see. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    /** Machine-readable specifics a client may see (e.g. the rows of an invalid import). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

const storeStatus: Record<StoreError['code'], [number, ErrorCode]> = {
  not_found: [404, 'not_found'],
  conflict: [409, 'conflict'],
  // A unique name, id or email already in use; the admin routes word it for the record.
  duplicate: [409, 'already_exists'],
  invalid: [400, 'validation_failed'],
  // Demoting or deleting the only admin (the admin routes word it themselves).
  last_admin: [409, 'last_admin'],
};

/**
 * Decides what a client may see of any thrown value: typed errors keep their code and message,
 * everything else becomes an opaque 500 (the details go to the log, never to the client).
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof StoreError) {
    const [status, code] = storeStatus[error.code];
    return new AppError(status, code, error.message);
  }
  return new AppError(500, 'internal', 'Something went wrong on our side. Please try again.');
}
