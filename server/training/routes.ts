/**
 * Training, model versions and the test console (admins only):
 *   POST /api/admin/training                  {}                → 202 { jobId, status }
 *   GET  /api/admin/training                                    → recent jobs, newest first (no reports)
 *   GET  /api/admin/training/:jobId                             → the job (status, report, comparison…)
 *   POST /api/admin/training/:jobId/deploy    { force? }        → 200 { model, job } | 409 model_worse
 *   GET  /api/admin/models                                      → [{ id, createdAt, intentsHash, accuracy, live, … }]
 *   POST /api/admin/models/:id/activate                         → 200 { model, previous } (rollback / roll forward)
 *   POST /api/admin/test-console              { text }          → what the live model and the bot make of it
 * Every change (training started, deploy, activate) appends an audit entry.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Store } from '../../store/ports';
import { authOf, requireAdmin, type SessionManager } from '../auth';
import { AppError } from '../errors';
import type { LiveLanguageModel } from '../language-model';
import type { ModelRegistry, ModelVersion } from './model-registry';
import type { ReplyPreviewer } from './reply-preview';
import { runTestConsole, type KnowledgeSearch } from './test-console';
import { ModelWorseError, TrainingError, type TrainingService } from './training-service';

/** What the routes work on; exists once the language model is loaded. */
export interface TrainingModel {
  training: TrainingService;
  registry: ModelRegistry;
  live: LiveLanguageModel;
}

export interface TrainingRoutesOptions {
  sessions: SessionManager;
  store: Pick<Store, 'auditLog'>;
  /**
   * The model's services, or a promise of them (start-up listens before the model is loaded; requests
   * wait for it, as chat turns do).
   */
  model: TrainingModel | Promise<TrainingModel>;
  /** Knowledge-base passages for the test console (omitted: none). */
  knowledge?: KnowledgeSearch;
  /** The reply the bot would give (see createReplyPreview; omitted: reply is null). */
  preview?: ReplyPreviewer;
}

const StartSchema = z.strictObject({});
const DeploySchema = z.strictObject({ force: z.boolean().optional() });
const TestConsoleSchema = z.strictObject({ text: z.string().trim().min(1).max(2000) });
const IdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);

type Handler = (req: Request, res: Response) => Promise<void>;
const wrap =
  (handler: Handler) =>
  (req: Request, res: Response, next: NextFunction): void => {
    handler(req, res).catch(next);
  };

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new AppError(400, 'validation_failed', `${where}${issue?.message ?? 'invalid input'}`);
  }
  return result.data;
}

function idParam(req: Request, name: string): string {
  const value = req.params[name];
  if (!IdSchema.safeParse(value).success) throw new AppError(404, 'not_found', `No such ${name}.`);
  return String(value);
}

function fromTrainingError(error: unknown): unknown {
  if (error instanceof TrainingError)
    return error.code === 'not_found'
      ? new AppError(404, 'not_found', error.message)
      : new AppError(409, 'conflict', error.message); // not_ready, incompatible
  return error;
}

export function trainingRoutes(options: TrainingRoutesOptions): Router {
  const router = Router();
  const { store } = options;
  const loaded = Promise.resolve(options.model);
  loaded.catch(() => undefined); // a failed load is reported by start-up; requests then fail with 500
  router.use(
    ['/api/admin/training', '/api/admin/models', '/api/admin/test-console'],
    ...requireAdmin(options.sessions),
  );

  const audit = async (
    res: Response,
    entry: { action: string; entityId: string | null; before: unknown; after: unknown },
  ) => {
    const { user } = authOf(res);
    await store.auditLog.append({ actorId: user.id, actorEmail: user.email, entityType: 'model', ...entry });
  };
  const view = (registry: ModelRegistry, version: ModelVersion) => ({
    ...version,
    live: registry.liveId === version.id,
  });

  router.post(
    '/api/admin/training',
    wrap(async (req, res) => {
      parse(StartSchema, req.body);
      const { training } = await loaded;
      const { job, created } = training.start(authOf(res).user.email);
      if (created)
        await audit(res, {
          action: 'model.train',
          entityId: job.id,
          before: null,
          after: { jobId: job.id, startedAt: job.startedAt },
        });
      res.status(202).json({ jobId: job.id, status: job.status });
    }),
  );

  router.get(
    '/api/admin/training',
    wrap(async (_req, res) => {
      const { training } = await loaded;
      res.json(training.list());
    }),
  );

  router.get(
    '/api/admin/training/:jobId',
    wrap(async (req, res) => {
      const { training } = await loaded;
      const job = training.get(idParam(req, 'jobId'));
      if (!job) throw new AppError(404, 'not_found', 'No such training job.');
      res.json(job);
    }),
  );

  router.post(
    '/api/admin/training/:jobId/deploy',
    wrap(async (req, res) => {
      const { force } = parse(DeploySchema, req.body);
      const jobId = idParam(req, 'jobId');
      const { training, registry } = await loaded;
      const before = registry.live ?? null;
      try {
        const { job, model } = await training.deploy(jobId, { force, actor: authOf(res).user.email });
        await audit(res, {
          action: 'model.deploy',
          entityId: model.id,
          before: before && { live: before.id, accuracy: before.accuracy },
          after: { live: model.id, accuracy: model.accuracy, jobId, forced: model.origin === 'forced' },
        });
        res.json({ model: view(registry, model), job });
      } catch (error) {
        if (error instanceof ModelWorseError) {
          res.status(409).json({
            error: { code: 'model_worse', message: error.message, comparison: error.comparison },
          });
          return;
        }
        throw fromTrainingError(error);
      }
    }),
  );

  router.get(
    '/api/admin/models',
    wrap(async (_req, res) => {
      const { registry } = await loaded;
      await registry.refresh(); // versions another node sharing DATA_DIR added
      res.json(registry.list().map((version) => view(registry, version)));
    }),
  );

  router.post(
    '/api/admin/models/:id/activate',
    wrap(async (req, res) => {
      parse(StartSchema, req.body);
      const id = idParam(req, 'id');
      const { training, registry } = await loaded;
      const before = registry.live ?? null;
      try {
        const { model, previous } = await training.activate(id);
        const rollback = before !== null && model.createdAt < before.createdAt;
        await audit(res, {
          action: rollback ? 'model.rollback' : 'model.activate',
          entityId: model.id,
          before: { live: previous },
          after: { live: model.id, accuracy: model.accuracy },
        });
        res.json({ model: view(registry, model), previous });
      } catch (error) {
        throw fromTrainingError(error);
      }
    }),
  );

  router.post(
    '/api/admin/test-console',
    wrap(async (req, res) => {
      const { text } = parse(TestConsoleSchema, req.body);
      const { live } = await loaded;
      res.json(await runTestConsole(text, { live, knowledge: options.knowledge, preview: options.preview }));
    }),
  );

  return router;
}
