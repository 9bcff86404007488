/**
 * POST /api/messages, the standard Bot Framework endpoint. The handler (bot/ builds it around
 * botbuilder's CloudAdapter) authenticates the request, runs the SupportBot and writes the response
 * itself, including `{ activities }` for `deliveryMode: "expectReplies"`.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { BotFrameworkHandler } from '../../bot';
import { AppError } from '../errors';

export const BOT_FRAMEWORK_PATH = '/api/messages';

export interface BotFrameworkRouteOptions {
  /**
   * Serve loopback clients only (no app id configured: local testing with the Emulator). Without
   * credentials botbuilder authenticates nobody and posts replies to whatever serviceUrl a request
   * names, so an open endpoint would let anyone make the server send requests to any address.
   */
  localOnly: boolean;
}

/** 127.0.0.0/8 and ::1, also IPv4-mapped. `req.ip` honours TRUST_PROXY, so a local proxy does not count. */
function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

export function botFrameworkRoute(handler: BotFrameworkHandler, options: BotFrameworkRouteOptions): Router {
  const router = Router();
  router.post(BOT_FRAMEWORK_PATH, (req: Request, res: Response, next: NextFunction) => {
    if (options.localOnly && !isLoopback(req.ip))
      return next(
        new AppError(
          403,
          'forbidden',
          'Without MICROSOFT_APP_ID this endpoint answers local requests only (testing). Set the Bot Framework credentials to serve other clients.',
        ),
      );
    handler(
      req as unknown as Parameters<BotFrameworkHandler>[0],
      res as unknown as Parameters<BotFrameworkHandler>[1],
    ).catch(next);
  });
  return router;
}
