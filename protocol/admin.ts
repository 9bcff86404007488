/**
 * The admin REST API's payloads (`/api/admin/...`), shared by the server and the console's admin
 * pages. Request bodies are zod schemas (the server validates with them; the browser may too); the
 * responses are plain types. docs/admin-api.md and GET /api/docs describe the same thing.
 *
 * Conventions: every versioned resource carries `version`; an update or delete sends it back, either
 * as `If-Match: "<version>"` or as `version` in the body. A stale version is a 409 `conflict`, a
 * missing one a 428 `precondition_required`.
 */
import { z } from 'zod';
import {
  ARTICLE_ID_PATTERN,
  CONTENT_RULE_TEXT,
  DEFAULT_LOCALE,
  LOCALE_PATTERN,
  MAX_ALTERNATIVES,
  MAX_ARTICLE_BODY,
  MAX_LOCALE_CHARS,
  MAX_TAG_CHARS,
  MAX_TAGS,
  MAX_TITLE_CHARS,
  ONE_LINE_PATTERN,
  normalizeLineEnds,
  normalizeLocale,
} from './content-rules';

export * from './content-rules';

export const ADMIN_API_PREFIX = '/api/admin';

// ── Shared pieces ───────────────────────────────────────────────────────────────────────────────

const trimmed = (max: number) => z.string().trim().min(1).max(max);
const uniqueList = (item: z.ZodString, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((items) => new Set(items).size === items.length, 'must not repeat an entry');
/** A positive integer version as sent by a client (body field). */
export const VersionSchema = z.number().int().min(0);

// ── Intents ─────────────────────────────────────────────────────────────────────────────────────

/** Machine names such as "order.status" or "smalltalk.greet". */
export const INTENT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const MAX_UTTERANCES = 2000;
export const MAX_RESPONSES = 50;

export const IntentNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(INTENT_NAME_PATTERN, 'use letters, digits, ".", "_" or "-" (e.g. order.status)');

export const IntentSettingsSchema = z.strictObject({
  threshold: z.number().min(0).max(1).optional(),
  alwaysHuman: z.boolean().optional(),
  category: trimmed(64).optional(),
});

export const IntentInputSchema = z.strictObject({
  name: IntentNameSchema,
  utterances: uniqueList(trimmed(500), MAX_UTTERANCES),
  responses: z.array(trimmed(2000)).max(MAX_RESPONSES),
  settings: IntentSettingsSchema.default({}),
});
export type IntentInput = z.infer<typeof IntentInputSchema>;

/** PUT body: any subset of the fields, plus the version when If-Match is not used. */
export const IntentUpdateSchema = z.strictObject({
  name: IntentNameSchema.optional(),
  utterances: uniqueList(trimmed(500), MAX_UTTERANCES).optional(),
  responses: z.array(trimmed(2000)).max(MAX_RESPONSES).optional(),
  settings: IntentSettingsSchema.optional(),
  version: VersionSchema.optional(),
});
export type IntentUpdate = z.infer<typeof IntentUpdateSchema>;

export interface IntentView {
  id: string;
  name: string;
  utterances: string[];
  responses: string[];
  settings: z.infer<typeof IntentSettingsSchema>;
  version: number;
  updatedAt: string;
}

// ── Entities (settings document "entities") ───────────────────────────────────────────────────

const ENTITY_NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/;
export const EntityNameSchema = z.string().trim().min(1).max(64).regex(ENTITY_NAME, 'start with a letter');

export const EntityListSchema = z.strictObject({
  name: EntityNameSchema,
  values: z
    .array(z.strictObject({ value: trimmed(200), synonyms: z.array(trimmed(200)).max(200).default([]) }))
    .max(5000),
});

/** Only the flags a JavaScript RegExp knows, each at most once; `g` and `y` make matching stateful. */
export const PATTERN_FLAGS = /^(?!.*(.).*\1)[imsu]*$/;

export const EntityPatternSchema = z
  .strictObject({
    name: EntityNameSchema,
    pattern: z.string().min(1).max(1000),
    flags: z.string().max(4).regex(PATTERN_FLAGS, 'use the flags i, m, s, u (each once)').optional(),
  })
  .superRefine((value, ctx) => {
    try {
      new RegExp(value.pattern, value.flags);
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: ['pattern'],
        message: `not a valid regular expression: ${(error as Error).message}`,
      });
    }
  });

