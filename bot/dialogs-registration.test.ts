import { DialogContext, DialogSet, DialogStateManager } from 'botbuilder-dialogs';
import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { shareDialogsComponentRegistration } from './dialogs-registration';

type Registration = new () => object;
const registrationModule = (): { DialogsComponentRegistration: Registration } =>
  require('botbuilder-dialogs/lib/dialogsComponentRegistration');

test('one DialogsComponentRegistration serves every dialog context, and memory still resolves', async () => {
  const Original = registrationModule().DialogsComponentRegistration;
  shareDialogsComponentRegistration();
  shareDialogsComponentRegistration(); // idempotent: wraps once
  const Shared = registrationModule().DialogsComponentRegistration;
  expect(Shared).not.toBe(Original);
  const first = new Shared();
  expect(new Shared()).toBe(first);
  expect(first).toBeInstanceOf(Original);

  // Two dialog contexts built after the change read and write turn memory as before.
  const context = new TurnContext(new TestAdapter(), {
    type: 'message',
    text: 'hi',
    channelId: 'test',
    conversation: { id: 'c1' },
    from: { id: 'u1' },
    recipient: { id: 'bot' },
  } as Partial<Activity>);
  const dialogs = new DialogSet();
  for (const state of [{ dialogStack: [] }, { dialogStack: [] }]) {
    const dc = new DialogContext(dialogs, context, state);
    expect(dc.state).toBeInstanceOf(DialogStateManager);
    expect(dc.state.getValue('turn.activity.text')).toBe('hi');
    dc.state.setValue('turn.seen', 1);
    expect(dc.state.getValue('turn.seen')).toBe(1);
  }
});
