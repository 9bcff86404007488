/**
 * What admins change while the service runs, applied without a restart: the intents' written
 * answers and "always human" flags (read by the dialogs), and the settings documents (bot settings:
 * escalation policy and business hours to the handoff, thresholds, greeting; entity definitions).
 * Each can be read again at any time and tells whether anything changed, so a node of several can
 * follow what an admin changed on another (server/cluster).
 */
import { GreetingTexts } from '../../dialogs';
import { DEFAULT_POLICY, businessHours, type HandoffService } from '../../handoff';
import { CustomEntityMatcher } from '../../nlp';
import { DEFAULT_BOT_SETTINGS, type BotSettings, type Entities } from '../../protocol/admin';
import type { SettingsDocument, Store } from '../../store/ports';
import { BOT_SETTINGS_KEY, ENTITIES_KEY } from '../admin';

/**
 * Intent name → written answers, and the intents always handed to a person; refilled in place.
 * Reloads run one at a time (a slower read never puts older intents over newer ones).
 */
export class LiveIntentSettings {
  readonly responses = new Map<string, readonly string[]>();
  readonly alwaysHuman = new Set<string>();
  /** What the maps were filled from, to tell whether a reload changed anything. */
  private filledFrom: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: Pick<Store, 'intents'>) {}

  /** Reads the intents again; resolves true when the answers or "always human" flags changed. */
  reload(): Promise<boolean> {
    const run = this.queue.then(() => this.reloadNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async reloadNow(): Promise<boolean> {
    const intents = await this.store.intents.list();
    const used = JSON.stringify(
      intents.map((intent) => [intent.name, intent.responses, intent.settings.alwaysHuman === true]),
    );
    if (used === this.filledFrom) return false;
    // No await from here on: a turn never sees the map half refilled.
    this.responses.clear();
    for (const intent of intents) this.responses.set(intent.name, intent.responses);
    this.alwaysHuman.clear();
    for (const intent of intents) if (intent.settings.alwaysHuman) this.alwaysHuman.add(intent.name);
    this.filledFrom = used;
    return true;
  }
}

/**
 * The settings documents as this node applied them, each by its version. `apply(key)` reads one
 * document and applies it unless this node applied that version already; `sync()` does so for every
 * key (what another node saved). Reads and applies run one at a time, so a slower read never puts an
 * older document over a newer one.
 */
export class LiveSettingsDocuments {
  private readonly applied = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Pick<Store, 'settings'>,
    /** Per key, what applying a document of that key does (synchronous: the next turn sees all of it). */
    private readonly appliers: Readonly<Record<string, (document: SettingsDocument) => void>>,
  ) {}

  /** Reads `key` and applies it if its version is new here; resolves true when it applied. */
  apply(key: string): Promise<boolean> {
    return this.exclusive(() => this.applyNow(key));
  }

  /** `apply` for every key; resolves with the keys applied. */
  sync(): Promise<string[]> {
    return this.exclusive(async () => {
      const applied: string[] = [];
      for (const key of Object.keys(this.appliers)) if (await this.applyNow(key)) applied.push(key);
      return applied;
    });
  }

  private async applyNow(key: string): Promise<boolean> {
    const apply = Object.hasOwn(this.appliers, key) ? this.appliers[key] : undefined;
    if (!apply) return false;
    const document = await this.store.settings.get(key);
    if (!document) return false;
    const stamp = `${document.version}@${document.updatedAt}`;
    if (this.applied.get(key) === stamp) return false;
    apply(document);
    this.applied.set(key, stamp);
    return true;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Where the bot settings go. */
/**
 * What the bot settings are before anyone saved them: what the service does then (its built-in
 * greeting for the shop, the escalation policy's defaults, the team around the clock). The admin
 * page shows these, so a first save that changes nothing also changes nothing the customer sees.
 */
export function botSettingsDefaults(shopName: string): BotSettings {
  const policy = DEFAULT_POLICY;
  return {
    ...DEFAULT_BOT_SETTINGS,
    greeting: GreetingTexts.visitor(shopName),
    escalation: {
      fallbackLimit: policy.fallbackLimit,
      sentimentThreshold: policy.sentimentThreshold,
      sentimentMinTurns: policy.sentimentMinTurns,
      frustrationLimit: policy.frustrationLimit,
      handOverFallingMood: policy.handOverFallingMood,
    },
  };
}

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
  applyBotSettingsDocument(saved, targets);
  return true;
}

/** Applies one saved bot settings document (see applyBotSettings). */
export function applyBotSettingsDocument(saved: SettingsDocument, targets: BotSettingsTargets): void {
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
}

/** Applies the saved entity definitions (if any): the admin's lists and patterns join every analysis. */
export async function applyEntitySettings(
  store: Pick<Store, 'settings'>,
  setCustomEntities: (matcher: CustomEntityMatcher | undefined) => void,
): Promise<boolean> {
  const saved = await store.settings.get(ENTITIES_KEY);
  if (!saved) return false;
  applyEntitySettingsDocument(saved, setCustomEntities);
  return true;
}

/** Applies one saved entity definitions document (see applyEntitySettings). */
export function applyEntitySettingsDocument(
  saved: SettingsDocument,
  setCustomEntities: (matcher: CustomEntityMatcher | undefined) => void,
): void {
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
}
