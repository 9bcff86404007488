/**
 * The router: every customer message comes here first. Interruptions ("cancel", "help", "talk to a
 * human") work at any step of any dialog — but a message that answers the waiting prompt is its
 * answer, whatever the intent model reads into it; otherwise the active dialog continues, and a
 * message with no dialog waiting is routed by intent to FAQ, order status, returns, account,
 * recommendations, small talk or the fallback. A message in a language the intents do not cover gets
 * a note in that language instead of a guess. An upset message gets one answer, never a question
 * and a handover notice (see ./upset). It never ends: it is the root of the dialog stack.
 */
import {
  ComponentDialog,
  Dialog,
  DialogTurnStatus,
  type DialogContext,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';
import { DEFAULT_POLICY } from '../handoff';
import { firstName, mostRelevantOrder } from '../crm';
import { AccountDialog, type AccountOptions } from './account';
import { CsatDialog } from './csat';
import { FaqDialog, type FaqOptions } from './faq';
import { GreetingDialog } from './greeting';
import { detectInterruption } from './interruptions';
import { languageNote, unsupportedLanguage } from './languages';
import { OrderStatusDialog, type OrderStatusOptions } from './order-status';
import { askAboutPerson, personAnswer, takePersonQuestion } from './person-question';
import { RecommendDialog } from './recommend';
import { TOPIC_SWITCH_KEY, answersActivePrompt } from './prompts';
import { reply } from './replies';
import { DialogIds, PromptIds, type ChildResult } from './results';
import { ReturnsDialog, type ReturnsOptions } from './returns';
import type { DialogServices } from './services';
import { SmallTalkTexts, isHowAreYou } from './small-talk';
import { mentionsOtherOrder } from './text';
import { DEFAULT_TOPICS } from './topics';
import { decorateOutbound, turnInfoOf, type ConversationData } from './turn-info';
import { NONE_INTENT, firstEntity, isOutOfScope, understandingOf, type Understanding } from './understanding';
import {
  UpsetTexts,
  closeUpsetOffer,
  isUpset,
  moodTriggerDue,
  openUpsetOffer,
  upsetApologised,
} from './upset';

export const MainTexts = {
  help: 'I can check on an order, help with returns and refunds, change your email or delivery address, answer questions about shipping, payments and products, and suggest things you might like. Just ask — or say "talk to a person" any time.',
  helpSuffix: 'You can also say "cancel" to stop, or "talk to a person".',
  cancelled: "OK, I've stopped that. What else can I help you with?",
  nothingToCancel:
    'There\'s nothing to cancel right now. If you\'d like to cancel an order, say "cancel my order".',
  fallback: "Sorry, I didn't quite get that. Could you put it another way, or pick one of these?",
  fallbackTwice: "I'm sorry, I'm still not getting it. Would you like me to bring in a person from our team?",
  rephrase: "No problem — try asking in a different way and I'll do my best.",
  /** The fallback for a message the bot does not handle at all (no help article is a near miss). */
  outOfScope:
    "Sorry, that's outside what I can help with here. I can check on an order, help with returns and refunds, and answer questions about shipping, payments, sizes and your account.",
  /** A message that may be asking for a person, not sure enough to hand over on its own. */
  offerPerson: 'Would you like me to connect you with a person from our team?',
  noPerson: 'No problem. What can I help you with?',
  thanks: "You're welcome! Is there anything else I can help with?",
  goodbye: (name?: string) => `Thanks for chatting with us${name ? `, ${name}` : ''}. Take care!`,
};

/** Help for the prompt the customer is looking at. */
const PROMPT_HELP: Record<string, string> = {
  [PromptIds.orderChoice]:
    "I'm checking which order you mean: tap yes, or type the order number (an A and four digits, like A1042).",
  [PromptIds.orderNumber]:
    "I need the order number to look it up: an A followed by four digits, like A1042. It's in your order confirmation email.",
  [PromptIds.orderEmail]:
    "Because you're not signed in, I need the email address the order was placed with — that way nobody else can see your order details.",
  [PromptIds.returnItem]: "I'm setting up a return and need to know which item goes back.",
  [PromptIds.returnCondition]:
    "We can take back items that are unused with their tags still on. If it arrived damaged or is faulty, just say so: that's covered whether it was used or not.",
  [PromptIds.returnConfirm]:
    "Say yes and I'll open the return and email you a label; say no and nothing happens.",
  [PromptIds.accountField]: 'I can change the email address on your account or your delivery address.',
  [PromptIds.newEmail]: "Type the new email address you'd like on your account, like name@example.com.",
  [PromptIds.newAddress]:
    'Type the full new delivery address on one line: street and number, postcode, city and country.',
  [PromptIds.accountConfirm]:
    'Say yes to save the change, or no to keep things as they are. Nothing changes until you say yes.',
  [PromptIds.greetingOrder]: 'Say yes if your question is about that order, or tell me what else you need.',
  [PromptIds.csatScore]:
    "I'd love to know how this chat went: 1 is poor, 5 is great. You can also just carry on.",
};

const INTENT_ROUTES: Record<string, string> = {
  'order.status': DialogIds.orderStatus,
  'refund.status': DialogIds.orderStatus,
  'return.item': DialogIds.returns,
  'account.email_change': DialogIds.account,
  'address.change': DialogIds.account,
  'product.recommend': DialogIds.recommend,
  'smalltalk.greeting': DialogIds.greeting,
};

const TIER_PRIORITY: Record<string, number> = { standard: 0, silver: 1, gold: 2, platinum: 3 };
const ENDING =
  /^(?:that'?s all|thats it|that is all|nothing else|no thanks?,? (?:that'?s|i'?m) (?:all|good|fine)|all good|i'?m done)\b/i;
const REROUTED = 'parley.rerouted';
const GREET_HOOK = 'parley.greetHook';
/** Turn state: the policy's mood trigger is due for this message. */
const MOOD_DUE = 'parley.moodDue';
/** Turn state: the message is upset (by the policy's mood settings). */
const UPSET = 'parley.upset';
/** Turn state: the message is upset and this stretch of upset messages already had the offer of a person. */
const UPSET_AGAIN = 'parley.upsetAgain';
/** Upset messages with these intents are complaints: a person is offered, never a help article. */
const COMPLAINT_INTENTS = new Set(['complaint', 'human.agent', NONE_INTENT]);

export class MainDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(DialogIds.main);
    this.addDialog(new FaqDialog(services));
    this.addDialog(new OrderStatusDialog(services));
    this.addDialog(new ReturnsDialog(services));
    this.addDialog(new AccountDialog(services));
    this.addDialog(new RecommendDialog(services));
    this.addDialog(new GreetingDialog(services));
    this.addDialog(new CsatDialog(services));
  }

  protected override async onBeginDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return this.answering(innerDc, async () => {
      await this.route(innerDc);
    });
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    if (innerDc.context.activity.type !== 'message') return Dialog.EndOfTurn;
    return this.answering(innerDc, () => this.continueTurn(innerDc));
  }

  /**
   * Runs the router's work on a message, so that an upset message gets one answer (see ./upset):
   * whatever the bot says to an upset customer offers a person too, and when the policy's mood trigger
   * is due, a person takes over before the router starts anything new (see `route`).
   */
  private async answering(innerDc: DialogContext, work: () => Promise<void>): Promise<DialogTurnResult> {
    const { context } = innerDc;
    const u = understandingOf(context);
    const mood = this.services.mood?.() ?? DEFAULT_POLICY;
    const data = await this.services.conversationData.get(context, {});
    const upset = context.activity.type === 'message' && isUpset(u, mood);
    // A calm message ends the stretch of upset ones: the next upset message hears sorry again.
    const again = upset && data.upsetOffered === true;
    context.turnState.set(UPSET, upset);
    context.turnState.set(UPSET_AGAIN, again);
    takePersonQuestion(context, data);
    context.turnState.set(MOOD_DUE, moodTriggerDue(context));
    openUpsetOffer(context, u, mood, again);
    try {
      await work();
    } finally {
      closeUpsetOffer(context);
      data.upsetOffered =
        upset && upsetApologised(context) && turnInfoOf(context).conversation.state === 'bot';
    }
    return Dialog.EndOfTurn;
  }

  /**
   * The mood trigger is due and the message asks for something new: a person takes it now, so the
   * customer is not asked a question that a handover notice then overtakes. (At a waiting prompt, see
   * `handOverAtPrompt`.)
   */
  private async handOverOnMood(context: TurnContext, intent: string): Promise<boolean> {
    if (context.turnState.get(MOOD_DUE) !== true) return false;
    return this.handOverUpset(context, intent);
  }

  /**
   * An upset message that does not answer the waiting question is not asked again when the mood
   * trigger is due, or when this stretch of upset messages already had the offer of a person (the
   * handoff then waits for the customer's choice, and asking again is a loop): a person takes over.
   */
  private async handOverAtPrompt(dc: DialogContext): Promise<boolean> {
    const { context } = dc;
    if (context.turnState.get(UPSET) !== true) return false;
    if (context.turnState.get(MOOD_DUE) !== true && context.turnState.get(UPSET_AGAIN) !== true) return false;
    if (!(await this.handOverUpset(context, understandingOf(context).topIntent.intent))) return false;
    await dc.cancelAllDialogs();
    return true;
  }

  /** Sorry and a person, now; false when nobody could take it (the bot answers after all). */
  private async handOverUpset(context: TurnContext, intent: string): Promise<boolean> {
    context.turnState.set(MOOD_DUE, false);
    closeUpsetOffer(context);
    await context.sendActivity(UpsetTexts.handingOver);
    await this.escalate(context, 'frustration', intent);
    // Nobody could take it (the customer already declined the email offer): the bot answers after all.
    return turnInfoOf(context).conversation.state !== 'bot';
  }

  private async continueTurn(innerDc: DialogContext): Promise<void> {
    const u = understandingOf(innerDc.context);
    // An answer that fits the waiting prompt is that answer: only explicit phrases interrupt it.
    const answers = innerDc.activeDialog ? await answersActivePrompt(innerDc) : false;
    const foreign = unsupportedLanguage(u, this.services.languages);
    const interruption = detectInterruption(u, { explicitOnly: answers || foreign !== undefined });
    if (interruption === 'human') {
      await innerDc.cancelAllDialogs();
      await this.escalate(innerDc.context, 'customer_request', u.topIntent.intent);
      return;
    }
    if (interruption === 'cancel') {
      if (innerDc.activeDialog) {
        await innerDc.cancelAllDialogs();
        await innerDc.context.sendActivity(reply(MainTexts.cancelled, { quickReplies: DEFAULT_TOPICS }));
      } else {
        await innerDc.context.sendActivity(MainTexts.nothingToCancel);
      }
      return;
    }
    if (interruption === 'help') {
      if (innerDc.activeDialog) {
        const specific = PROMPT_HELP[deepestDialogId(innerDc)] ?? '';
        await innerDc.context.sendActivity(`${specific} ${MainTexts.helpSuffix}`.trim());
        await innerDc.repromptDialog();
      } else {
        await innerDc.context.sendActivity(reply(MainTexts.help, { quickReplies: DEFAULT_TOPICS }));
      }
      return;
    }
    if (innerDc.activeDialog && !answers && !foreign && (await this.handOverAtPrompt(innerDc))) return;
    if (innerDc.activeDialog) {
      if (foreign && !answers) {
        // The prompt keeps waiting (no attempt used): the customer can go on in English or ask for a person.
        await innerDc.context.sendActivity(languageNote(foreign));
        return;
      }
      const result = await innerDc.continueDialog();
      if (result.status === DialogTurnStatus.complete || result.status === DialogTurnStatus.cancelled)
        await this.afterChild(innerDc, result.result as ChildResult | undefined);
      return;
    }
    await this.route(innerDc);
  }

  /** Routes the turn's message by intent. */
  private async route(dc: DialogContext): Promise<void> {
    const { context } = dc;
    const u = understandingOf(context);
    const info = turnInfoOf(context);
    const data = await this.services.conversationData.get(context, {});
    const intent = u.topIntent.intent;
    const foreign = unsupportedLanguage(u, this.services.languages);
    const smallTalk =
      !foreign && (intent === NONE_INTENT || intent.startsWith('smalltalk.')) && isHowAreYou(u.text);

    if (info.customerId && !data.greeted) {
      data.greeted = true;
      if (intent !== 'smalltalk.greeting' || smallTalk)
        await this.greetByNameOnFirstReply(context, info.customerId);
    }

    // In a language the intents do not cover, the model's reading is noise: only explicit phrases count.
    const interruption = detectInterruption(u, { explicitOnly: foreign !== undefined });
    if (interruption === 'human') return this.escalate(context, 'customer_request', intent);
    if (interruption === 'cancel') {
      await context.sendActivity(MainTexts.nothingToCancel);
      return;
    }
    if (foreign) {
      await context.sendActivity(languageNote(foreign));
      return;
    }
    if (await this.answerPersonQuestion(context, u)) return;
    if (interruption === 'help' || (intent === 'help' && /\bhelp\b/i.test(u.text))) {
      await context.sendActivity(reply(MainTexts.help, { quickReplies: DEFAULT_TOPICS }));
      return;
    }
    if (smallTalk) {
      data.misses = 0;
      await context.sendActivity(reply(SmallTalkTexts.howAreYou, { quickReplies: DEFAULT_TOPICS }));
      return;
    }
    if (intent !== NONE_INTENT && this.services.alwaysHuman?.has(intent))
      return this.escalate(context, `always_human:${intent}`, intent);
    if (intent !== NONE_INTENT && (await this.handOverOnMood(context, intent))) return;
    if (context.turnState.get(UPSET) === true && COMPLAINT_INTENTS.has(intent)) {
      // Upset again after the offer of a person: they are not offered it once more, a person takes over.
      if (context.turnState.get(UPSET_AGAIN) === true && (await this.handOverUpset(context, intent))) return;
      data.misses = 0;
      return askAboutPerson(context, data, UpsetTexts.complaint, 'offer');
    }

    if (ENDING.test(u.text.trim()) || intent === 'smalltalk.goodbye') return this.goodbye(dc, data);
    if (intent === 'smalltalk.thanks') {
      data.misses = 0;
      await context.sendActivity(MainTexts.thanks);
      return;
    }

    // Not sure enough to hand over on its own (see ./interruptions): ask, rather than send the intent's
    // written answer, which promises a handover nobody starts.
    if (intent === 'human.agent') {
      data.misses = 0;
      return askAboutPerson(context, data, MainTexts.offerPerson, 'offer');
    }
    const target = INTENT_ROUTES[intent];
    if (target) {
      data.misses = 0;
      return this.start(dc, target, this.optionsFor(target, intent, u));
    }
    if (intent !== NONE_INTENT) {
      data.misses = 0;
      return this.start(dc, DialogIds.faq, { query: u.text, intent } satisfies FaqOptions);
    }
    // Nothing confident: an order number on its own, or "what about my other order?", still means
    // "look this up".
    if (firstEntity(u, 'order_number') || mentionsOtherOrder(u.text))
      return this.start(dc, DialogIds.orderStatus, {});
    // Not something the bot handles: the nearest help article would answer a question nobody asked.
    if (isOutOfScope(u)) return this.fallback(dc, data, { outOfScope: true });
    // Unsure, but in scope: the knowledge base may still know (it searches text, not intents).
    if (this.services.knowledge) return this.start(dc, DialogIds.faq, { query: u.text } satisfies FaqOptions);
    return this.fallback(dc, data);
  }

  private optionsFor(dialogId: string, intent: string, u: Understanding): object {
    const orderNumber = firstEntity(u, 'order_number')?.value as string | undefined;
    if (dialogId === DialogIds.orderStatus) return { orderNumber } satisfies OrderStatusOptions;
    if (dialogId === DialogIds.returns) return { orderNumber } satisfies ReturnsOptions;
    if (dialogId === DialogIds.account)
      return { field: intent === 'address.change' ? 'address' : 'email' } satisfies AccountOptions;
    return {};
  }

  private async start(dc: DialogContext, dialogId: string, options: object): Promise<void> {
    const result = await dc.beginDialog(dialogId, options);
    if (result.status === DialogTurnStatus.complete)
      await this.afterChild(dc, result.result as ChildResult | undefined);
  }

  private async afterChild(dc: DialogContext, result: ChildResult | undefined): Promise<void> {
    if (!result) return;
    const data = await this.services.conversationData.get(dc.context, {});
    if (result.reroute) {
      // At most once per turn, so two dialogs can never bounce a message between them.
      if (dc.context.turnState.get(REROUTED)) return this.fallback(dc, data);
      dc.context.turnState.set(REROUTED, true);
      dc.context.turnState.delete(TOPIC_SWITCH_KEY); // the switch is handled: the next dialog starts afresh
      return this.route(dc);
    }
    if (result.next) return this.start(dc, result.next.dialogId, result.next.options ?? {});
    if (result.escalate) return this.escalate(dc.context, result.escalate.reason);
    if (result.miss) return this.fallback(dc, data);
  }

  /** `outOfScope`: the message is not something the bot handles; it says so and what it can do. */
  private async fallback(
    dc: DialogContext,
    data: ConversationData,
    options: { outOfScope?: boolean } = {},
  ): Promise<void> {
    data.misses = (data.misses ?? 0) + 1;
    const u = understandingOf(dc.context);
    if (data.misses >= 2 || u.sentiment.frustration) {
      await askAboutPerson(dc.context, data, MainTexts.fallbackTwice, 'fallback', "No thanks, I'll rephrase");
      return;
    }
    const text = options.outOfScope ? MainTexts.outOfScope : MainTexts.fallback;
    await dc.context.sendActivity(reply(text, { quickReplies: DEFAULT_TOPICS }));
  }

  /** "Yes" to the question whether they want a person hands over; "no thanks" carries on with the bot. */
  private async answerPersonQuestion(context: TurnContext, u: Understanding): Promise<boolean> {
    const answer = ENDING.test(u.text.trim()) ? undefined : personAnswer(context, u.text);
    if (!answer) return false;
    if (answer.yes) {
      await this.escalate(context, 'customer_request', 'human.agent');
      return true;
    }
    const text = answer.asked === 'fallback' ? MainTexts.rephrase : MainTexts.noPerson;
    await context.sendActivity(reply(text, { quickReplies: DEFAULT_TOPICS }));
    return true;
  }

  private async goodbye(dc: DialogContext, data: ConversationData): Promise<void> {
    const info = turnInfoOf(dc.context);
    const profile = info.customerId ? await this.services.profiles.get(info.customerId) : null;
    await dc.context.sendActivity(MainTexts.goodbye(profile ? firstName(profile.customer) : undefined));
    if (!data.csatAsked) await this.start(dc, DialogIds.csat, {});
  }

  private async escalate(context: TurnContext, reason: string, intent?: string): Promise<void> {
    // The notices about the handover are the answer: no offer of a person on them.
    closeUpsetOffer(context);
    const info = turnInfoOf(context);
    const u = understandingOf(context);
    const profile = info.customerId ? await this.services.profiles.get(info.customerId) : null;
    const priority =
      (profile ? (TIER_PRIORITY[profile.customer.tier] ?? 0) : 0) + (u.sentiment.frustration ? 1 : 0);
    const notes: string[] = [];
    if (profile) {
      const order = mostRelevantOrder(profile.recentOrders, info.now);
      if (order) notes.push(`Most relevant order: ${order.number} (${order.status})`);
      if (profile.openTickets.length)
        notes.push(`Open tickets: ${profile.openTickets.map((t) => t.subject).join('; ')}`);
    }
    await this.services.escalator.escalate(context, {
      reason,
      intent: intent && intent !== NONE_INTENT ? intent : undefined,
      priority,
      customerId: info.customerId,
      conversationId: info.conversation.id,
      notes,
    });
  }

  /** "Hi Maya! " before the first message the bot sends to a verified customer in this conversation. */
  private async greetByNameOnFirstReply(context: TurnContext, customerId: string): Promise<void> {
    if (context.turnState.get(GREET_HOOK)) return;
    const profile = await this.services.profiles.get(customerId);
    if (!profile) return;
    const hello = `Hi ${firstName(profile.customer)}! `;
    context.turnState.set(GREET_HOOK, true);
    let done = false;
    decorateOutbound(context, (activities) => {
      if (done) return;
      const first = activities.find(
        (a) => a.type === 'message' && typeof a.text === 'string' && a.text.length > 0,
      );
      if (first) {
        first.text = hello + first.text;
        done = true;
      }
    });
  }
}

/** The innermost active dialog's id (the prompt the customer is answering). */
function deepestDialogId(dc: DialogContext): string {
  let current: DialogContext = dc;
  while (current.child) current = current.child;
  return current.activeDialog?.id ?? '';
}
