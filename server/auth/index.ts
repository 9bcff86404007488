/** Console sign-in: argon2 passwords, store-backed sessions in an httpOnly SameSite cookie, CSRF guards. */
export {
  authRoutes,
  toSessionUser,
  type AuthRoutesOptions,
  type SessionUserView,
  type SessionView,
} from './routes';
export { SessionManager, hashToken, type Authenticated, type SessionManagerOptions } from './sessions';
export { Argon2Passwords, hashPassword, type PasswordVerifier } from './passwords';
export { CSRF_HEADER, SESSION_COOKIE, readCookie } from './cookies';
export {
  authOf,
  isSameOrigin,
  requireAdmin,
  requireCsrf,
  requireRole,
  requireSession,
  sameOrigin,
  sessionToken,
} from './guards';
