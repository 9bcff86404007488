/** The console's REST calls: sign-in, session, sign-out (with the CSRF header). */
export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: 'agent' | 'admin';
  skills: string[];
  capacity: number;
}

export interface Session {
  user: SessionUser;
  csrfToken: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown, csrf?: string): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (csrf) headers['X-CSRF-Token'] = csrf;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => ({}))) as {
    data?: T;
    error?: { code: string; message: string };
  };
  if (!response.ok || payload.error)
    throw new ApiError(
      response.status,
      payload.error?.code ?? 'internal',
      payload.error?.message ?? `Request failed (${response.status}).`,
    );
  return payload.data as T;
}

export const signIn = (email: string, password: string) =>
  call<Session>('POST', '/api/auth/sign-in', { email, password });
export const currentSession = () => call<Session>('GET', '/api/auth/session');
export const signOut = (csrf: string) => call<void>('POST', '/api/auth/sign-out', undefined, csrf);
