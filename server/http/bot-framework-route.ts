/**
 * POST /api/messages, the standard Bot Framework endpoint. The handler (bot/ builds it around
 * botbuilder's CloudAdapter) authenticates the request, runs the SupportBot and writes the response
 * itself, including `{ activities }` for `deliveryMode: "expectReplies"`.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { BotFrameworkHandler } from '../../bot';

export const BOT_FRAMEWORK_PATH = '/api/messages';

export function botFrameworkRoute(handler: BotFrameworkHandler): Router {
  const router = Router();
  router.post(BOT_FRAMEWORK_PATH, (req: Request, res: Response, next: NextFunction) => {
    handler(
      req as unknown as Parameters<BotFrameworkHandler>[0],
      res as unknown as Parameters<BotFrameworkHandler>[1],
    ).catch(next);
  });
  return router;
}
