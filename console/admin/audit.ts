/**
 * The audit log: every change made on the admin side, newest first: who, what, when, and the record
 * before and after (changed fields highlighted). Filter by kind of record; page back with "Older".
 * People are shown by name: the audit API gives only their id and email, so the names come from the
 * users list (an entry of a deleted user, or a failed users request, shows the email).
 */
import type { AuditPageView } from '../../protocol/admin';
import { h, replace } from '../dom';
import { listOf } from './api';
import { messageOf } from './edit';
import type { AdminContext, AdminPage, AdminUserView, AuditEntryView } from './types';
import { button, field, jsonBlock, pageFrame, select, statusLine, when } from './ui';

const PAGE = 50;
const TYPES: { value: string; label: string }[] = [
  { value: '', label: 'Everything' },
  { value: 'intent', label: 'Intents' },
  { value: 'article', label: 'FAQs and articles' },
  { value: 'entities', label: 'Entities' },
  { value: 'settings', label: 'Bot settings' },
  { value: 'user', label: 'Users' },
  { value: 'model', label: 'Models (training)' },
];

export const auditPage: AdminPage = (ctx, root) => {
  const type = select(TYPES, '', { id: 'audit-type' });
  const rows = h('tbody');
  const status = statusLine();
  const more = button('Older entries', () => void load(false));
  // The server's place after the last row shown (createdAt and id: paging by time skipped entries
  // written in the same millisecond); null once the oldest entry is shown.
  let cursor: string | null = null;
  // Bumped by every fresh load: a page still in flight for an older filter is dropped on arrival.
  let generation = 0;
  const names = userNames(ctx);
  const load = async (fresh: boolean) => {
    if (fresh) {
      generation++;
      cursor = null;
      replace(rows);
    }
    const mine = generation;
    more.disabled = true;
    status.set('Loading…');
    const q = new URLSearchParams({ limit: String(PAGE) });
    if (type.value) q.set('entityType', type.value);
    if (cursor) q.set('cursor', cursor);
    try {
      const [page, byId] = await Promise.all([ctx.api.get<AuditPageView>(`/api/admin/audit?${q}`), names]);
      if (!ctx.alive() || mine !== generation) return;
      for (const entry of page.entries) rows.appendChild(entryRow(entry, byId));
      cursor = page.nextCursor;
      status.set(rows.children.length ? '' : 'No changes recorded yet.');
      more.hidden = cursor === null;
    } catch (error) {
      if (mine === generation) status.set(messageOf(error), 'error');
    } finally {
      if (mine === generation) more.disabled = false;
    }
  };
  type.addEventListener('change', () => void load(true));
  replace(
    root,
    pageFrame(
      'Audit log',
      'Every change made here: who made it, when, and what the record looked like before and after.',
      h('div', { class: 'page-actions' }, field('Show', type)),
      h(
        'table',
        { class: 'data-table audit-table' },
        h('caption', { class: 'sr-only' }, 'Changes, newest first'),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ...['When', 'Who', 'What', 'Record', 'Details'].map((t) =>
              h('th', { attrs: { scope: 'col' } }, t),
            ),
          ),
        ),
        rows,
      ),
      status,
      more,
    ),
  );
  void load(true);
};

/** Display names by user id; empty when the list cannot be read (the emails stand in). */
async function userNames(ctx: AdminContext): Promise<ReadonlyMap<string, string>> {
  try {
    const users = listOf<AdminUserView>(await ctx.api.get<unknown>('/api/admin/users'), 'users');
    return new Map(users.filter((u) => u.name?.trim()).map((u) => [u.id, u.name.trim()]));
  } catch {
    return new Map();
  }
}

/** Who made the change: the name, with the email and id in the tooltip; "System" for no one. */
function actorCell(entry: AuditEntryView, names: ReadonlyMap<string, string>): HTMLElement {
  const name = entry.actorId ? names.get(entry.actorId) : undefined;
  const shown = name ?? entry.actorEmail ?? entry.actorId;
  if (!shown) return h('td', { class: 'audit-actor' }, 'System');
  const details = [entry.actorEmail, entry.actorId && `id ${entry.actorId}`].filter(Boolean).join(' · ');
  return h(
    'td',
    { class: 'audit-actor', attrs: { title: name ? details : entry.actorId ? `id ${entry.actorId}` : null } },
    shown,
  );
}

function entryRow(entry: AuditEntryView, names: ReadonlyMap<string, string>): HTMLElement {
  const changed = changedKeys(entry.before, entry.after);
  return h(
    'tr',
    null,
    h('td', null, h('time', { attrs: { datetime: entry.createdAt } }, when(entry.createdAt))),
    actorCell(entry, names),
    h('td', null, h('code', null, entry.action)),
    recordCell(entry),
    h(
      'td',
      null,
      h(
        'details',
        null,
        h(
          'summary',
          null,
          changed.length
            ? `Changed: ${changed.slice(0, 4).join(', ')}${changed.length > 4 ? '…' : ''}`
            : 'Show',
        ),
        h(
          'div',
          { class: 'audit-diff' },
          h(
            'div',
            null,
            h('p', { class: 'label' }, 'Before'),
            entry.before === null ? h('p', { class: 'muted' }, 'Nothing (created)') : jsonBlock(entry.before),
          ),
          h(
            'div',
            null,
            h('p', { class: 'label' }, 'After'),
            entry.after === null ? h('p', { class: 'muted' }, 'Nothing (deleted)') : jsonBlock(entry.after),
          ),
        ),
      ),
    ),
  );
}

/** What a record is called in its snapshots: an intent's or user's name, an article's title. */
function nameIn(snapshot: unknown): string | null {
  if (!snapshot || typeof snapshot !== 'object') return null;
  const { name, title } = snapshot as { name?: unknown; title?: unknown };
  const value = typeof name === 'string' ? name : typeof title === 'string' ? title : null;
  return value?.trim() ? value : null;
}

/**
 * The record by name (as it is after the change, and what it was called before a rename); the id
 * stays at hand as the cell's tooltip and in its data attribute. Records without a name show the id.
 */
function recordCell(entry: AuditEntryView): HTMLElement {
  const after = nameIn(entry.after);
  const before = nameIn(entry.before);
  const name = after ?? before;
  const id = entry.entityId;
  return h(
    'td',
    {
      class: 'audit-record',
      attrs: { title: id && name ? `id ${id}` : null, 'data-entity-id': id },
    },
    entry.entityType,
    name ? h('span', null, ` ${name}`) : id ? h('span', { class: 'muted' }, ` ${id}`) : null,
    after && before && after !== before ? h('span', { class: 'muted' }, ` (was ${before})`) : null,
  );
}

function changedKeys(before: unknown, after: unknown): string[] {
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return [];
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (k) => !['version', 'updatedAt'].includes(k) && JSON.stringify(a[k]) !== JSON.stringify(b[k]),
  );
}