const uniqueNames = (items: { name: string }[]) => new Set(items.map((i) => i.name)).size === items.length;

export const EntitiesSchema = z.strictObject({
  lists: z.array(EntityListSchema).max(200).refine(uniqueNames, 'list names must be unique'),
  patterns: z.array(EntityPatternSchema).max(200).refine(uniqueNames, 'pattern names must be unique'),
});
export type Entities = z.infer<typeof EntitiesSchema>;
export const EntitiesUpdateSchema = EntitiesSchema.extend({ version: VersionSchema.optional() });
export type EntitiesView = Entities & { version: number; updatedAt: string | null };

export const DEFAULT_ENTITIES: Entities = { lists: [], patterns: [] };

/**
 * GET /api/admin/entities/built-in: the kinds the bot picks out of every message without any setup
 * (nlp/entities' EntityType, but the admin's own `custom:*`), in the order to list them.
 */
export interface BuiltInEntityKindView {
  /** The entity type as the test console and the analytics name it ("order_number"). */
  type: string;
  label: string;
  /** What it matches, in a sentence. */
  matches: string;
  example: string;
}
export interface BuiltInEntityKindsView {
  kinds: BuiltInEntityKindView[];
}

// ── Articles and FAQs ───────────────────────────────────────────────────────────────────────────

// The limits and patterns are protocol/content-rules.ts's, shared with the knowledge base's importer.
export const ArticleKindSchema = z.enum(['article', 'faq']);

/** Trimmed, 1–max characters, no line break. */
const oneLine = (max: number) => trimmed(max).regex(ONE_LINE_PATTERN, `must ${CONTENT_RULE_TEXT.oneLine}`);
export const ArticleIdSchema = z.string().trim().regex(ARTICLE_ID_PATTERN, `must ${CONTENT_RULE_TEXT.id}`);
/** A BCP 47-like tag; "en_gb" is accepted and becomes "en-GB". */
export const LocaleSchema = z
  .string()
  .trim()
  .max(MAX_LOCALE_CHARS)
  .regex(LOCALE_PATTERN, `must ${CONTENT_RULE_TEXT.locale}`)
  .transform(normalizeLocale);

const articleFields = {
  title: oneLine(MAX_TITLE_CHARS),
  body: z.string().trim().min(1).max(MAX_ARTICLE_BODY).transform(normalizeLineEnds),
  alternatives: z
    .array(oneLine(MAX_TITLE_CHARS))
    .max(MAX_ALTERNATIVES, `at most ${MAX_ALTERNATIVES} alternatives`),
  tags: z.array(oneLine(MAX_TAG_CHARS)).max(MAX_TAGS, `at most ${MAX_TAGS} tags`),
  locale: LocaleSchema,
  published: z.boolean(),
};

export const ArticleCreateSchema = z.strictObject({
  id: ArticleIdSchema.optional(),
  kind: ArticleKindSchema,
  title: articleFields.title,
  body: articleFields.body,
  alternatives: articleFields.alternatives.default([]),
  tags: articleFields.tags.default([]),
  locale: articleFields.locale.default(DEFAULT_LOCALE),
  published: articleFields.published.default(true),
});
export type ArticleCreate = z.infer<typeof ArticleCreateSchema>;

export const ArticleUpdateSchema = z.strictObject({
  title: articleFields.title.optional(),
  body: articleFields.body.optional(),
  alternatives: articleFields.alternatives.optional(),
  tags: articleFields.tags.optional(),
  locale: articleFields.locale.optional(),
  published: articleFields.published.optional(),
  version: VersionSchema.optional(),
});
export type ArticleUpdate = z.infer<typeof ArticleUpdateSchema>;

