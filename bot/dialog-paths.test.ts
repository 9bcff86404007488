import { DialogStateManager } from 'botbuilder-dialogs';
import { rememberDialogPaths } from './dialog-paths';

type Parse = (path: string, allowNestedPaths?: boolean) => (string | number)[];

test('remembered paths parse as before, and every caller gets its own copy', () => {
  const proto = DialogStateManager.prototype as unknown as { parsePath: Parse };
  const original = proto.parsePath;
  const expected = original.call(proto, 'dialog._tracker.paths', true);
  rememberDialogPaths();
  rememberDialogPaths(); // idempotent: wraps once
  expect(proto.parsePath).not.toBe(original);
  const first = proto.parsePath('dialog._tracker.paths');
  expect(first).toEqual(expected);
  first.pop(); // deleteValue pops the array it is given
  expect(proto.parsePath('dialog._tracker.paths')).toEqual(expected);
  // Flat parsing is remembered apart from nested parsing.
  expect(proto.parsePath('turn.activity', false)).toEqual(original.call(proto, 'turn.activity', false));
  // Invalid paths still throw from botbuilder's parser.
  expect(() => proto.parsePath('a.b]')).toThrow('Invalid path');
  expect(() => proto.parsePath('a.b]')).toThrow('Invalid path'); // errors are not remembered as results
});
