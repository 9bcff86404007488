/**
 * Request guards for the console's API: a live session, the CSRF token on state changes, the same
 * origin for browsers, and a role. Failures become AppErrors, so the app's error handler answers.
 */
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { UserRole } from '../../store';
import { AppError } from '../errors';
import { CSRF_HEADER, SESSION_COOKIE, readCookie } from './cookies';
import type { Authenticated, SessionManager } from './sessions';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What a guarded handler finds in `res.locals.auth`. */
export function authOf(res: Response): Authenticated {
  const auth = res.locals.auth as Authenticated | undefined;
  if (!auth) throw new AppError(401, 'unauthorized', 'Sign in first.');
  return auth;
}

export function sessionToken(req: Pick<Request, 'headers'>): string | undefined {
  return readCookie(req.headers.cookie, SESSION_COOKIE);
}

/**
 * True when a browser says the request comes from this site. Browsers send Origin on every POST and
 * on WebSocket handshakes; a request with neither Origin nor Referer is not from a browser page.
 */
export function isSameOrigin(headers: Request['headers'], host: string | undefined): boolean {
  const source = headers.origin ?? headers.referer;
  if (!source) return true;
  if (source === 'null') return false;
  try {
    return new URL(source).host === host;
  } catch {
    return false;
  }
}

export function sameOrigin(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const host =
      req.get('x-forwarded-host') && req.app.get('trust proxy')
        ? req.get('x-forwarded-host')
        : req.get('host');
    if (isSameOrigin(req.headers, host)) return next();
    next(new AppError(403, 'forbidden', 'Cross-site requests are not allowed.'));
  };
}

export function requireSession(sessions: SessionManager): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    sessions
      .authenticate(sessionToken(req))
      .then((auth) => {
        if (!auth)
          return next(new AppError(401, 'unauthorized', 'Your session has ended. Please sign in again.'));
        res.locals.auth = auth;
        next();
      })
      .catch(next);
  };
}

/** State-changing requests must echo the session's CSRF token in a header a cross-site form cannot set. */
export function requireCsrf(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const expected = authOf(res).session.csrfToken;
    const given = req.get(CSRF_HEADER) ?? '';
    if (given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected)))
      return next();
    next(new AppError(403, 'forbidden', 'Missing or wrong CSRF token. Reload the console.'));
  };
}

export function requireRole(...roles: UserRole[]): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    if (roles.includes(authOf(res).user.role)) return next();
    next(new AppError(403, 'forbidden', 'You do not have access to this.'));
  };
}

/**
 * The admin side's guard chain: same-origin, a live session (401), the admin role (403), and the CSRF
 * token on state changes. Mount it in front of every `/api/admin` router.
 */
export function requireAdmin(sessions: SessionManager): RequestHandler[] {
  return [sameOrigin(), requireSession(sessions), requireRole('admin'), requireCsrf()];
}
