/**
 * Sign-in for the agent console:
 *   POST /api/auth/sign-in  { email, password } → { user, csrfToken } and the session cookie
 *   GET  /api/auth/session  → { user, csrfToken } for the cookie's session (401 when none)
 *   POST /api/auth/sign-out → ends the session (needs the CSRF header)
 * JSON only, same origin only, rate limited; a wrong email and a wrong password look the same.
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { User, UserRepository } from '../../store';
import { AppError } from '../errors';
import { clearSessionCookie, setSessionCookie } from './cookies';
import { authOf, requireCsrf, requireSession, sameOrigin, sessionToken } from './guards';
import { Argon2Passwords, type PasswordVerifier } from './passwords';
import type { SessionManager } from './sessions';

export interface AuthRoutesOptions {
  sessions: SessionManager;
  users: Pick<UserRepository, 'getByEmail'>;
  passwords?: PasswordVerifier;
  /** Sign-in attempts per address and window (default 10 per 5 minutes). */
  signInLimit?: { windowMs: number; limit: number };
  /** Called after a sign-out (e.g. the /agents namespace's `endSession`, which closes that session's consoles). */
  onSignOut?: (sessionId: string) => void;
}

export interface SessionUserView {
  id: string;
  name: string;
  email: string;
  role: User['role'];
  skills: string[];
  capacity: number;
}

export interface SessionView {
  user: SessionUserView;
  csrfToken: string;
}

const SignInSchema = z.strictObject({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(1024),
});

export const toSessionUser = (user: User): SessionUserView => ({
  id: user.id,
  name: user.name,
  email: user.email,
  role: user.role,
  skills: [...user.skills],
  capacity: user.capacity,
});

export function authRoutes(options: AuthRoutesOptions): Router {
  const router = Router();
  const passwords = options.passwords ?? new Argon2Passwords();
  const limiter = rateLimit({
    windowMs: options.signInLimit?.windowMs ?? 5 * 60_000,
    limit: options.signInLimit?.limit ?? 10,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(new AppError(429, 'rate_limited', 'Too many sign-in attempts. Wait a few minutes and try again.')),
  });
  const json = express.json({ limit: '8kb' });
  const noStore = (_req: Request, res: Response, next: NextFunction) => {
    res.set('Cache-Control', 'no-store');
    next();
  };

  router.post(
    '/api/auth/sign-in',
    noStore,
    sameOrigin(),
    limiter,
    requireJson,
    json,
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        const parsed = SignInSchema.safeParse(req.body);
        if (!parsed.success)
          throw new AppError(400, 'validation_failed', 'Enter your email address and password.');
        const user = await options.users.getByEmail(parsed.data.email);
        const ok = await passwords.verify(user?.passwordHash ?? null, parsed.data.password);
        if (!user || !ok)
          throw new AppError(401, 'unauthorized', 'That email address and password do not match.');
        // A fixed session id is never reused: whatever cookie came in is replaced.
        await options.sessions.end(sessionToken(req));
        const { token, session } = await options.sessions.start(user, req.get('user-agent'));
        setSessionCookie(req, res, token, options.sessions.idleTtlMs);
        res.json({ data: { user: toSessionUser(user), csrfToken: session.csrfToken } satisfies SessionView });
      } catch (error) {
        next(error);
      }
    },
  );

  router.get(
    '/api/auth/session',
    noStore,
    requireSession(options.sessions),
    (_req: Request, res: Response) => {
      const { user, session } = authOf(res);
      res.json({ data: { user: toSessionUser(user), csrfToken: session.csrfToken } satisfies SessionView });
    },
  );

  router.post(
    '/api/auth/sign-out',
    noStore,
    sameOrigin(),
    requireSession(options.sessions),
    requireCsrf(),
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        await options.sessions.end(sessionToken(req));
        clearSessionCookie(req, res);
        options.onSignOut?.(authOf(res).session.id);
        res.status(204).end();
      } catch (error) {
        next(error);
      }
    },
  );

  return router;
}

/** Only JSON bodies: a cross-site HTML form cannot send one without a CORS preflight. */
function requireJson(req: Request, _res: Response, next: NextFunction): void {
  if (req.is('application/json')) return next();
  next(new AppError(415, 'bad_request', 'Send JSON (Content-Type: application/json).'));
}
