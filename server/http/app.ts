/**
 * The express application factory. It never listens: server/main.ts (or a test) owns the
 * http.Server, so tests can bind a random port and shut down cleanly.
 */
import express, {
  type Express,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { AppError, toAppError } from '../errors';
import { publicDir, webBuildDir } from '../paths';
import { healthRoutes, type Readiness } from './health';

/**
 * body-parser's own size reader (`bytes`, a dependency of express's body-parser): express.json reads
 * `limit` with it, so the admin cut-off (jsonBodies) and the parser's limit always read a size alike.
 * Required rather than imported: the package ships no types.
 */
const bytes: { parse(value: string): number | null } = require('bytes');

export interface AppDependencies {
  logger: Logger;
  readiness: Readiness;
  metrics: Registry;
  /** Largest JSON body (BODY_LIMIT, e.g. "100kb"); the admin API reads larger ones itself (see jsonBodies). */
  bodyLimit: string;
  trustProxy?: boolean;
  /** Extra routers mounted before the 404 handler (later features add theirs here). */
  routes?: express.Router[];
}

export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  if (deps.trustProxy) app.set('trust proxy', 1);

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          imgSrc: ["'self'", 'data:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
        },
      },
    }),
  );
  app.use(jsonBodies(deps.bodyLimit));

  app.use(healthRoutes(deps.readiness, deps.metrics));
  for (const router of deps.routes ?? []) app.use(router);

  app.use('/static', express.static(webBuildDir(), { maxAge: '1h' }));
  app.use(express.static(publicDir(), { index: 'index.html' }));

  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(new AppError(404, 'not_found', `No route for ${req.method} ${req.path}`));
  });
  app.use(errorHandler(deps.logger));
  return app;
}

/** `/api/admin` and below, in any letter case (express matches paths that way). */
const ADMIN_PATH = /^\/api\/admin(?:\/|$)/i;

/**
 * JSON bodies up to `limit`. The admin API needs more (an article within the content rules can be
 * larger than the default 100kb), but a larger limit for everyone would let any client make the
 * server buffer and parse big bodies. So under /api/admin a body that does not declare a length
 * within `limit` is left unread here: the admin routers read it (adminJsonBody, server/admin/http.ts)
 * only once their guard has accepted the session.
 */
function jsonBodies(limit: string): RequestHandler {
  // Read first: a limit that is no size fails at start with our message rather than body-parser's.
  const max = byteSize(limit);
  const json = express.json({ limit });
  return (req: Request, res: Response, next: NextFunction) => {
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (ADMIN_PATH.test(req.path) && !(declared <= max)) return next();
    json(req, res, next);
  };
}

/** A size as the body parser reads it ("100kb" is 102,400 bytes); a clear error when it is not a size. */
function byteSize(limit: string): number {
  const size = bytes.parse(limit);
  if (size === null || !Number.isFinite(size) || size < 0)
    throw new Error(`"${limit}" is not a size such as 100kb or 1mb`);
  return size;
}

/** 102400 → "100 KB", 5242880 → "5 MB" (1 KB = 1024 bytes, as the limits are read). */
const sizeText = (size: number): string =>
  size >= 1024 ** 2
    ? `${Number((size / 1024 ** 2).toFixed(1))} MB`
    : size >= 1024
      ? `${Number((size / 1024).toFixed(1))} KB`
      : `${size} bytes`;

/** body-parser signals its failures with `type`; map them to our codes before the generic path. */
function fromBodyParser(error: unknown): AppError | undefined {
  const type = (error as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed')
    return new AppError(400, 'invalid_json', 'The request body is not valid JSON.');
  if (type === 'entity.too.large') {
    const { limit } = error as { limit?: unknown };
    return new AppError(
      413,
      'payload_too_large',
      typeof limit === 'number'
        ? `The request body is larger than the ${sizeText(limit)} this route accepts.`
        : 'The request body is larger than this server accepts.',
    );
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return new AppError(415, 'bad_request', 'Unsupported body encoding.');
  return undefined;
}

export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const appError = fromBodyParser(error) ?? toAppError(error);
    if (appError.status >= 500) logger.error({ err: error, path: req.path }, 'request failed');
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(appError.status).json({ error: appError.toBody() });
  };
}
