/**
 * GET /console: the agent console's page. The page is a static shell; the bundle (/static/console.js
 * and console.css, built by scripts/build-web.mjs) does the rest, so it can be cached, but not the page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router, type Request, type Response } from 'express';
import { projectRoot } from '../paths';

export const consolePagePath = (): string => join(projectRoot(), 'console', 'index.html');

export function consoleRoutes(options: { pagePath?: string } = {}): Router {
  const html = readFileSync(options.pagePath ?? consolePagePath(), 'utf8');
  const router = Router();
  router.get(['/console', '/console/'], (_req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store').type('html').send(html);
  });
  return router;
}
