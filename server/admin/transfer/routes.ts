/**
 * Import and export of intents (JSON, CSV, nlp.js corpus) and FAQs (JSON, CSV):
 *   GET  /api/admin/export/intents?format=json|csv|nlpjs   GET  /api/admin/export/faqs?format=json|csv
 *   POST /api/admin/import/intents?format=…                POST /api/admin/import/faqs?format=…
 * An import is validated whole first (422 `invalid_import` listing every bad row, nothing written),
 * then applied all or nothing: intents are matched by name, FAQs by id; equal records stay untouched.
 * An intent file may not give an intent a phrasing another intent has after the import (422, the row
 * names that intent; see ../phrasings.ts).
 * Bodies: JSON as application/json, or any format as text/*, up to ADMIN_BODY_LIMIT_BYTES (5 MB) either way.
 *
 * Rows are named as table.ts counts them (from 1, below a CSV header or in a JSON list), and so is the
 * first problem in the 422's message, which says how they are counted. An intent import keeps what a
 * file leaves out (intents-format.ts).
 */
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import {
  FaqFormatSchema,
  IntentFormatSchema,
  type ImportFailureDetails,
  type ImportProblem,
  type ImportResult,
  type IntentFileRow,
} from '../../../protocol/admin';
import type { ArticleImportRow, Intent } from '../../../store';
import { StoreError } from '../../../store';
import { AppError } from '../../errors';
import { ADMIN_BODY_LIMIT_BYTES, audit, notify, parse, sendData, type AdminContext } from '../http';
import { toArticleView } from '../articles';
import { toIntentView } from '../intents';
import { phrasingsTakenElsewhere, takenMessage } from '../phrasings';
import { formatFaqFile, parseFaqFile } from './faqs-format';
import { formatIntentFile, parseIntentFile, resolveIntentRow, type IntentImportRow } from './intents-format';
import type { ExportFile } from './table';

/** How rows are counted (table.ts), said wherever a row is named so nobody has to guess. */
const ROW_CONVENTION =
  'Rows count from 1: the first CSV row below the header, or the first item of the JSON list.';

const invalidImport = (what: string, problems: ImportProblem[]): AppError => {
  const first = problems[0];
  const where = first.row > 0 ? `row ${first.row}${first.field ? ` (${first.field})` : ''}: ` : '';
  const more =
    problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  const rowsNamed = problems.some((problem) => problem.row > 0);
  return new AppError(
    422,
    'invalid_import',
    `Nothing was imported: the ${what} file has problems. ${where}${first.message}${more}${rowsNamed ? ` ${ROW_CONVENTION}` : ''}`,
    { rows: problems } satisfies ImportFailureDetails as unknown as Record<string, unknown>,
  );
};

/**
 * A row the store refused although it passed the checks here. The stores name it by its 0-based
 * index in what they were given ("import row 2 (id x): …"); every row was given, in file order, so
 * that index + 1 is the row the file has.
 */
function storeRowProblem(error: StoreError): ImportProblem {
  const match = /^import row (\d+)(?: \(id [^)]*\))?:? */.exec(error.message);
  return match
    ? { row: Number(match[1]) + 1, field: '', message: error.message.slice(match[0].length) }
    : { row: 0, field: '', message: error.message };
}

const sendFile = (res: Response, file: ExportFile) => {
  res
    .status(200)
    .set('Content-Type', file.contentType)
    .set('Content-Disposition', `attachment; filename="${file.filename}"`)
    .set('Cache-Control', 'no-store')
    .send(file.body);
};

/** JSON with every object's keys sorted: equal values give equal text whatever order their keys were set in. */
const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(
          Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : item,
  );

/** Deep equality as JSON sees it (array order counts, object key order does not). */
const sameJson = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

type IntentPlan =
  | { kind: 'create'; row: IntentFileRow }
  | { kind: 'update'; row: IntentFileRow; before: Intent }
  | { kind: 'unchanged'; before: Intent };

function planIntents(rows: IntentImportRow[], existing: Intent[]): IntentPlan[] {
  const byName = new Map(existing.map((intent) => [intent.name, intent]));
  return rows.map((given) => {
    const before = byName.get(given.name);
    // What the file leaves out (responses, settings columns) is what `before` has.
    const row = resolveIntentRow(given, before);
    if (!before) return { kind: 'create', row };
    const same =
      sameJson(before.utterances, row.utterances) &&
      sameJson(before.responses, row.responses) &&
      sameJson(before.settings, row.settings);
    return same ? { kind: 'unchanged', before } : { kind: 'update', row, before };
  });
}

/**
 * Phrasings the import would give an intent while another intent has them once it is applied (a
 * phrasing moved from one intent to another in the same file is fine). Rows as planIntents got them.
 */
function takenPhrasings(plan: IntentPlan[]): ImportProblem[] {
  const after = plan.map((step) =>
    step.kind === 'unchanged'
      ? step.before
      : { id: step.kind === 'update' ? step.before.id : `new:${step.row.name}`, ...step.row },
  );
  return plan.flatMap((step, index) =>
    step.kind === 'unchanged'
      ? []
      : phrasingsTakenElsewhere(
          after,
          after[index].id,
          step.row.utterances,
          step.kind === 'update' ? step.before.utterances : [],
        ).map((taken) => ({ row: index + 1, field: 'utterances', message: takenMessage(taken) })),
  );
}

