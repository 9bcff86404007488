/**
 * The dialog harness with the handoff exactly as the service composes it (server/compose/handoff.ts:
 * the policy middleware around the dialogs, the handoff escalator), the policy's live mood settings
 * given to the dialogs, and the demo team online, so an escalation is taken at once ("I'm connecting
 * you…").
 */
import type { Middleware } from 'botbuilder';
import pino from 'pino';
import type { SupportBotDependencies } from '../../bot';
import { profileOf, type PolicyConfig } from '../../handoff';
import { composeHandoff, type ComposedHandoff } from '../../server/compose/handoff';
import { demoUsers } from '../../server/seed';
import { createBotHarness, type BotHarness, type ReplySummary } from '../helpers/bot-harness';

export interface HandoffBot {
  h: BotHarness;
  handoff: ComposedHandoff;
  close(): Promise<void>;
}

export async function startHandoffBot(
  policy: Partial<PolicyConfig> = {},
  overrides: Partial<SupportBotDependencies> = {},
): Promise<HandoffBot> {
  // The handoff needs the harness's store, which exists once the harness does: bound late.
  const late: { handoff?: ComposedHandoff; policy?: Middleware } = {};
  const h = await createBotHarness({
    ...overrides,
    escalator: { escalate: (context, request) => late.handoff!.escalator.escalate(context, request) },
    // The policy's mood settings as the admin left them (what server/start.ts should pass too).
    mood: () => late.handoff!.service.policy.config,
    middleware: [{ onTurn: (context, next) => late.policy!.onTurn(context, next) }],
  });
  const composed = composeHandoff({ store: h.store, logger: pino({ level: 'silent' }) });
  late.handoff = composed;
  composed.service.configure({ policy });
  late.policy = composed.policy({
    get: (context, defaults) => h.parley.services.conversationData.get(context, defaults),
  });
  for (const { email } of demoUsers) {
    const user = await h.store.users.getByEmail(email);
    composed.service.presence.connect(profileOf(user!), `console-${email}`);
  }
  return {
    h,
    handoff: composed,
    async close() {
      composed.stop();
      await h.close();
    },
  };
}

export const CONNECTING = /^I'm connecting you with a person from our team now\./;

/** True when the replies to one message both ask the customer something and hand the chat over. */
export function asksAndHandsOver(replies: ReplySummary[]): boolean {
  const handsOver = replies.some((r) => r.event === 'handoff.initiate' || CONNECTING.test(r.text ?? ''));
  const asks = replies.some((r) => r.text?.includes('?') && !CONNECTING.test(r.text));
  return handsOver && asks;
}
