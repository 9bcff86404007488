/** Modal dialogs: transfer (to an online agent or a team) and the keyboard shortcut help. */
import { h } from '../dom';
import { titleCase } from '../format';
import type { AgentView } from '../protocol';

export function transferDialog(
  agents: readonly AgentView[],
  teams: readonly string[],
  meId: string,
  onChoose: (target: { agentId: string } | { team: string }) => void,
): HTMLDialogElement {
  const online = agents.filter((a) => a.id !== meId && a.presence === 'online');
  const select = h(
    'select',
    { id: 'transfer-target', attrs: { 'aria-label': 'Transfer to' } },
    online.length
      ? h(
          'optgroup',
          { attrs: { label: 'Agents online' } },
          ...online.map((a) =>
            h(
              'option',
              { attrs: { value: `agent:${a.id}`, disabled: a.activeChats >= a.capacity } },
              `${a.name} (${a.activeChats}/${a.capacity})`,
            ),
          ),
        )
      : null,
    h(
      'optgroup',
      { attrs: { label: 'Team queues' } },
      ...teams.map((t) => h('option', { attrs: { value: `team:${t}` } }, `${titleCase(t)} team`)),
    ),
  );
  const dialog = h(
    'dialog',
    { class: 'dialog', attrs: { 'aria-labelledby': 'transfer-title' } },
    h(
      'form',
      {
        attrs: { method: 'dialog' },
        on: {
          submit: () => {
            const [kind, id] = select.value.split(/:(.*)/s);
            if (kind === 'agent') onChoose({ agentId: id });
            else if (kind === 'team') onChoose({ team: id });
          },
        },
      },
      h('h2', { id: 'transfer-title' }, 'Transfer conversation'),
      h('label', { attrs: { for: 'transfer-target' } }, 'To'),
      select,
      h(
        'div',
        { class: 'dialog-actions' },
        h(
          'button',
          { class: 'btn', attrs: { type: 'button' }, on: { click: () => dialog.close() } },
          'Cancel',
        ),
        h('button', { class: 'btn btn-primary', attrs: { type: 'submit' } }, 'Transfer'),
      ),
    ),
  );
  dialog.addEventListener('close', () => dialog.remove());
  return dialog;
}

const SHORTCUTS: [string, string][] = [
  ['j / ↓', 'Next conversation'],
  ['k / ↑', 'Previous conversation'],
  ['Enter / o', 'Open it'],
  ['1 2 3', 'Queued · Mine · All'],
  ['c', 'Claim'],
  ['t', 'Take over from the bot'],
  ['r or /', 'Reply'],
  ['e', 'Resolve (asks the customer to rate)'],
  ['b', 'Hand back to the bot'],
  ['m', 'Transfer'],
  ['a', 'Toggle away / online'],
  ['Esc', 'Leave the reply box'],
  ['?', 'This help'],
];

export function helpDialog(): HTMLDialogElement {
  const dialog = h(
    'dialog',
    { class: 'dialog', attrs: { 'aria-labelledby': 'help-title' } },
    h('h2', { id: 'help-title' }, 'Keyboard shortcuts'),
    h(
      'dl',
      { class: 'shortcuts' },
      ...SHORTCUTS.flatMap(([key, what]) => [h('dt', null, h('kbd', null, key)), h('dd', null, what)]),
    ),
    h(
      'div',
      { class: 'dialog-actions' },
      h(
        'button',
        {
          class: 'btn btn-primary',
          attrs: { type: 'button', autofocus: true },
          on: { click: () => dialog.close() },
        },
        'Close',
      ),
    ),
  );
  dialog.addEventListener('close', () => dialog.remove());
  return dialog;
}
