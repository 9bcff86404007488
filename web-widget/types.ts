/**
 * The public shape of `GET /api/sites/:siteId/widget-config` (the server's site configuration module
 * produces it; the widget reads it). Text may be one string or one per language.
 */
import type { LocaleSetting } from './core/i18n';
import type { Position } from './bridge';

export type LocalizedText = string | Readonly<Record<string, string>>;

export interface WidgetTheme {
  /** Brand colour as #rrggbb: header, launcher, the customer's bubbles (text colours are derived for AA contrast). */
  colour: string;
  /** Corner of the page the launcher sits in. */
  position: Position;
  title: LocalizedText;
  /** Avatar image (https, or an inline data:image URL); null shows the title's initial. */
  avatar: string | null;
  /** Shown as the first message of every conversation (not stored). */
  greeting: LocalizedText;
  /** "auto" follows the browser's languages; a locale forces it. */
  locale: LocaleSetting;
}

export interface WidgetConfig {
  siteId: string;
  theme: WidgetTheme;
}

/** What a site id may look like (also checked by the loader and the server). */
export const SITE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
