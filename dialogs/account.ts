/** Account changes for verified customers: email or delivery address, always confirmed before saving. */
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { StoreError } from '../crm';
import { ChoiceInputPrompt, ConfirmInputPrompt, InputPrompt, topicSwitched } from './prompts';
import { reply } from './replies';
import { DialogIds, PromptIds, TALK_TO_A_PERSON, type ChildResult } from './results';
import { valuesOf } from './results';
import type { DialogServices } from './services';
import { findEmail, maskEmail } from './text';
import { turnInfoOf } from './turn-info';

export type AccountField = 'email' | 'address';

export interface AccountOptions {
  field?: AccountField;
}

export const AccountTexts = {
  notVerified:
    "For your security I can only change account details when you're signed in. Please sign in on our site and open the chat again — or a person from our team can help.",
  whichField: 'What would you like to change?',
  askEmail: "What's the new email address?",
  retryEmail: "That doesn't look like an email address. Could you type it again, like name@example.com?",
  askAddress:
    "What's the new delivery address? Please write it on one line: street and number, postcode, city and country.",
  retryAddress: 'I need the full address on one line, including the house number and postcode.',
  sameEmail: "That's already the email on your account, so nothing needs to change.",
  confirmEmail: (from: string, to: string) => `Change your account email from ${from} to ${to}?`,
  confirmAddress: (address: string) => `Change your delivery address to “${address}”?`,
  confirmAgain: "Sorry, I didn't catch that. Shall I make the change?",
  unchanged: "OK, I've left your details as they are.",
  emailChanged: (to: string) => `Done — your account email is now ${to}.`,
  emailFailed:
    "Sorry, I couldn't save that email address. Please check it, or a person from our team can help.",
  addressChanged: (ref: string, open: string[]) =>
    `Done — I've passed your new address to our team (reference ${ref}).${open.length ? ` It will also be used for order${open.length > 1 ? 's' : ''} ${open.join(', ')}, which ${open.length > 1 ? "haven't" : "hasn't"} shipped yet.` : ' It will be used for your next orders.'}`,
};

