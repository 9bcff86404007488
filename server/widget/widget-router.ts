/**
 * Serves the customer widget:
 *   GET /widget.js                          the loader for host pages (`<script src=".../widget.js" data-site>`)
 *   GET /widget/frame/:siteId               the iframe page the loader opens (framable by the site's origins)
 *   GET /widget/app.js, /widget/app.css     the iframe app, from the build (`npm run build` → dist/web)
 *   GET /api/sites/:siteId/widget-config    the site's theme: colour, position, title, avatar, greeting, locale
 * Every response may be used cross-origin (the loader runs on other sites' pages).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Router, type Response } from 'express';
import { AppError } from '../errors';
import { webBuildDir } from '../paths';
import {
  frameAncestors,
  isValidSiteId,
  toWidgetConfig,
  type SiteConfig,
  type SiteDirectory,
} from './site-config';

export interface WidgetRouterOptions {
  sites: SiteDirectory;
  /** Where the built bundles are (default dist/web). */
  webDir?: string;
  /** Seconds browsers may cache the loader (it has a fixed URL on customers' pages). Default 300. */
  loaderMaxAge?: number;
}

/** File names the build writes (scripts/build-web.mjs). */
export const WIDGET_FILES = { loader: 'widget.js', app: 'widget-app.js', css: 'widget-app.css' } as const;

export function createWidgetRouter(options: WidgetRouterOptions): Router {
  const router = Router();
  const dir = options.webDir ?? webBuildDir();
  const versions = new VersionCache(dir);

  const site = async (siteId: unknown): Promise<SiteConfig> => {
    if (!isValidSiteId(siteId))
      throw new AppError(
        400,
        'validation_failed',
        'siteId: letters, digits, - and _ only (at most 64 characters).',
      );
    const found = await options.sites.get(siteId);
    if (!found) throw new AppError(404, 'not_found', 'No such site.');
    return found;
  };

  router.get('/api/sites/:siteId/widget-config', async (req, res) => {
    const config = toWidgetConfig(await site(req.params.siteId));
    crossOrigin(res);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.json(config);
  });

  router.get('/widget.js', (_req, res) => {
    crossOrigin(res);
    sendBuilt(res, dir, WIDGET_FILES.loader, `public, max-age=${options.loaderMaxAge ?? 300}`);
  });

  // Versioned by content hash in the frame page, so they can be cached for good.
  router.get('/widget/app.js', (req, res) => {
    crossOrigin(res);
    sendBuilt(res, dir, WIDGET_FILES.app, req.query.v ? 'public, max-age=31536000, immutable' : 'no-cache');
  });
  router.get('/widget/app.css', (req, res) => {
    crossOrigin(res);
    sendBuilt(res, dir, WIDGET_FILES.css, req.query.v ? 'public, max-age=31536000, immutable' : 'no-cache');
  });

  router.get('/widget/frame/:siteId', async (req, res) => {
    const config = await site(req.params.siteId);
    const app = versions.of(WIDGET_FILES.app);
    const css = versions.of(WIDGET_FILES.css);
    if (!app || !css) throw notBuilt();
    crossOrigin(res);
    // helmet's defaults forbid framing (X-Frame-Options, frame-ancestors 'self'): this page exists to be framed.
    res.removeHeader('X-Frame-Options');
    res.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: https:",
        "connect-src 'self' ws: wss:",
        "base-uri 'none'",
        "form-action 'none'",
        "object-src 'none'",
        `frame-ancestors ${frameAncestors(config)}`,
      ].join('; '),
    );
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(framePage(app, css));
  });

  return router;
}

function framePage(appVersion: string, cssVersion: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Chat</title>
<link rel="stylesheet" href="/widget/app.css?v=${cssVersion}">
<script src="/widget/app.js?v=${appVersion}" defer></script>
</head>
<body></body>
</html>
`;
}

/** Scripts and the frame are loaded by other sites' pages: allow it even when a page isolates itself. */
function crossOrigin(res: Response): void {
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
}

function notBuilt(): AppError {
  return new AppError(503, 'not_ready', 'The widget is not built yet: run `npm run build`.');
}

function sendBuilt(res: Response, dir: string, file: string, cacheControl: string): void {
  const path = join(dir, file);
  try {
    statSync(path);
  } catch {
    throw notBuilt();
  }
  res.setHeader('Cache-Control', cacheControl);
  res.sendFile(path, { cacheControl: false, dotfiles: 'deny' });
}

/** Short content hashes of the built files, recomputed when a file changes (a rebuild while running). */
class VersionCache {
  private readonly cache = new Map<string, { mtimeMs: number; size: number; version: string }>();
  constructor(private readonly dir: string) {}

  of(file: string): string | null {
    const path = join(this.dir, file);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return null;
    }
    const cached = this.cache.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.version;
    const version = createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12);
    this.cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, version });
    return version;
  }
}
