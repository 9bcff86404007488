/**
 * Review: what the bot did not answer (fallbacks and "not helpful" votes), grouped by meaning. Each
 * group can go into an intent as new phrasings, or become an FAQ, in one step.
 */
import { h, replace } from '../dom';
import { listOf } from './api';
import { guardedSave, messageOf, unwrap } from './edit';
import { periodPicker, type Period } from './period';
import type { AdminContext, AdminPage, IntentView, ReviewClusterView } from './types';
import {
  button,
  checkbox,
  field,
  formDialog,
  loading,
  pageFrame,
  select,
  statusLine,
  textArea,
  textInput,
} from './ui';

export const reviewPage: AdminPage = (ctx, root) => {
  const list = h('div', { class: 'clusters', id: 'clusters' });
  const load = (period: Period) => {
    loading(list, 'Grouping unanswered messages…');
    ctx.api
      .get<unknown>(
        `/api/admin/review/unanswered?from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`,
      )
      .then((payload) => {
        if (!ctx.alive()) return;
        const clusters = listOf<ReviewClusterView>(payload, 'clusters').sort((a, b) => b.size - a.size);
        replace(
          list,
          ...(clusters.length
            ? clusters.map((c) => clusterView(ctx, c))
            : [h('p', { class: 'placeholder' }, 'Nothing unanswered in this period. Nice.')]),
        );
      })
      .catch((error: unknown) =>
        replace(list, h('p', { class: 'status-line status-error' }, messageOf(error))),
      );
  };
  replace(
    root,
    pageFrame(
      'Review',
      'Messages the bot could not answer, and answers customers marked “not helpful”, grouped when they mean the same. Teach the bot in one step.',
      periodPicker('review', 30, load, false),
      list,
    ),
  );
};

function clusterView(ctx: AdminContext, cluster: ReviewClusterView): HTMLElement {
  const checks = cluster.examples.map((e, i) => {
    const box = checkbox(true, { id: `cl-${cluster.id}-${i}` });
    return { example: e, box };
  });
  const status = statusLine();
  const chosen = () => checks.filter((c) => c.box.checked).map((c) => c.example.text);
  const suggested = suggestedName(cluster);
  const card: HTMLElement = h(
    'article',
    { class: 'cluster panel', attrs: { 'aria-labelledby': `cl-${cluster.id}-title` } },
    h(
      'div',
      { class: 'cluster-head' },
      h(
        'h2',
        { id: `cl-${cluster.id}-title` },
        cluster.label || cluster.examples[0]?.text || 'Unlabelled group',
      ),
      h('span', { class: 'chip' }, `${cluster.size} message${cluster.size === 1 ? '' : 's'}`),
      suggested ? h('span', { class: 'chip chip-reason' }, `Looks like ${suggested}`) : null,
    ),
    h(
      'fieldset',
      { class: 'cluster-examples' },
      h('legend', { class: 'sr-only' }, 'Messages to use'),
      ...checks.map(({ example, box }) =>
        h(
          'div',
          { class: 'field-check' },
          box,
          h(
            'label',
            { attrs: { for: box.id } },
            example.text,
            ' ',
            h(
              'span',
              { class: 'muted' },
              example.source === 'not_helpful' ? '(marked not helpful)' : '(not understood)',
            ),
          ),
        ),
      ),
    ),
    status,
    h(
      'div',
      { class: 'editor-actions' },
      button('Add to intent…', () => addToIntent(ctx, cluster, chosen(), status, card)),
      button('Turn into FAQ…', () => createFaq(ctx, cluster, chosen(), status, card)),
    ),
  );
  return card;
}

function suggestedName(cluster: ReviewClusterView): string {
  const s = cluster.suggestedIntent;
  return typeof s === 'string' ? s : (s?.name ?? '');
}

function done(card: HTMLElement, status: ReturnType<typeof statusLine>, text: string): void {
  status.set(text, 'ok');
  card.classList.add('cluster-done');
  for (const b of card.querySelectorAll<HTMLButtonElement>('.editor-actions button')) b.disabled = true;
}

function addToIntent(
  ctx: AdminContext,
  cluster: ReviewClusterView,
  utterances: string[],
  status: ReturnType<typeof statusLine>,
  card: HTMLElement,
): void {
  if (!utterances.length) return status.set('Tick at least one message.', 'error');
  let intents: IntentView[] = [];
  const picker = select([], '', { id: 'review-intent', required: true });
  const conflict = h('div', { class: 'conflict-slot' });
  const inner = statusLine();
  formDialog(
    'Add to an intent',
    'Add phrasings',
    (form) => {
      form.append(
        h(
          'p',
          null,
          `${utterances.length} phrasing${utterances.length === 1 ? '' : 's'} will be added. Retrain afterwards.`,
        ),
        field('Intent', picker),
        conflict,
        inner,
      );
      void ctx.api.get<unknown>('/api/admin/intents').then((payload) => {
        intents = listOf<IntentView>(payload, 'intents').sort((a, b) => a.name.localeCompare(b.name));
        for (const i of intents) picker.appendChild(h('option', { attrs: { value: i.id } }, i.name));
        const s = cluster.suggestedIntent;
        const wanted = typeof s === 'string' ? s : (s?.id ?? s?.name);
        const match = intents.find((i) => i.id === wanted || i.name === wanted);
        if (match) picker.value = match.id;
      });
    },
    async () => {
      const intent = intents.find((i) => i.id === picker.value);
      if (!intent) throw new Error('Choose an intent.');
      let version = intent.version;
      return guardedSave<IntentView>({
        what: 'intent',
        status: inner,
        conflict,
        save: async () =>
          unwrap<IntentView>(
            await ctx.api.post('/api/admin/review/add-to-intent', {
              intentId: intent.id,
              version,
              utterances,
            }),
            'intent',
          ),
        onSaved: (saved) => {
          intent.version = saved.version;
          done(card, status, `Added to ${intent.name}. Retrain on the Training page to use them.`);
          ctx.say(`Added ${utterances.length} phrasings to ${intent.name}.`);
        },
        loadTheirs: () => undefined,
        adoptLatestVersion: async () => {
          version = unwrap<IntentView>(
            await ctx.api.get(`/api/admin/intents/${encodeURIComponent(intent.id)}`),
            'intent',
          ).version;
        },
      });
    },
  );
}

function createFaq(
  ctx: AdminContext,
  cluster: ReviewClusterView,
  examples: string[],
  status: ReturnType<typeof statusLine>,
  card: HTMLElement,
): void {
  if (!examples.length) return status.set('Tick at least one message.', 'error');
  const question = textInput(examples[0] ?? cluster.label, { id: 'faq-question', required: true });
  const answer = textArea('', 5, { id: 'faq-answer', required: true });
  const alternatives = textArea(examples.slice(1).join('\n'), 4, { id: 'faq-alternatives' });
  formDialog(
    'Turn into an FAQ',
    'Create FAQ',
    (form) =>
      form.append(
        field('Question', question),
        field('Answer (markdown)', answer),
        field('Other ways to ask', alternatives, 'One per line.'),
      ),
    async () => {
      if (!question.value.trim() || !answer.value.trim())
        throw new Error('Write the question and the answer.');
      await ctx.api.post('/api/admin/review/create-faq', {
        question: question.value.trim(),
        answer: answer.value.trim(),
        alternatives: alternatives.value
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean),
      });
      done(card, status, 'FAQ created. You can edit it under Knowledge.');
      ctx.say('FAQ created.');
      return true;
    },
  );
}