export interface ArticleView {
  id: string;
  kind: 'article' | 'faq';
  title: string;
  body: string;
  alternatives: string[];
  tags: string[];
  locale: string;
  published: boolean;
  version: number;
  updatedAt: string;
}

export const ArticleListQuerySchema = z.object({ kind: ArticleKindSchema.optional() });

export const MarkdownPreviewSchema = z.strictObject({ markdown: z.string().max(MAX_ARTICLE_BODY) });
export interface MarkdownPreview {
  html: string;
}

// ── Bot settings (settings document "bot") ──────────────────────────────────────────────────────

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const ClockTimeSchema = z.string().regex(CLOCK_TIME, 'use HH:MM (00:00–24:00)');

/** One opening interval ["09:00", "17:00"]; close after open. */
export const OpeningIntervalSchema = z
  .tuple([ClockTimeSchema, ClockTimeSchema])
  .refine(([open, close]) => open < close, 'closing time must be after opening time');

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const BusinessHoursSchema = z.strictObject({
  timeZone: z
    .string()
    .min(1)
    .max(64)
    .refine(isTimeZone, 'not a time zone known to this server (e.g. Europe/Oslo)'),
  days: z.strictObject(
    Object.fromEntries(
      WEEKDAYS.map((day) => [day, z.array(OpeningIntervalSchema).max(6).optional()]),
    ) as Record<Weekday, z.ZodOptional<z.ZodArray<typeof OpeningIntervalSchema>>>,
  ),
});
export type BusinessHours = z.infer<typeof BusinessHoursSchema>;

/** The escalation policy's tunable parts (the rest of the policy stays in code). */
export const EscalationSettingsSchema = z.strictObject({
  /** Consecutive fallbacks that hand over. */
  fallbackLimit: z.number().int().min(1).max(20),
  /** A latest sentiment at or below this hands over (−1 … 1). */
  sentimentThreshold: z.number().min(-1).max(1),
  /** Customer messages before mood triggers count. */
  sentimentMinTurns: z.number().int().min(1).max(20).optional(),
  /** Frustrated messages that hand over. */
  frustrationLimit: z.number().int().min(1).max(20).optional(),
  /** Hand over when the mood is falling fast. */
  handOverFallingMood: z.boolean().optional(),
});

export const BotSettingsSchema = z.strictObject({
  greeting: trimmed(1000),
  /** Intent confidence below which the bot falls back (0 … 1); absent: the calibrated default. */
  intentThreshold: z.number().min(0).max(1).optional(),
  /** Knowledge-base confidence below which no article answers (0 … 1); absent: the default. */
  knowledgeThreshold: z.number().min(0).max(1).optional(),
  businessHours: BusinessHoursSchema,
  escalation: EscalationSettingsSchema,
});
export type BotSettings = z.infer<typeof BotSettingsSchema>;
export const BotSettingsUpdateSchema = BotSettingsSchema.extend({ version: VersionSchema.optional() });
export type BotSettingsView = BotSettings & { version: number; updatedAt: string | null };

/**
 * What GET /api/admin/settings shows (at version 0) before anyone has saved settings: what the
 * service does then (the team answers around the clock; the escalation policy's defaults).
 */
const AROUND_THE_CLOCK: [string, string][] = [['00:00', '24:00']];
export const DEFAULT_BOT_SETTINGS: BotSettings = {
  greeting:
    "Hi there! I'm the support assistant. I can check on an order, help with a return, answer questions about shipping and products, and more. What can I do for you?",
  businessHours: {
    timeZone: 'UTC',
    days: Object.fromEntries(WEEKDAYS.map((day) => [day, AROUND_THE_CLOCK])),
  },
  escalation: { fallbackLimit: 3, sentimentThreshold: -0.65 },
};

