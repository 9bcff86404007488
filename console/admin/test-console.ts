/**
 * The test console: type a message and see what the bot would make of it, without a conversation:
 * language, ranked intents with scores, the decision and why, entities, sentiment, knowledge-base
 * passages, and the reply.
 */
import { h, replace } from '../dom';
import { chatText } from '../views/chat-text';
import { messageOf } from './edit';
import type { AdminPage, TestConsoleView } from './types';
import { bar, fixed, pageFrame, statusLine, table, textArea } from './ui';

const LAST_KEY = 'parley-admin:test-text';

export const testConsolePage: AdminPage = (ctx, root) => {
  const input = textArea(sessionStorage.getItem(LAST_KEY) ?? '', 2, {
    id: 'test-text',
    placeholder: 'Type what a customer might write, then press Enter',
    maxlength: 2000,
  });
  const submit = h('button', { class: 'btn btn-primary', attrs: { type: 'submit' } }, 'Test');
  const status = statusLine();
  const result = h('div', { class: 'test-result', id: 'test-result' });
  const run = async () => {
    const text = input.value.trim();
    if (!text) return status.set('Type a message first.', 'error');
    sessionStorage.setItem(LAST_KEY, text);
    submit.disabled = true;
    status.set('Asking the bot…');
    try {
      const view = await ctx.api.post<TestConsoleView>('/api/admin/test-console', { text });
      if (!ctx.alive()) return;
      status.set('');
      replace(result, resultView(view));
    } catch (error) {
      status.set(messageOf(error), 'error');
    } finally {
      submit.disabled = false;
    }
  };
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void run();
    }
  });
  replace(
    root,
    pageFrame(
      'Test console',
      'Try a message and see how the live bot understands it and what it would reply. Nothing is sent to anyone.',
      h(
        'form',
        {
          class: 'test-form',
          on: {
            submit: (event) => {
              event.preventDefault();
              void run();
            },
          },
        },
        h('label', { attrs: { for: 'test-text' } }, 'Message'),
        h('div', { class: 'test-input-row' }, input, submit),
      ),
      status,
      result,
    ),
  );
  input.focus();
};

const DECISIONS: Record<string, string> = {
  ok: 'Confident: the top intent reaches the threshold and leads by the margin',
  below_threshold: 'Not sure enough: the top score is below the threshold',
  ambiguous: 'Unsure: the top two intents are too close',
  out_of_scope: 'Out of scope: closest to the out-of-scope examples, so the bot does not guess',
};
const ROUTES: Record<string, string> = {
  escalate: 'Hands the chat to a person',
  dialog: 'Starts a guided dialog',
  knowledge: 'Answers from the knowledge base',
  reply: 'Replies with the intent’s response',
  fallback: 'Asks the customer to rephrase (fallback)',
  unknown: 'Unknown',
};