export class AccountDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(DialogIds.account);
    const own = { ownIntents: ['account.email_change', 'address.change'] };
    this.addDialog(new ChoiceInputPrompt(PromptIds.accountField, own));
    this.addDialog(new InputPrompt(PromptIds.newEmail, (ctx) => findEmail(ctx.activity.text ?? ''), own));
    this.addDialog(new InputPrompt(PromptIds.newAddress, (ctx) => readAddress(ctx.activity.text ?? ''), own));
    this.addDialog(new ConfirmInputPrompt(PromptIds.accountConfirm, own));
    this.addDialog(
      new WaterfallDialog('account.steps', [
        (step) => this.fieldStep(step),
        (step) => this.valueStep(step),
        (step) => this.confirmStep(step),
        (step) => this.saveStep(step),
      ]),
    );
    this.initialDialogId = 'account.steps';
  }

  private async fieldStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (!turnInfoOf(step.context).customerId) {
      await step.context.sendActivity(reply(AccountTexts.notVerified, { quickReplies: [TALK_TO_A_PERSON] }));
      return step.endDialog({} satisfies ChildResult);
    }
    const field = ((step.options ?? {}) as AccountOptions).field;
    if (field) return step.next(field);
    return step.prompt(PromptIds.accountField, {
      prompt: AccountTexts.whichField,
      retryPrompt: 'Tap "Email address" or "Delivery address".',
      choices: [
        {
          value: 'email',
          action: { type: 'imBack', title: 'Email address', value: 'Email address' },
          synonyms: ['email', 'e-mail', 'mail', 'my email'],
        },
        {
          value: 'address',
          action: { type: 'imBack', title: 'Delivery address', value: 'Delivery address' },
          synonyms: ['address', 'shipping address', 'postal address', 'my address', 'home address'],
        },
      ],
    });
  }

  private async valueStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (topicSwitched(step.context)) return step.endDialog({ reroute: true } satisfies ChildResult);
    const field = step.result as AccountField | undefined;
    if (!field) {
      await step.context.sendActivity(AccountTexts.unchanged);
      return step.endDialog({} satisfies ChildResult);
    }
    valuesOf(step).field = field;
    return field === 'email'
      ? step.prompt(PromptIds.newEmail, {
          prompt: AccountTexts.askEmail,
          retryPrompt: AccountTexts.retryEmail,
        })
      : step.prompt(PromptIds.newAddress, {
          prompt: AccountTexts.askAddress,
          retryPrompt: AccountTexts.retryAddress,
        });
  }

  private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (topicSwitched(step.context)) return step.endDialog({ reroute: true } satisfies ChildResult);
    const value = step.result as string | undefined;
    if (!value) {
      await step.context.sendActivity(AccountTexts.unchanged);
      return step.endDialog({} satisfies ChildResult);
    }
    valuesOf(step).value = value;
    const choices = [
      { value: 'yes', action: { type: 'imBack', title: 'Yes, change it', value: 'Yes, change it' } },
      { value: 'no', action: { type: 'imBack', title: 'No, keep it', value: 'No, keep it' } },
    ];
    if (valuesOf(step).field === 'email') {
      const profile = await this.services.profiles.get(turnInfoOf(step.context).customerId!);
      const current = profile?.customer.email ?? '';
      if (current.toLowerCase() === value.toLowerCase()) {
        await step.context.sendActivity(AccountTexts.sameEmail);
        return step.endDialog({} satisfies ChildResult);
      }
      return step.prompt(PromptIds.accountConfirm, {
        prompt: AccountTexts.confirmEmail(maskEmail(current), value),
        retryPrompt: AccountTexts.confirmAgain,
        choices,
      });
    }
    return step.prompt(PromptIds.accountConfirm, {
      prompt: AccountTexts.confirmAddress(value),
      retryPrompt: AccountTexts.confirmAgain,
      choices,
    });
  }

  private async saveStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (topicSwitched(step.context)) return step.endDialog({ reroute: true } satisfies ChildResult);
    if (step.result !== 'yes') {
      await step.context.sendActivity(AccountTexts.unchanged);
      return step.endDialog({} satisfies ChildResult);
    }
    const info = turnInfoOf(step.context);
    const customerId = info.customerId!;
    const value = valuesOf(step).value as string;
    if (valuesOf(step).field === 'email') {
      try {
        await this.services.care.changeEmail(customerId, value);
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        await step.context.sendActivity(
          reply(AccountTexts.emailFailed, { quickReplies: [TALK_TO_A_PERSON] }),
        );
        return step.endDialog({} satisfies ChildResult);
      }
      await step.context.sendActivity(AccountTexts.emailChanged(value));
      return step.endDialog({} satisfies ChildResult);
    }
    const profile = await this.services.profiles.get(customerId);
    const open = (profile?.recentOrders ?? []).filter((o) => o.status === 'processing').map((o) => o.number);
    const ticket = await this.services.care.requestAddressChange({
      customerId,
      conversationId: info.conversation.id,
      address: value,
      openOrders: open,
    });
    await step.context.sendActivity(
      AccountTexts.addressChanged(
        `T-${ticket.id
          .replace(/[^A-Za-z0-9]/g, '')
          .slice(0, 6)
          .toUpperCase()}`,
        open,
      ),
    );
    return step.endDialog({} satisfies ChildResult);
  }
}

/** A one-line postal address: some letters, a number, and at least three parts. */
export function readAddress(text: string): string | undefined {
  const t = text.trim().replace(/\s+/g, ' ');
  if (t.length < 10 || t.length > 300 || !/\d/.test(t) || !/\p{L}{2}/u.test(t)) return undefined;
  const parts = t.split(/[,\n]| {2,}/).filter((p) => p.trim());
  return parts.length >= 2 || t.split(' ').length >= 4 ? t : undefined;
}