// ── Users ───────────────────────────────────────────────────────────────────────────────────────

export const UserRoleSchema = z.enum(['agent', 'admin']);
export const MIN_PASSWORD_CHARS = 10;
export const PasswordSchema = z.string().min(MIN_PASSWORD_CHARS).max(256);
const EmailSchema = z.string().trim().toLowerCase().max(254).email();
const SkillsSchema = uniqueList(z.string().trim().min(1).max(64), 50);

export const UserCreateSchema = z.strictObject({
  email: EmailSchema,
  name: trimmed(200),
  role: UserRoleSchema,
  skills: SkillsSchema.default([]),
  capacity: z.number().int().min(0).max(100),
  password: PasswordSchema,
});
export type UserCreate = z.infer<typeof UserCreateSchema>;

/** `password` resets the password (and signs the user out everywhere). */
export const UserUpdateSchema = z.strictObject({
  email: EmailSchema.optional(),
  name: trimmed(200).optional(),
  role: UserRoleSchema.optional(),
  skills: SkillsSchema.optional(),
  capacity: z.number().int().min(0).max(100).optional(),
  password: PasswordSchema.optional(),
  version: VersionSchema.optional(),
});
export type UserUpdate = z.infer<typeof UserUpdateSchema>;

/** Never a password hash. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  role: 'agent' | 'admin';
  skills: string[];
  capacity: number;
  version: number;
  createdAt: string;
}

// ── Audit log ───────────────────────────────────────────────────────────────────────────────────

export const AuditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  /** The previous page's `nextCursor`, as it came: the next page starts right after that page's end. */
  cursor: z.string().min(1).max(500).optional(),
  /** ISO date: only entries strictly older than this (a time filter; page with `cursor`). */
  before: z.iso.datetime({ offset: true }).optional(),
  entityType: z.string().min(1).max(64).optional(),
  entityId: z.string().min(1).max(200).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export interface AuditEntryView {
  id: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  createdAt: string;
}

/** GET /api/admin/audit: a page, newest first (createdAt, then id). */
export interface AuditPageView {
  entries: AuditEntryView[];
  /** Opaque; send it back as `cursor` for the next (older) page. Null on the last page. */
  nextCursor: string | null;
}

// ── Import and export ───────────────────────────────────────────────────────────────────────────

export const IntentFormatSchema = z.enum(['json', 'csv', 'nlpjs']);
export type IntentFormat = z.infer<typeof IntentFormatSchema>;
export const FaqFormatSchema = z.enum(['json', 'csv']);
export type FaqFormat = z.infer<typeof FaqFormatSchema>;

/** One problem of an import; `row` is 1-based (CSV: the data row after the header). */
export interface ImportProblem {
  row: number;
  field: string;
  message: string;
}

/** 422 `invalid_import` details. */
export interface ImportFailureDetails {
  rows: ImportProblem[];
}

export interface ImportResult {
  created: string[];
  updated: string[];
  unchanged: string[];
}

/** The JSON export/import shape of intents (ids and versions are the server's business). */
export const IntentFileRowSchema = z.strictObject({
  name: IntentNameSchema,
  utterances: uniqueList(trimmed(500), MAX_UTTERANCES),
  responses: z.array(trimmed(2000)).max(MAX_RESPONSES).default([]),
  settings: IntentSettingsSchema.default({}),
});
export type IntentFileRow = z.infer<typeof IntentFileRowSchema>;

/** The JSON export/import shape of FAQs: the same rules as ArticleCreateSchema, so every export imports back. */
export const FaqFileRowSchema = z.strictObject({
  id: ArticleIdSchema,
  question: articleFields.title,
  answer: articleFields.body,
  alternatives: articleFields.alternatives.default([]),
  tags: articleFields.tags.default([]),
  locale: articleFields.locale.default(DEFAULT_LOCALE),
  published: articleFields.published.default(true),
});
export type FaqFileRow = z.infer<typeof FaqFileRowSchema>;
