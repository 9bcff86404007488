/**
 * Training: retrain from the current intents (a job on the server; chats go on), follow its status,
 * read the validation report (accuracy, per-intent F1, confusable pairs, suspected mislabels,
 * duplicates), then go live, or go live anyway when the server refuses a worse model. Below: the
 * model versions, with a one-click roll back.
 *
 * The page shows the server's latest job (GET /api/admin/training, newest first) whenever it opens,
 * so a retrain started in another tab, by another admin or before signing in again is followed here
 * too: running with its stage, ready with its report and "Go live", failed with its reason.
 */
import { ApiError } from '../api';
import { h, replace } from '../dom';
import { listOf } from './api';
import { messageOf } from './edit';
import type { AdminPage, ModelView, TrainingJobView, ValidationReportView } from './types';
import { bar, button, confirmDialog, fixed, notice, pageFrame, percent, statusLine, table, when } from './ui';

export const trainingPage: AdminPage = (ctx, root) => {
  let timer = 0;
  /** The job this page follows: an answer about another (one asked before a retrain began) is dropped. */
  let following = '';
  const status = statusLine();
  const jobArea = h('div', { class: 'training-job', id: 'training-job' });
  const models = h('div', { id: 'model-versions' });
  const retrain = button('Retrain', () => void start(), 'primary', { id: 'retrain' });

  const start = async () => {
    retrain.disabled = true;
    replace(jobArea);
    status.set('Starting…');
    try {
      const { jobId } = await ctx.api.post<{ jobId: string }>('/api/admin/training', {});
      void poll(jobId);
    } catch (error) {
      retrain.disabled = false;
      status.set(messageOf(error), 'error');
    }
  };

  const poll = async (jobId: string): Promise<void> => {
    window.clearTimeout(timer);
    if (!ctx.alive()) return;
    following = jobId;
    let job: TrainingJobView;
    try {
      job = await ctx.api.get<TrainingJobView>(`/api/admin/training/${encodeURIComponent(jobId)}`);
    } catch (error) {
      if (following !== jobId) return;
      retrain.disabled = false;
      // 404: the server no longer keeps the job (it restarted); there is nothing to follow.
      if (error instanceof ApiError && error.status === 404) status.set('');
      else status.set(messageOf(error), 'error');
      return;
    }
    if (!ctx.alive() || following !== jobId) return;
    if (job.status === 'running') {
      retrain.disabled = true;
      // From the server's start time: the same count in every tab that follows the job.
      const startedAt = job.startedAt ? Date.parse(job.startedAt) : NaN;
      const secs = Number.isFinite(startedAt) ? Math.max(0, Math.round((Date.now() - startedAt) / 1000)) : 0;
      const stage = job.stage ? ` (${job.stage})` : '';
      status.set(
        `Training the new model${stage}… ${secs ? `${secs} s. ` : ''}Chats go on as usual meanwhile.`,
      );
      timer = window.setTimeout(() => void poll(jobId), 1000);
      return;
    }
    retrain.disabled = false;
    renderJob(job);
  };

  const renderJob = (job: TrainingJobView) => {
    const parts: (Node | null)[] = [];
    if (job.status === 'failed') {
      status.set('Training failed.', 'error');
      parts.push(notice('error', 'Training failed', job.error ?? 'The server gave no reason. Try again.'));
    } else {
      status.set(
        job.status === 'deployed'
          ? 'This model is live.'
          : job.status === 'refused'
            ? 'This model was not put live: it scores worse than the live one.'
            : 'The new model is ready. Check the report, then go live.',
        job.status === 'refused' ? 'error' : 'ok',
      );
      parts.push(comparisonView(job));
      if (job.status === 'ready' || job.status === 'refused') parts.push(deployActions(job));
      if (job.report) parts.push(reportView(job.report));
    }
    replace(jobArea, ...parts);
  };

  /** Follows the newest job the server keeps (the list has no reports; `poll` reads the whole job). */
  const showLatestJob = async () => {
    try {
      const jobs = listOf<TrainingJobView>(await ctx.api.get('/api/admin/training'), 'jobs');
      const latest = jobs.reduce<TrainingJobView | undefined>(
        (newest, job) => (!newest || (job.startedAt ?? '') > (newest.startedAt ?? '') ? job : newest),
        undefined,
      );
      // A retrain started here meanwhile is followed already.
      if (latest && ctx.alive() && !following) await poll(latest.id);
    } catch (error) {
      if (ctx.alive() && !following) status.set(messageOf(error), 'error');
    }
  };

  const deployActions = (job: TrainingJobView): HTMLElement => {
    const slot = h('div', { class: 'deploy' });
    const deploy = async (force: boolean) => {
      if (
        force &&
        !(await confirmDialog(
          'Go live anyway?',
          'The new model scored worse than the live one. Customers may get more wrong answers. You can roll back below.',
          'Go live anyway',
          true,
        ))
      )
        return;
      for (const b of slot.querySelectorAll('button')) b.disabled = true;
      status.set('Putting the new model live…');
      try {
        await ctx.api.post(
          `/api/admin/training/${encodeURIComponent(job.id)}/deploy`,
          force ? { force: true } : {},
        );
        ctx.say('The new model is live.');
        renderJob({ ...job, status: 'deployed' });
        void loadModels();
      } catch (error) {
        for (const b of slot.querySelectorAll('button')) b.disabled = false;
        if (error instanceof ApiError && error.code === 'model_worse') {
          status.set('Not live: the new model is worse than the live one.', 'error');
          replace(
            slot,
            notice(
              'warn',
              'The new model is worse than the live one',
              `${error.message} The live model stays. You can fix the intents and retrain, or go live anyway.`,
              button('Go live anyway', () => void deploy(true), 'danger', { id: 'deploy-force' }),
            ),
          );
          slot.querySelector<HTMLElement>('button')?.focus();
        } else status.set(messageOf(error), 'error');
      }
    };
    replace(
      slot,
      job.status === 'refused' || job.comparison?.acceptable === false
        ? button('Go live anyway', () => void deploy(true), 'danger', { id: 'deploy-force' })
        : button('Go live', () => void deploy(false), 'primary', { id: 'deploy' }),
    );
    return slot;
  };

  const loadModels = async () => {
    try {
      const list = listOf<ModelView>(await ctx.api.get('/api/admin/models'), 'models').sort((a, b) =>
        b.createdAt.localeCompare(a.createdAt),
      );
      if (!ctx.alive()) return;
      const live = list.find((m) => m.live);
      replace(
        models,
        list.length
          ? table(
              'Model versions (newest first)',
              ['Trained', 'Accuracy', 'Intents fingerprint', 'State', 'Action'],
              list.map((m) => {
                const older = !!live && m.createdAt < live.createdAt;
                const verb = older ? 'Roll back' : 'Make live';
                return [
                  when(m.createdAt),
                  percent(m.accuracy, 1),
                  h('code', null, (m.intentsHash ?? '').slice(0, 10)),
                  m.live
                    ? h('span', { class: 'chip chip-ok' }, 'Live')
                    : m.origin === 'forced'
                      ? h('span', { class: 'chip chip-warn' }, 'Was forced live')
                      : '',
                  m.live
                    ? ''
                    : button(verb, () => void activate(m, verb), '', {
                        'aria-label': older
                          ? `Roll back to the model of ${when(m.createdAt)}`
                          : `Make the model of ${when(m.createdAt)} live`,
                      }),
                ];
              }),
              { numeric: [1] },
            )
          : h('p', { class: 'muted' }, 'No model versions yet.'),
      );
    } catch (error) {
      replace(models, h('p', { class: 'status-line status-error' }, messageOf(error)));
    }
  };

  const activate = async (model: ModelView, verb: string) => {
    if (
      !(await confirmDialog(
        verb === 'Roll back' ? 'Roll back to this model?' : 'Make this model live?',
        `The model trained ${when(model.createdAt)} answers customers from now on. You can switch again at any time.`,
        verb,
      ))
    )
      return;
    try {
      await ctx.api.post(`/api/admin/models/${encodeURIComponent(model.id)}/activate`, {});
      ctx.say('Done: that model is live now.');
      void loadModels();
    } catch (error) {
      ctx.fail(error);
    }
  };

  replace(
    root,
    pageFrame(
      'Training',
      'Retrain the bot after changing intents. The new model is checked before it goes live; the live one keeps answering until then.',
      h('div', { class: 'page-actions' }, retrain),
      status,
      jobArea,
      h('h2', { class: 'section-title' }, 'Model versions'),
      models,
    ),
  );
  void showLatestJob();
  void loadModels();
  return { dispose: () => window.clearTimeout(timer) };
};

