/**
 * The customer widget. Browser bundles are built from `loader.ts` (the host page's `/widget.js`) and
 * `app/main.ts` (the iframe app); this entry point exports what other folders may use: the
 * widget-config shape, the site id rule, and the pure helpers (for the server and for tests).
 */
export type { WidgetConfig, WidgetTheme, LocalizedText } from './types';
export { SITE_ID_PATTERN } from './types';
export type { Position, HostIdentity } from './bridge';
export { LOCALES, pickLocale, type Locale, type LocaleSetting } from './core/i18n';
export { paletteFor, contrast, parseHex } from './core/contrast';
