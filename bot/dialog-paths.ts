/**
 * botbuilder-dialogs parses memory paths ("turn.activity", "dialog._tracker.paths") character by
 * character on every DialogStateManager get and set, and every DialogContext (several per turn: the
 * root, each component dialog's inner context, each `dc.child`) sets "turn.activity" when it is built,
 * which parses three paths. The same few constant paths are parsed over and over; that was about 5 % of
 * a turn's CPU (self time of parsePath in a CPU profile of the bot's in-process turns:
 * `npx tsx bench/bench-bot.ts --role turns --profile FILE`).
 *
 * A path without brackets parses to the same segments every time (only a bracketed segment may read
 * memory), so those results are remembered. Callers get their own copy, since deleteValue pops the
 * array it is given. Invalid paths still throw from the original parser (errors are not remembered).
 * If a future botbuilder moves the class or the method, this does nothing.
 */
type ParsePath = (this: unknown, path: string, allowNestedPaths?: boolean) => (string | number)[];

/** Distinct paths remembered before starting over (paths built from data must not grow it forever). */
const MAX_REMEMBERED = 2000;

export function rememberDialogPaths(): void {
  let proto: { parsePath?: ParsePath & { parleyMemo?: true } };
  try {
    proto = require('botbuilder-dialogs/lib/memory/dialogStateManager').DialogStateManager.prototype;
  } catch {
    return;
  }
  const original = proto.parsePath;
  if (typeof original !== 'function' || original.parleyMemo) return;
  // One map per value of allowNestedPaths (a combined key would build a string per call).
  const nested = new Map<string, (string | number)[]>();
  const flat = new Map<string, (string | number)[]>();
  const parsePath = function (this: unknown, path: string, allowNestedPaths = true) {
    if (typeof path !== 'string' || path.includes('[')) return original.call(this, path, allowNestedPaths);
    const remembered = allowNestedPaths ? nested : flat;
    let segments = remembered.get(path);
    if (!segments) {
      segments = original.call(this, path, allowNestedPaths);
      if (remembered.size >= MAX_REMEMBERED) remembered.clear();
      remembered.set(path, segments.slice());
    }
    return segments.slice();
  } as ParsePath & { parleyMemo?: true };
  parsePath.parleyMemo = true;
  proto.parsePath = parsePath;
}
