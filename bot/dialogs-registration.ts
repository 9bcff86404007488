/**
 * botbuilder-dialogs 4.x builds a new DialogsComponentRegistration (a service collection with every
 * memory scope and path resolver factory) in the constructor of every DialogStateManager, i.e. for
 * every DialogContext, and registers it by class name, replacing the previous one; it is only read
 * to build the memory configuration, which SupportBot builds once anyway. One shared instance does
 * the same (the registry keeps one per class name) without the work per dialog context. The class
 * is read from its module's exports at each use, so replacing the export is enough; if a future
 * version moves it, this does nothing.
 */
export function shareDialogsComponentRegistration(): void {
  type Registration = new () => object;
  let module: { DialogsComponentRegistration?: Registration & { parleyShared?: true } };
  try {
    module = require('botbuilder-dialogs/lib/dialogsComponentRegistration');
  } catch {
    return;
  }
  const Original = module.DialogsComponentRegistration;
  if (typeof Original !== 'function' || Original.parleyShared) return;
  let shared: object | undefined;
  // Called with `new`: a constructor returning an object makes `new` return that object.
  const Shared = function DialogsComponentRegistration() {
    return (shared ??= new Original());
  } as unknown as Registration & { parleyShared?: true };
  Shared.prototype = Original.prototype;
  Shared.parleyShared = true;
  try {
    module.DialogsComponentRegistration = Shared;
  } catch {
    // A frozen export: keep botbuilder's behaviour.
  }
}
