/**
 * Sites that embed the widget: each has an id (the script tag's `data-site`), a theme, and the
 * origins allowed to frame it. A small typed module: the demo storefront's site is built in; more
 * sites can be passed to `siteDirectory` (or another implementation of the interface, e.g. a store).
 */
import { z } from 'zod';
import { SITE_ID_PATTERN, type WidgetConfig, type WidgetTheme } from '../../web-widget';

export interface SiteConfig {
  siteId: string;
  theme: WidgetTheme;
  /**
   * Origins allowed to embed the widget (CSP `frame-ancestors`), e.g. `https://shop.example`, or
   * `'*'` for any site. The widget's own origin is always allowed.
   */
  allowedOrigins: readonly string[] | '*';
}

export interface SiteDirectory {
  get(siteId: string): SiteConfig | undefined | Promise<SiteConfig | undefined>;
}

const Localized = z.union([
  z.string().min(1).max(500),
  z.record(z.string().regex(/^[a-z]{2}$/), z.string().min(1).max(500)),
]);
const Origin = z
  .string()
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'must be an origin like https://shop.example');

export const SiteConfigSchema = z.strictObject({
  siteId: z.string().regex(SITE_ID_PATTERN, 'letters, digits, - and _ (at most 64)'),
  theme: z.strictObject({
    colour: z.string().regex(/^#[0-9a-f]{6}$/i, 'must be #rrggbb'),
    position: z.enum(['left', 'right']),
    title: Localized,
    avatar: z
      .string()
      .max(20_000)
      .regex(
        /^(https:\/\/|\/(?!\/)|data:image\/(png|jpeg|gif|webp|svg\+xml)[;,])/,
        'must be https:, a path on this server, or a data:image URL',
      )
      .nullable(),
    greeting: Localized,
    locale: z.enum(['auto', 'en', 'de']),
  }),
  allowedOrigins: z.union([z.literal('*'), z.array(Origin).max(50)]),
});

/** Leaves and a path through a pass, as a small inline SVG (no request, allowed by the frame's CSP). */
const DEMO_AVATAR =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" fill="#f4efe6"/>' +
      '<path d="M6 31 16 17l6 8 4-5 8 11z" fill="#2f4538"/><path d="M15 31c3-4 7-6 11-6" stroke="#c9a66b" stroke-width="2" fill="none"/>' +
      '<circle cx="29" cy="11" r="4" fill="#c9a66b"/></svg>',
  );

/** The demo storefront (`/`, Fellwick & Tarn). Any site may embed it: it is a demo. */
export const DEMO_SITE: SiteConfig = {
  siteId: 'demo',
  theme: {
    colour: '#2f4538',
    position: 'right',
    title: { en: 'Fellwick & Tarn support', de: 'Fellwick & Tarn Kundenservice' },
    avatar: DEMO_AVATAR,
    greeting: {
      en: "Hi! I'm the Fellwick & Tarn assistant. Ask me about an order (try **A1042**), returns, shipping or sizes.",
      de: 'Hallo! Ich bin der Assistent von Fellwick & Tarn. Fragen Sie mich zu einer Bestellung (z. B. **A1042**), Rücksendungen, Versand oder Größen.',
    },
    locale: 'auto',
  },
  allowedOrigins: '*',
};

/** Sites kept in memory, validated once (a bad definition fails at start-up with the field named). */
export function siteDirectory(sites: readonly SiteConfig[] = [DEMO_SITE]): SiteDirectory {
  const byId = new Map<string, SiteConfig>();
  for (const site of sites) {
    const parsed = SiteConfigSchema.safeParse(site);
    if (!parsed.success)
      throw new Error(
        `Invalid widget site "${String(site?.siteId)}": ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    if (byId.has(site.siteId)) throw new Error(`Widget site "${site.siteId}" is defined twice`);
    byId.set(site.siteId, site);
  }
  return { get: (siteId) => byId.get(siteId) };
}

export const isValidSiteId = (siteId: unknown): siteId is string =>
  typeof siteId === 'string' && SITE_ID_PATTERN.test(siteId);

/** The public part of a site's configuration (what `GET /api/sites/:siteId/widget-config` returns). */
export function toWidgetConfig(site: SiteConfig): WidgetConfig {
  return { siteId: site.siteId, theme: site.theme };
}

/** CSP `frame-ancestors` for a site's widget frame. */
export function frameAncestors(site: SiteConfig): string {
  return site.allowedOrigins === '*' ? "'self' *" : ["'self'", ...site.allowedOrigins].join(' ');
}
