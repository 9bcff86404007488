/**
 * The admin REST client: JSON in and out, the session's CSRF header on every change, the version as
 * `If-Match: "<n>"` on updates and deletes, and errors as ApiError (with `details` for imports).
 * Bodies may come wrapped as `{ data }` (the auth routes' style) or bare; both are accepted.
 */
import { ApiError } from '../api';

export class AdminApiError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(status, code, message);
  }
}

export interface RequestOptions {
  body?: unknown;
  /** Raw text body (imports), sent as text/plain unless `contentType` says otherwise. */
  text?: string;
  contentType?: string;
  /** Sent as If-Match: "<version>". */
  version?: number;
}

export class AdminApi {
  constructor(
    private readonly csrf: () => string,
    private readonly onUnauthorized: () => void = () => undefined,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }
  post<T>(path: string, body: unknown = {}, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }
  put<T>(path: string, body: unknown, version?: number): Promise<T> {
    return this.request<T>('PUT', path, { body, version });
  }
  delete(path: string, version?: number): Promise<void> {
    return this.request<void>('DELETE', path, { version });
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    let body: string | undefined;
    if (options.text !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'text/plain';
      body = options.text;
    } else if (options.body !== undefined && method !== 'GET') {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    if (method !== 'GET') headers['X-CSRF-Token'] = this.csrf();
    if (options.version !== undefined) headers['If-Match'] = `"${options.version}"`;
    let response: Response;
    try {
      response = await fetch(path, { method, headers, credentials: 'same-origin', body });
    } catch {
      throw new AdminApiError(
        0,
        'network',
        'Could not reach the server. Check your connection and try again.',
      );
    }
    if (response.status === 204) return undefined as T;
    const payload = (await response.json().catch(() => undefined)) as
      { data?: T; error?: { code?: string; message?: string; details?: unknown } } | undefined;
    // A 2xx body may have a field named `error` of its own (a failed training job's reason, a string):
    // only an error object ({ code, message }) is the API's error envelope.
    if (!response.ok || (typeof payload?.error === 'object' && payload.error !== null)) {
      if (response.status === 401) this.onUnauthorized();
      throw new AdminApiError(
        response.status,
        payload?.error?.code ?? 'internal',
        payload?.error?.message ?? friendlyStatus(response.status),
        payload?.error?.details,
      );
    }
    if (payload && typeof payload === 'object' && 'data' in payload && Object.keys(payload).length <= 2)
      return payload.data as T;
    return payload as T;
  }
}

function friendlyStatus(status: number): string {
  if (status === 403) return 'You do not have access to this.';
  if (status === 404) return 'That could not be found. It may have been deleted.';
  if (status === 409) return 'Someone else changed this in the meantime.';
  return `The server could not do that (${status}).`;
}

/** An edit conflict (a stale version), as opposed to other refusals with status 409 (a taken name, …). */
export const isConflict = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 409 && error.code === 'conflict';

/** A list payload may be an array or `{ items | <name>: [] }`; this finds the array. */
export function listOf<T>(payload: unknown, ...keys: string[]): T[] {
  if (Array.isArray(payload)) return payload as T[];
  if (payload && typeof payload === 'object') {
    for (const key of [...keys, 'items', 'data', 'results'])
      if (Array.isArray((payload as Record<string, unknown>)[key]))
        return (payload as Record<string, unknown>)[key] as T[];
  }
  return [];
}
