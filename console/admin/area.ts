/**
 * The admin side of the console: a section menu and the current page. Sections are addressed by the
 * URL hash (#/admin/<section>/<item>), so links, the back button and reloads work. Leaving a page with
 * unsaved edits asks first.
 */
import { h, replace } from '../dom';
import { AdminApi } from './api';
import { analyticsPage } from './analytics';
import { auditPage } from './audit';
import { entitiesPage } from './entities';
import { intentsPage } from './intents';
import { knowledgePage } from './knowledge';
import { reviewPage } from './review';
import { settingsPage } from './settings';
import { testConsolePage } from './test-console';
import { trainingPage } from './training';
import type { AdminContext, AdminModule, AdminPage, PageHandle } from './types';
import { confirmDialog } from './ui';
import { usersPage } from './users';

interface Section {
  id: string;
  label: string;
  page: AdminPage;
}

const GROUPS: { label: string; sections: Section[] }[] = [
  {
    label: 'Bot content',
    sections: [
      { id: 'intents', label: 'Intents', page: intentsPage },
      { id: 'knowledge', label: 'Knowledge', page: knowledgePage },
      { id: 'entities', label: 'Entities', page: entitiesPage },
      { id: 'settings', label: 'Bot settings', page: settingsPage },
    ],
  },
  {
    label: 'Improve',
    sections: [
      { id: 'training', label: 'Training', page: trainingPage },
      { id: 'test', label: 'Test console', page: testConsolePage },
      { id: 'review', label: 'Review', page: reviewPage },
    ],
  },
  {
    label: 'Measure and manage',
    sections: [
      { id: 'analytics', label: 'Analytics', page: analyticsPage },
      { id: 'users', label: 'Users', page: usersPage },
      { id: 'audit', label: 'Audit log', page: auditPage },
    ],
  },
];
const SECTIONS = GROUPS.flatMap((g) => g.sections);
export const DEFAULT_SECTION = 'intents';

export const adminHash = (section: string, item?: string): string =>
  `#/admin/${section}${item ? `/${encodeURIComponent(item)}` : ''}`;

export const mount: AdminModule['mount'] = (options) => {
  const api = new AdminApi(
    () => options.session.csrfToken,
    () => options.onSignedOut(),
  );
  const menu = h('nav', { class: 'admin-menu', attrs: { 'aria-label': 'Admin sections' } });
  const content = h('div', { class: 'admin-content', id: 'admin-content' });
  replace(options.root, menu, content);

  let current: { section: string; item?: string; handle: PageHandle | void; token: number } | null = null;
  let token = 0;

  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (current?.handle && current.handle.dirty?.()) event.preventDefault();
  };
  window.addEventListener('beforeunload', onBeforeUnload);

  const renderMenu = (active: string) =>
    replace(
      menu,
      ...GROUPS.map((group) =>
        h(
          'div',
          { class: 'admin-menu-group' },
          h('p', { class: 'admin-menu-label' }, group.label),
          h(
            'ul',
            null,
            ...group.sections.map((s) =>
              h(
                'li',
                null,
                h(
                  'a',
                  {
                    class: `admin-menu-link${s.id === active ? ' admin-menu-current' : ''}`,
                    attrs: { href: adminHash(s.id), 'aria-current': s.id === active ? 'page' : null },
                  },
                  s.label,
                ),
              ),
            ),
          ),
        ),
      ),
    );

  const render = (sectionId: string, item: string | undefined, focusTitle: boolean) => {
    const section = SECTIONS.find((s) => s.id === sectionId) ?? SECTIONS[0];
    if (current?.handle) current.handle.dispose?.();
    const mine = ++token;
    renderMenu(section.id);
    const root = h('div', { class: 'admin-page-root' });
    replace(content, root);
    const ctx: AdminContext = {
      session: options.session,
      api,
      say: options.say,
      fail: options.fail,
      go: (s, i) => {
        location.hash = adminHash(s, i);
      },
      reload: () => render(section.id, current?.item, false),
      alive: () => token === mine,
    };
    current = { section: section.id, item, handle: undefined, token: mine };
    current.handle = section.page(ctx, root, item);
    document.title = `${section.label} · Parley admin`;
    if (focusTitle) {
      // Focus the page title once it is there, so keyboard and screen reader users land on the page.
      const focus = () => root.querySelector<HTMLElement>('#admin-title')?.focus({ preventScroll: true });
      focus();
      new MutationObserver((_m, observer) => {
        if (root.querySelector('#admin-title')) {
          observer.disconnect();
          if (!content.contains(document.activeElement) || document.activeElement === document.body) focus();
        }
      }).observe(root, { childList: true, subtree: true });
    }
  };

  return {
    show(sectionId, item) {
      const id = SECTIONS.some((s) => s.id === sectionId) ? sectionId : DEFAULT_SECTION;
      if (current && current.section === id && current.handle && current.handle.select) {
        current.item = item;
        current.handle.select(item);
        return;
      }
      render(id, item, true);
    },
    async confirmLeave() {
      if (!current?.handle || !current.handle.dirty?.()) return true;
      return confirmDialog(
        'Leave without saving?',
        'You have changes on this page that are not saved yet.',
        'Leave and discard',
        true,
      );
    },
    destroy() {
      if (current?.handle) current.handle.dispose?.();
      token++;
      window.removeEventListener('beforeunload', onBeforeUnload);
      replace(options.root);
    },
  };
};