function resultView(view: TestConsoleView): HTMLElement {
  const why = view.why ?? ({} as TestConsoleView['why']);
  const ranking = [...(view.ranking ?? [])].sort((a, b) => b.score - a.score).slice(0, 8);
  const decision = String(why.decision ?? '');
  return h(
    'div',
    { class: 'test-grid' },
    panel(
      'Reply',
      view.reply?.text
        ? chatText(view.reply.text, 'bubble msg-rich', 'test-reply')
        : h('p', { class: 'muted', id: 'test-reply' }, 'No reply to show.'),
      view.reply?.quickReplies?.length
        ? h('p', { class: 'chips' }, ...view.reply.quickReplies.map((q) => h('span', { class: 'chip' }, q)))
        : null,
    ),
    panel(
      'Decision and why',
      h(
        'p',
        {
          class: 'decision',
          id: 'test-decision',
          attrs: { 'data-intent': view.intent ?? '', 'data-route': why.policy?.route ?? '' },
        },
        view.intent && view.intent !== 'none' ? `Intent: ${view.intent}` : 'No intent',
        ' · ',
        ROUTES[why.policy?.route ?? ''] ?? why.policy?.route ?? '—',
      ),
      h('p', { class: 'hint' }, DECISIONS[decision] ?? decision),
      h(
        'dl',
        { class: 'facts' },
        h('dt', null, 'Top score'),
        h('dd', null, fixed(why.topScore)),
        h('dt', null, 'Second score'),
        h('dd', null, fixed(why.secondScore)),
        h('dt', null, 'Threshold'),
        h(
          'dd',
          null,
          fixed(why.threshold),
          why.thresholdSource === 'intent' ? ' (this intent’s own)' : ' (calibrated)',
          ' · the top score must reach it',
        ),
        h('dt', null, 'Margin'),
        h('dd', null, fixed(why.margin), ' (the top must lead the second by this much)'),
        h('dt', null, 'Policy'),
        h('dd', null, why.policy?.detail || describe(why.policy)),
      ),
    ),
    panel(
      'Ranked intents',
      ranking.length
        ? h(
            'ol',
            { class: 'ranking', id: 'test-ranking' },
            ...ranking.map((r, i) =>
              h(
                'li',
                { class: i === 0 ? 'ranking-top' : '', attrs: { 'data-intent': r.intent } },
                h('span', { class: 'ranking-name' }, r.intent),
                bar(r.score, `score ${fixed(r.score)}`, r.score >= (why.threshold ?? 0) ? 'ok' : 'warn'),
                h('span', { class: 'num' }, fixed(r.score)),
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'No intent scored.'),
    ),
    panel(
      'Language, sentiment and entities',
      h(
        'dl',
        { class: 'facts' },
        h('dt', null, 'Language'),
        h(
          'dd',
          { id: 'test-language' },
          view.language || '—',
          typeof view.languageConfidence === 'number' ? ` (${fixed(view.languageConfidence)} sure)` : '',
        ),
        h('dt', null, 'Sentiment'),
        h('dd', null, sentimentText(view.sentiment)),
      ),
      entitiesView(view.entities),
    ),
    panel(
      'Knowledge-base passages',
      view.knowledge?.length
        ? table(
            'Knowledge-base passages',
            ['Article', 'Passage', 'Score'],
            view.knowledge.map((k) => [k.title, k.snippet, fixed(k.score)]),
            { hideCaption: true, numeric: [2] },
          )
        : h('p', { class: 'muted' }, 'No passage matched.'),
    ),
  );
}

function panel(title: string, ...children: (Node | null)[]): HTMLElement {
  return h('section', { class: 'panel' }, h('h2', null, title), ...children);
}

function sentimentText(value: unknown): string {
  if (typeof value === 'number')
    return `${fixed(value)} (${value <= -0.3 ? 'negative' : value >= 0.3 ? 'positive' : 'neutral'})`;
  if (value && typeof value === 'object') {
    const v = value as { score?: number; label?: string; frustration?: boolean };
    return (
      [typeof v.score === 'number' ? fixed(v.score) : '', v.label ?? '', v.frustration ? 'frustrated' : '']
        .filter(Boolean)
        .join(' · ') || '—'
    );
  }
  return '—';
}

function entitiesView(value: unknown): HTMLElement {
  const items: [string, string][] = [];
  const show = (v: unknown): string =>
    typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
  if (Array.isArray(value))
    for (const e of value as Record<string, unknown>[])
      items.push([
        String(e.type ?? 'entity'),
        e.value !== undefined && show(e.value) !== e.text
          ? `${String(e.text)} → ${show(e.value)}`
          : String(e.text ?? show(e)),
      ]);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      for (const one of Array.isArray(v) ? v : [v]) items.push([k, show(one)]);
  if (!items.length) return h('p', { class: 'muted' }, 'No entities found.');
  return h(
    'ul',
    { class: 'chips', attrs: { 'aria-label': 'Entities' } },
    ...items.map(([k, v]) => h('li', { class: 'chip chip-entity' }, `${k}: ${v}`)),
  );
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(' · ');
  return String(value);
}
