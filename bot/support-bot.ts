/**
 * SupportBot: the ActivityHandler every channel runs. Messages go to the dialogs (the main router);
 * state is saved once at the end of the turn, and only what changed is written.
 */
import { ActivityHandler, type BotState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type Dialog, type DialogState } from 'botbuilder-dialogs';
import { rememberDialogPaths } from './dialog-paths';
import { shareDialogsComponentRegistration } from './dialogs-registration';

/** The turn-state key botbuilder-dialogs caches its DialogStateManager configuration under. */
const DIALOG_STATE_MANAGER_CONFIGURATION = 'DialogStateManagerConfiguration';

shareDialogsComponentRegistration();
rememberDialogPaths();

export interface UserProfile {
  conversations?: number;
  lastConversationId?: string;
  firstSeenAt?: string;
}

export interface SupportBotOptions {
  conversationState: BotState;
  userState: BotState;
  /** The root dialog (dialogs/MainDialog). */
  dialog: Dialog;
  clock?: () => Date;
}

export class SupportBot extends ActivityHandler {
  private readonly dialogs: DialogSet;
  private readonly rootId: string;
  private readonly profile: StatePropertyAccessor<UserProfile>;
  private readonly seen: StatePropertyAccessor<boolean>;
  private readonly clock: () => Date;
  private dialogConfiguration?: unknown;

  constructor(private readonly options: SupportBotOptions) {
    super();
    this.dialogs = new DialogSet(options.conversationState.createProperty<DialogState>('DialogState'));
    this.dialogs.add(options.dialog);
    this.rootId = options.dialog.id;
    this.profile = options.userState.createProperty<UserProfile>('UserProfile');
    this.seen = options.conversationState.createProperty<boolean>('UserCounted');
    this.clock = options.clock ?? (() => new Date());

    this.onMessage(async (context, next) => {
      await this.countConversation(context);
      // botbuilder builds the dialog memory-scope configuration on every turn; it is the same every
      // time, so build it once and hand it over.
      if (this.dialogConfiguration)
        context.turnState.set(DIALOG_STATE_MANAGER_CONFIGURATION, this.dialogConfiguration);
      const dc = await this.dialogs.createContext(context);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.rootId);
      this.dialogConfiguration ??= context.turnState.get(DIALOG_STATE_MANAGER_CONFIGURATION);
      await next();
    });
    this.onEndOfConversation(async (context, next) => {
      await options.conversationState.delete(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.options.conversationState.saveChanges(context, false);
    await this.options.userState.saveChanges(context, false);
  }

  /**
   * Keeps a count of the visitor's conversations. The user's state is read and written once per
   * conversation, not per message: a flag in the conversation's state says it was done.
   */
  private async countConversation(context: TurnContext): Promise<void> {
    const seen = await this.seen.get(context, false);
    if (seen) return;
    await this.seen.set(context, true);
    const profile = await this.profile.get(context, {});
    const conversationId = context.activity.conversation?.id;
    if (!conversationId || profile.lastConversationId === conversationId) return;
    profile.conversations = (profile.conversations ?? 0) + 1;
    profile.lastConversationId = conversationId;
    profile.firstSeenAt ??= this.clock().toISOString();
  }
}
