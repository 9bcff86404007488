export { createWidgetRouter, WIDGET_FILES, type WidgetRouterOptions } from './widget-router';
export {
  DEMO_SITE,
  SiteConfigSchema,
  frameAncestors,
  isValidSiteId,
  siteDirectory,
  toWidgetConfig,
  type SiteConfig,
  type SiteDirectory,
} from './site-config';
