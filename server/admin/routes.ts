/**
 * `adminRoutes(options)`: the admin REST API's content, settings, user and audit routes under
 * /api/admin, behind `requireAdmin` (same origin, session → 401, admin → 403, CSRF on changes).
 * Training (server/training) and analytics (server/analytics) bring their own routers.
 */
import { Router } from 'express';
import type { Logger } from 'pino';
import type { BotSettings } from '../../protocol/admin';
import type { Store } from '../../store';
import { hashPassword, requireAdmin, type SessionManager } from '../auth';
import { articleRoutes } from './articles';
import { auditRoutes } from './audit-log';
import { adminJsonBody, type AdminContext } from './http';
import { intentRoutes } from './intents';
import { builtInEntityRoutes } from './entity-kinds';
import { docsRoutes } from './openapi';
import { botSettingsRoutes, entityRoutes } from './settings-documents';
import { transferRoutes } from './transfer/routes';
import { userRoutes } from './users';

export interface AdminRoutesOptions {
  store: Store;
  sessions: SessionManager;
  logger: Logger;
  /** Hashes new passwords; default argon2id. */
  hashPassword?: (plain: string) => Promise<string>;
  /** An intent was created, changed, deleted or imported (the live model may want a retrain). */
  onIntentsChanged?: () => void;
  /** An article or FAQ changed (re-index it) or was deleted (drop it from the index). */
  onArticleChanged?: (id: string, deleted: boolean) => void;
  /** A settings document changed: "bot" (greeting, thresholds, hours, escalation) or "entities". */
  onSettingsChanged?: (key: string) => void;
  /** What GET /api/admin/settings shows before the first save (see AdminContext). */
  botSettingsDefaults?: BotSettings;
  /** Also serve the OpenAPI document at GET /api/docs (public); default true. */
  serveDocs?: boolean;
}

export function adminContext(options: AdminRoutesOptions): AdminContext {
  return {
    store: options.store,
    sessions: options.sessions,
    logger: options.logger,
    hashPassword: options.hashPassword ?? hashPassword,
    onIntentsChanged: options.onIntentsChanged ?? (() => undefined),
    onArticleChanged: options.onArticleChanged ?? (() => undefined),
    onSettingsChanged: options.onSettingsChanged ?? (() => undefined),
    botSettingsDefaults: options.botSettingsDefaults,
  };
}

export function adminRoutes(options: AdminRoutesOptions): Router {
  const ctx = adminContext(options);
  const router = Router();
  if (options.serveDocs !== false) router.use(docsRoutes());
  // The guard, then bodies larger than BODY_LIMIT (the app leaves those unread under /api/admin).
  router.use('/api/admin', ...requireAdmin(options.sessions), adminJsonBody());
  for (const resource of [
    intentRoutes,
    entityRoutes,
    builtInEntityRoutes,
    articleRoutes,
    botSettingsRoutes,
    userRoutes,
    auditRoutes,
    transferRoutes,
  ])
    router.use(resource(ctx));
  return router;
}
