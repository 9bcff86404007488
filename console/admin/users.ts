/**
 * Users: the people who sign in to the console. A table, and a dialog to add or edit someone (role,
 * skills, capacity, a new password). Edits carry the version; a conflict keeps the dialog's values.
 */
import { h, replace } from '../dom';
import { listOf } from './api';
import { guardedSave, messageOf, unwrap } from './edit';
import type { AdminContext, AdminPage, AdminUserView } from './types';
import {
  button,
  confirmDialog,
  field,
  formDialog,
  loading,
  numberInput,
  pageFrame,
  select,
  splitList,
  statusLine,
  table,
  textInput,
} from './ui';

const BASE = '/api/admin/users';
const SKILLS = ['orders', 'billing', 'account', 'product', 'general', 'vip', 'legal'];

export const usersPage: AdminPage = (ctx, root) => {
  loading(root, 'Loading users…');
  ctx.api
    .get<unknown>(BASE)
    .then((payload) => {
      if (!ctx.alive()) return;
      const users = listOf<AdminUserView>(payload, 'users').sort((a, b) => a.name.localeCompare(b.name));
      const status = statusLine();
      replace(
        root,
        pageFrame(
          'Users',
          'Agents answer customers in the inbox; admins can also use these pages. Skills decide which escalations reach whom.',
          h(
            'div',
            { class: 'page-actions' },
            button('Add a person', () => editUser(ctx, null), 'primary'),
          ),
          status,
          table(
            'People with access to the console',
            ['Name', 'Email', 'Role', 'Skills', 'Chats at once', 'Actions'],
            users.map((user) => [
              user.name,
              user.email,
              user.role === 'admin' ? 'Admin' : 'Agent',
              user.skills.join(', ') || '—',
              user.capacity,
              h(
                'span',
                { class: 'row-actions' },
                button('Edit', () => editUser(ctx, user), '', { 'aria-label': `Edit ${user.name}` }),
                user.id === ctx.session.user.id
                  ? null
                  : button('Remove', () => void removeUser(ctx, user, status), 'quiet', {
                      'aria-label': `Remove ${user.name}`,
                    }),
              ),
            ]),
            { numeric: [4] },
          ),
        ),
      );
    })
    .catch((error: unknown) => replace(root, pageFrame('Users', messageOf(error))));
};

function editUser(ctx: AdminContext, user: AdminUserView | null): void {
  let version = user?.version ?? 0;
  const name = textInput(user?.name ?? '', { id: 'user-name', required: true, autocomplete: 'off' });
  const email = textInput(user?.email ?? '', {
    id: 'user-email',
    type: 'email',
    required: true,
    autocomplete: 'off',
  });
  const role = select(
    [
      { value: 'agent', label: 'Agent' },
      { value: 'admin', label: 'Admin' },
    ],
    user?.role ?? 'agent',
    { id: 'user-role' },
  );
  const skills = textInput((user?.skills ?? ['general']).join(', '), {
    id: 'user-skills',
    list: 'user-skill-list',
  });
  const capacity = numberInput(user?.capacity ?? 3, { id: 'user-capacity', min: 0, max: 50, step: 1 });
  const password = textInput('', {
    id: 'user-password',
    type: 'password',
    autocomplete: 'new-password',
    minlength: 10,
  });
  const conflict = h('div', { class: 'conflict-slot' });
  const status = statusLine();
  const path = user ? `${BASE}/${encodeURIComponent(user.id)}` : BASE;
  formDialog(
    user ? `Edit ${user.name}` : 'Add a person',
    user ? 'Save' : 'Add',
    (form) =>
      form.append(
        conflict,
        field('Name', name),
        field('Email', email),
        field('Role', role, 'Admins can change the bot, the knowledge and the team.'),
        field('Skills', skills, `Separate with commas. Known: ${SKILLS.join(', ')}.`),
        h('datalist', { id: 'user-skill-list' }, ...SKILLS.map((s) => h('option', { attrs: { value: s } }))),
        field('Chats at once', capacity),
        field(
          user ? 'New password (optional)' : 'Password',
          password,
          user
            ? 'Leave empty to keep the current password.'
            : 'At least 10 characters. Share it with them privately.',
        ),
        status,
      ),
    async () => {
      const body: Record<string, unknown> = {
        name: name.value.trim(),
        email: email.value.trim(),
        role: role.value,
        skills: splitList(skills.value),
        capacity: Number(capacity.value),
      };
      if (!body.name || !body.email) throw new Error('Name and email are needed.');
      if (!Number.isInteger(body.capacity) || (body.capacity as number) < 0)
        throw new Error('Chats at once is a whole number.');
      if (password.value) body.password = password.value;
      else if (!user) throw new Error('Set a first password.');
      return guardedSave<AdminUserView>({
        what: 'person',
        status,
        conflict,
        save: async () =>
          unwrap<AdminUserView>(
            user ? await ctx.api.put(path, body, version) : await ctx.api.post(BASE, body),
            'user',
          ),
        onSaved: (saved) => {
          version = saved.version;
          ctx.say(user ? `Saved ${saved.name}.` : `Added ${saved.name}.`);
          ctx.reload();
        },
        loadTheirs: () => {
          document.querySelector<HTMLDialogElement>('dialog[open]')?.close();
          ctx.reload();
        },
        adoptLatestVersion: async () => {
          const all = listOf<AdminUserView>(await ctx.api.get(BASE), 'users');
          version = all.find((u) => u.id === user?.id)?.version ?? version;
        },
      });
    },
  );
}

async function removeUser(
  ctx: AdminContext,
  user: AdminUserView,
  status: ReturnType<typeof statusLine>,
): Promise<void> {
  const ok = await confirmDialog(
    `Remove ${user.name}?`,
    `${user.name} (${user.email}) will no longer be able to sign in.`,
    'Remove',
    true,
  );
  if (!ok) return;
  try {
    await ctx.api.delete(`${BASE}/${encodeURIComponent(user.id)}`, user.version);
    ctx.say(`Removed ${user.name}.`);
    ctx.reload();
  } catch (error) {
    status.set(messageOf(error), 'error');
  }
}