/** Applies the plan; on a failure part-way, undoes what was done (best effort) and rethrows. */
async function applyIntentPlan(
  ctx: AdminContext,
  plan: IntentPlan[],
): Promise<{ created: Intent[]; updated: [Intent, Intent][] }> {
  const { intents } = ctx.store;
  const created: Intent[] = [];
  const updated: [Intent, Intent][] = [];
  try {
    for (const step of plan) {
      if (step.kind === 'create') {
        created.push(await intents.create(step.row));
      } else if (step.kind === 'update') {
        const { name, utterances, responses, settings } = step.row;
        updated.push([
          step.before,
          await intents.update(step.before.id, step.before.version, {
            name,
            utterances,
            responses,
            settings,
          }),
        ]);
      }
    }
    return { created, updated };
  } catch (error) {
    const undo = [
      ...created.map((intent) => () => intents.delete(intent.id)),
      ...updated.map(([before, after]) => () => {
        const { name, utterances, responses, settings } = before;
        return intents.update(after.id, after.version, { name, utterances, responses, settings });
      }),
    ];
    for (const step of undo) {
      await step().catch((undoError: unknown) =>
        ctx.logger.error({ err: undoError }, 'admin: undoing a failed intent import failed'),
      );
    }
    if (error instanceof StoreError && (error.code === 'conflict' || error.code === 'duplicate'))
      throw new AppError(
        409,
        'conflict',
        'Intents changed while importing; nothing was imported. Try again.',
      );
    throw error;
  }
}

export function transferRoutes(ctx: AdminContext): Router {
  const router = Router();
  const text = express.text({
    type: ['text/*', 'application/csv', 'application/octet-stream'],
    limit: ADMIN_BODY_LIMIT_BYTES,
  });
  const intentQuery = z.object({ format: IntentFormatSchema.default('json') });
  const faqQuery = z.object({ format: FaqFormatSchema.default('json') });

  router.get('/api/admin/export/intents', async (req: Request, res: Response) => {
    const { format } = parse(intentQuery, req.query, 'query');
    sendFile(res, formatIntentFile(format, (await ctx.store.intents.list()).map(toIntentView)));
  });

  router.get('/api/admin/export/faqs', async (req: Request, res: Response) => {
    const { format } = parse(faqQuery, req.query, 'query');
    sendFile(res, formatFaqFile(format, await ctx.store.articles.list({ kind: 'faq' })));
  });

  router.post('/api/admin/import/intents', text, async (req: Request, res: Response) => {
    const { format } = parse(intentQuery, req.query, 'query');
    const parsed = parseIntentFile(format, req.body);
    if (!parsed.ok) throw invalidImport('intents', parsed.problems);
    const existing = await ctx.store.intents.list();
    const plan = planIntents(parsed.rows, existing);
    // Intents the file leaves out keep their phrasings: they count as the file's other intents.
    const named = new Set(parsed.rows.map((row) => row.name));
    const rest: IntentPlan[] = existing
      .filter((intent) => !named.has(intent.name))
      .map((before) => ({ kind: 'unchanged', before }));
    const taken = takenPhrasings([...plan, ...rest]);
    if (taken.length) throw invalidImport('intents', taken);
    const { created, updated } = await applyIntentPlan(ctx, plan);
    for (const intent of created)
      await audit(ctx, res, {
        action: 'intent.import',
        entityType: 'intent',
        entityId: intent.id,
        before: null,
        after: toIntentView(intent),
      });
    for (const [before, after] of updated)
      await audit(ctx, res, {
        action: 'intent.import',
        entityType: 'intent',
        entityId: after.id,
        before: toIntentView(before),
        after: toIntentView(after),
      });
    if (created.length || updated.length) notify(ctx, 'onIntentsChanged', ctx.onIntentsChanged);
    sendData(res, {
      created: created.map((i) => i.name),
      updated: updated.map(([, after]) => after.name),
      unchanged: plan.flatMap((step) => (step.kind === 'unchanged' ? [step.before.name] : [])),
    } satisfies ImportResult);
  });

  router.post('/api/admin/import/faqs', text, async (req: Request, res: Response) => {
    const { format } = parse(faqQuery, req.query, 'query');
    const parsed = parseFaqFile(format, req.body);
    if (!parsed.ok) throw invalidImport('FAQs', parsed.problems);
    const existing = new Map((await ctx.store.articles.list()).map((a) => [a.id, a]));
    const clashes = parsed.rows.flatMap((row, index) =>
      existing.get(row.id)?.kind === 'article'
        ? [{ row: index + 1, field: 'id', message: `"${row.id}" is an article, not a FAQ` }]
        : [],
    );
    if (clashes.length) throw invalidImport('FAQs', clashes);
    const rows: ArticleImportRow[] = parsed.rows.map((row) => ({
      id: row.id,
      kind: 'faq',
      title: row.question,
      body: row.answer,
      alternatives: row.alternatives,
      tags: row.tags,
      locale: row.locale,
      published: row.published,
    }));
    const result = await ctx.store.articles.importMany(rows).catch((error: unknown) => {
      if (error instanceof StoreError && error.code === 'invalid')
        throw invalidImport('FAQs', [storeRowProblem(error)]);
      throw error;
    });
    for (const id of [...result.created, ...result.updated]) {
      const after = await ctx.store.articles.get(id);
      const before = existing.get(id);
      await audit(ctx, res, {
        action: 'faq.import',
        entityType: 'article',
        entityId: id,
        before: before ? toArticleView(before) : null,
        after: after ? toArticleView(after) : null,
      });
      notify(ctx, 'onArticleChanged', () => ctx.onArticleChanged(id, false));
    }
    sendData(res, {
      created: result.created,
      updated: result.updated,
      unchanged: result.unchanged,
    } satisfies ImportResult);
  });

  return router;
}
