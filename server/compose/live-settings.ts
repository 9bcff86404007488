/**
 * What admins change while the service runs, applied without a restart: the intents' written
 * answers and "always human" flags (read by the dialogs), and the bot settings document (escalation
 * policy and business hours, applied to the handoff).
 */
import { businessHours, type HandoffService } from '../../handoff';
import { CustomEntityMatcher } from '../../nlp';
import type { BotSettings, Entities } from '../../protocol/admin';
import type { Store } from '../../store/ports';
import { BOT_SETTINGS_KEY, ENTITIES_KEY } from '../admin';

/** Intent name → written answers, and the intents always handed to a person; refilled in place. */
export class LiveIntentSettings {
  readonly responses = new Map<string, readonly string[]>();
  readonly alwaysHuman = new Set<string>();

  constructor(private readonly store: Pick<Store, 'intents'>) {}

  async reload(): Promise<void> {
    const intents = await this.store.intents.list();
    // No await from here on: a turn never sees the map half refilled.
    this.responses.clear();
    for (const intent of intents) this.responses.set(intent.name, intent.responses);
    this.alwaysHuman.clear();
    for (const intent of intents) if (intent.settings.alwaysHuman) this.alwaysHuman.add(intent.name);
  }
}

/** Where the bot settings go. */
export interface BotSettingsTargets {
  handoff: Pick<HandoffService, 'configure'>;
  /** The intent confidence below which the bot falls back (undefined: the calibrated one). */
  setIntentThreshold(threshold: number | undefined): void;
  /** The knowledge-base confidence below which no article answers (undefined: the default). */
  setKnowledgeThreshold(threshold: number | undefined): void;
  /** What the bot says to a visitor who greets it. */
  setGreeting(greeting: string): void;
}

/**
 * Applies the saved bot settings (if any): escalation thresholds and business hours to the handoff,
 * the intent threshold to the live language model, the answer threshold to the knowledge base, the
 * greeting to the dialogs.
 */
export async function applyBotSettings(
  store: Pick<Store, 'settings'>,
  targets: BotSettingsTargets,
): Promise<boolean> {
  const saved = await store.settings.get(BOT_SETTINGS_KEY);
  if (!saved) return false;
  const settings = saved.value as unknown as BotSettings;
  const { escalation, businessHours: hours } = settings;
  targets.setIntentThreshold(settings.intentThreshold);
  targets.setKnowledgeThreshold(settings.knowledgeThreshold);
  targets.setGreeting(settings.greeting);
  targets.handoff.configure({
    policy: {
      fallbackLimit: escalation.fallbackLimit,
      sentimentThreshold: escalation.sentimentThreshold,
      ...(escalation.sentimentMinTurns !== undefined && { sentimentMinTurns: escalation.sentimentMinTurns }),
      ...(escalation.frustrationLimit !== undefined && { frustrationLimit: escalation.frustrationLimit }),
      ...(escalation.handOverFallingMood !== undefined && {
        handOverFallingMood: escalation.handOverFallingMood,
      }),
    },
    hours: businessHours({
      timeZone: hours.timeZone,
      weekly: Object.fromEntries(
        Object.entries(hours.days).map(([day, intervals]) => [
          day,
          (intervals ?? []).map(([open, close]) => ({ open, close })),
        ]),
      ),
    }),
  });
  return true;
}

/** Applies the saved entity definitions (if any): the admin's lists and patterns join every analysis. */
export async function applyEntitySettings(
  store: Pick<Store, 'settings'>,
  setCustomEntities: (matcher: CustomEntityMatcher | undefined) => void,
): Promise<boolean> {
  const saved = await store.settings.get(ENTITIES_KEY);
  if (!saved) return false;
  const { lists, patterns } = saved.value as unknown as Entities;
  const empty = lists.length === 0 && patterns.length === 0;
  setCustomEntities(
    empty
      ? undefined
      : new CustomEntityMatcher({
          lists,
          patterns: patterns.map((p) => ({ name: p.name, pattern: new RegExp(p.pattern, p.flags) })),
        }),
  );
  return true;
}
