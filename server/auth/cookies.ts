/** The session cookie: httpOnly (no script can read it), SameSite=Strict, Secure over https. */
import type { CookieOptions, Request, Response } from 'express';

export const SESSION_COOKIE = 'parley_session';
/** Header the console sends its CSRF token in on every state-changing request. */
export const CSRF_HEADER = 'x-csrf-token';

export function sessionCookieOptions(req: Request, maxAgeMs: number): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', maxAge: maxAgeMs };
}

export function setSessionCookie(req: Request, res: Response, token: string, maxAgeMs: number): void {
  res.cookie(SESSION_COOKIE, token, sessionCookieOptions(req, maxAgeMs));
}

export function clearSessionCookie(req: Request, res: Response): void {
  const { maxAge: _maxAge, ...options } = sessionCookieOptions(req, 0);
  res.clearCookie(SESSION_COOKIE, options);
}

/** Reads one cookie from a Cookie header (express requests and socket.io handshakes alike). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() !== name) continue;
    const raw = part
      .slice(index + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    try {
      return decodeURIComponent(raw);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
