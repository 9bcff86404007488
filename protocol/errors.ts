/** The error shape every REST response and socket acknowledgement uses. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Machine-readable specifics where a code has them (e.g. `invalid_import`: the rows at fault). */
  details?: Record<string, unknown>;
}

export type ErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'validation_failed'
  | 'payload_too_large'
  | 'message_too_long'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  /** Edited by someone else since it was read: a stale version, or another write got in first (HTTP 409). */
  | 'conflict'
  /** A name, id or email address another record already has (HTTP 409): not an edit conflict. */
  | 'already_exists'
  /** Demoting or deleting the only admin would lock everyone out of the admin side (HTTP 409). */
  | 'last_admin'
  /** An update or delete of a versioned resource without If-Match or a version (HTTP 428). */
  | 'precondition_required'
  /** An import that failed validation; nothing was imported (HTTP 422, details.rows). */
  | 'invalid_import'
  /** A candidate model scores worse than the live one by more than the margin (HTTP 409). */
  | 'model_worse'
  | 'rate_limited'
  | 'unknown_event'
  | 'not_ready'
  | 'shutting_down'
  | 'internal';

/** Socket.io acknowledgement: exactly one of data or error. */
export type Ack<T> = { data: T; error?: never } | { error: ErrorBody; data?: never };
export type AckCallback<T> = (response: Ack<T>) => void;
