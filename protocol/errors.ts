/** The error shape every REST response and socket acknowledgement uses. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
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
  | 'conflict'
  | 'rate_limited'
  | 'unknown_event'
  | 'not_ready'
  | 'shutting_down'
  | 'internal';

/** Socket.io acknowledgement: exactly one of data or error. */
export type Ack<T> = { data: T; error?: never } | { error: ErrorBody; data?: never };
export type AckCallback<T> = (response: Ack<T>) => void;