function comparisonView(job: TrainingJobView): HTMLElement | null {
  const c = job.comparison;
  if (!c) return null;
  return h(
    'dl',
    { class: 'stats', id: 'comparison' },
    stat('Live model accuracy', c.liveAccuracy === null ? 'none yet' : percent(c.liveAccuracy, 1)),
    stat('New model accuracy', percent(c.candidateAccuracy, 1)),
    stat('Allowed drop', percent(c.margin, 1)),
    stat('Verdict', c.acceptable ? 'Not worse: fine to go live' : 'Worse than the live model'),
  );
}

function stat(label: string, value: string): HTMLElement {
  return h('div', { class: 'stat' }, h('dt', null, label), h('dd', null, value));
}

/** The validation report (nlp/training/validation.ts). */
function reportView(report: ValidationReportView): HTMLElement {
  const perIntent = [...(report.perIntent ?? [])].sort((a, b) => a.f1 - b.f1);
  const confusable = report.confusablePairs ?? [];
  const mislabels = report.suspectedMislabels ?? [];
  const duplicates = report.duplicates ?? [];
  return h(
    'div',
    { class: 'report', id: 'validation-report' },
    h('h2', { class: 'section-title' }, 'Validation report'),
    h(
      'p',
      { class: 'hint' },
      `Each phrasing was held out in turn and classified by a model trained on the others (${report.folds}-fold cross-validation, ${report.evaluated} of ${report.utterances} phrasings scored).`,
    ),
    h(
      'dl',
      { class: 'stats' },
      stat('Cross-validated accuracy', percent(report.accuracy, 1)),
      stat('Mean F1 per intent', fixed(report.macroF1)),
      stat('Intents', String(report.intents)),
      stat('Confusable pairs', String(confusable.length)),
      stat('Suspected mislabels', String(mislabels.length)),
      stat('Duplicates', String(duplicates.length)),
    ),
    perIntent.length
      ? table(
          'How well each intent is recognized (F1 from 0 to 1, weakest first)',
          ['Intent', 'Precision', 'Recall', 'F1', 'F1 bar', 'Phrasings scored'],
          perIntent.map((r) => [
            r.intent,
            fixed(r.precision),
            fixed(r.recall),
            fixed(r.f1),
            bar(r.f1, `F1 ${fixed(r.f1)}`, r.f1 < 0.7 ? 'warn' : 'ok'),
            r.support,
          ]),
          { numeric: [1, 2, 3, 5], className: 'f1-table' },
        )
      : null,
    report.notEvaluated?.length
      ? h(
          'p',
          { class: 'hint' },
          `Not scored (only one phrasing, add more): ${report.notEvaluated.join(', ')}.`,
        )
      : null,
    section(
      'Confusable pairs',
      'Intents the model mixes up. Make their phrasings more distinct, or merge them.',
      confusable.length
        ? table(
            'Confusable pairs',
            ['Intents', 'Mix-ups', 'For example'],
            confusable.map((p) => [
              `${p.a} ↔ ${p.b}`,
              `${p.count} (${p.aAsB} + ${p.bAsA})`,
              p.examples
                .slice(0, 2)
                .map((e) => `“${e.text}” (${e.labelled}, taken for ${e.predicted})`)
                .join('; '),
            ]),
            { hideCaption: true },
          )
        : null,
    ),
    section(
      'Suspected mislabels',
      'Phrasings that look like they belong to another intent. Move or reword them.',
      mislabels.length
        ? table(
            'Suspected mislabels',
            ['Phrasing', 'Now in', 'Looks like', 'Score'],
            mislabels.map((r) => [r.text, r.labelled, r.predicted, fixed(r.score)]),
            { hideCaption: true, numeric: [3] },
          )
        : null,
    ),
    section(
      'Duplicates across intents',
      'The same (or nearly the same) phrasing in two intents confuses the bot. Keep it in one.',
      duplicates.length
        ? table(
            'Duplicates',
            ['Phrasing', 'In', 'And in', 'Kind'],
            duplicates.map((d) => [
              d.a.text,
              d.a.intent,
              `${d.b.intent}: “${d.b.text}”`,
              d.kind === 'exact' ? 'Same' : `Near (${percent(d.similarity)})`,
            ]),
            { hideCaption: true },
          )
        : null,
    ),
  );
}

function section(title: string, hint: string, body: HTMLElement | null): HTMLElement {
  return h(
    'section',
    { class: 'report-section' },
    h('h3', null, title),
    body ? h('p', { class: 'hint' }, hint) : h('p', { class: 'muted' }, 'None found.'),
    body,
  );
}
