/**
 * The admin routers' shared HTTP conventions: zod validation (400), versions from If-Match or the body
 * (428 when absent, 409 when stale), ETags, and the audit entry every change appends.
 */
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { MAX_ARTICLE_JSON_BYTES, type BotSettings } from '../../protocol/admin';
import type { AuditEntry, Store } from '../../store';
import type { SessionManager } from '../auth';
import { authOf } from '../auth';
import { AppError } from '../errors';

/** What every admin router needs. */
export interface AdminContext {
  store: Store;
  sessions: SessionManager;
  logger: Logger;
  /** Hashes new passwords (argon2id by default). */
  hashPassword: (plain: string) => Promise<string>;
  onIntentsChanged: () => void;
  onArticleChanged: (id: string, deleted: boolean) => void;
  onSettingsChanged: (key: string) => void;
  /**
   * The bot settings GET shows before the first save: what the service does then (its greeting, the
   * policy's defaults). Default: DEFAULT_BOT_SETTINGS.
   */
  botSettingsDefaults?: BotSettings;
}

/**
 * The largest body the admin API reads, as JSON or as an import file: 5 MB, room for an import of
 * many FAQs, and never less than one article at every content-rules limit (MAX_ARTICLE_JSON_BYTES,
 * about 1.4 MB), so saving or importing content the rules accept never meets a 413.
 */
export const ADMIN_BODY_LIMIT_BYTES = Math.max(5 * 1024 * 1024, MAX_ARTICLE_JSON_BYTES);

/**
 * Reads a JSON body the app left unread for being larger than BODY_LIMIT (server/http/app.ts); one
 * the app already read is left as it is. Mount it after the admin guard, so only a signed-in admin's
 * body is read this far.
 */
export const adminJsonBody = (): RequestHandler => express.json({ limit: ADMIN_BODY_LIMIT_BYTES });

/** "a.b: message; c: message" from zod issues, for a 400 a person can act on. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/** Parses with `schema`; anything else is a 400 `validation_failed` and nothing happens. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what = 'request body'): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success)
    throw new AppError(400, 'validation_failed', `Invalid ${what}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** Route parameters as one string (express 5 types them as string | string[]). */
export function param(req: Request, name: string): string {
  const value = req.params[name];
  return Array.isArray(value) ? value.join('/') : String(value ?? '');
}

/** Parses `If-Match: "3"` (or `W/"3"`, or a bare 3). Undefined when absent; 400 when not a version. */
export function ifMatchVersion(req: Request): number | undefined {
  const header = req.get('if-match');
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!match)
    throw new AppError(400, 'validation_failed', 'If-Match must be the version in quotes, e.g. "3".');
  return Number(match[1]);
}

/**
 * The version an update or delete was based on: If-Match, else `version` in the body. Both given and
 * different is a 400; neither is a 428 `precondition_required`.
 */
export function expectedVersion(req: Request, bodyVersion?: number): number {
  const header = ifMatchVersion(req);
  if (header !== undefined && bodyVersion !== undefined && header !== bodyVersion)
    throw new AppError(400, 'validation_failed', 'If-Match and the body name different versions.');
  const version = header ?? bodyVersion;
  if (version === undefined)
    throw new AppError(
      428,
      'precondition_required',
      'Send the version you edited (If-Match: "<version>" or "version" in the body).',
    );
  return version;
}

/** A DELETE may carry `{ "version": n }` instead of If-Match. */
export function versionInBody(req: Request): number | undefined {
  const version = (req.body as { version?: unknown } | undefined)?.version;
  if (version === undefined) return undefined;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0)
    throw new AppError(400, 'validation_failed', 'version must be a non-negative integer.');
  return version;
}

export function conflict(what: string, current: number, expected: number): AppError {
  return new AppError(
    409,
    'conflict',
    `${what} was changed by someone else (now version ${current}, you edited version ${expected}). Reload and try again.`,
  );
}

/** Sends a versioned resource with its ETag (and no caching: admins must see the latest). */
export function sendVersioned<T extends { version: number }>(res: Response, body: T, status = 200): void {
  res.status(status).set('ETag', `"${body.version}"`).set('Cache-Control', 'no-store').json({ data: body });
}

export function sendData(res: Response, body: unknown, status = 200): void {
  res.status(status).set('Cache-Control', 'no-store').json({ data: body });
}

export interface AuditChange {
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

/** Appends the audit entry for a change made by the signed-in admin (snapshots must hold no secrets). */
export function audit(
  ctx: { store: Pick<Store, 'auditLog'> },
  res: Response,
  change: AuditChange,
): Promise<AuditEntry> {
  const { user } = authOf(res);
  return ctx.store.auditLog.append({ actorId: user.id, actorEmail: user.email, ...change });
}

/** Runs a live-service callback; a failure there is logged, never turned into a failed request. */
export function notify(ctx: AdminContext, what: string, callback: () => void): void {
  try {
    callback();
  } catch (error) {
    ctx.logger.error({ err: error }, `admin: ${what} callback failed`);
  }
}
