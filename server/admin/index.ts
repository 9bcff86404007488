/**
 * The admin side's REST API: intents, entities, articles and FAQs, bot settings, users, the audit
 * log, import/export (server/admin/routes.ts), the OpenAPI document at /api/docs, and the first-admin
 * bootstrap. Training and analytics live in server/training and server/analytics.
 */
export { adminRoutes, type AdminRoutesOptions } from './routes';
export { docsRoutes, openApiDocument, OPERATIONS, toOpenApiPath, type OpenApiOptions } from './openapi';
export {
  DEFAULT_ADMIN_EMAIL,
  ensureFirstAdmin,
  type EnsureFirstAdminOptions,
  type FirstAdminOutcome,
} from './first-admin';
export { BOT_SETTINGS_KEY, ENTITIES_KEY } from './settings-documents';
export { toIntentView } from './intents';
export { toArticleView } from './articles';
export { toUserView } from './users';
