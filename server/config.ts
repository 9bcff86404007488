/**
 * Configuration: the only place that reads process.env. Parsed once with zod into a typed object;
 * a bad value stops start-up with a message naming the variable and what is wrong.
 */
import { z } from 'zod';
import { resolve } from 'node:path';
import { MIN_PASSWORD_CHARS } from '../protocol/admin';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: booleanFlag.optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  MODELS_DIR: z.string().min(1).default('./models'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SEED_DEMO_DATA: booleanFlag.default(true),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb')
    .default('100kb'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  TRUST_PROXY: booleanFlag.default(false),
  EMBEDDING_MODEL: z.string().min(1).optional(),
  EMBEDDINGS: booleanFlag.default(true),
  EMBEDDINGS_QUANTIZED: booleanFlag.default(true),
  SITE_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  MICROSOFT_APP_ID: z.string().optional(),
  MICROSOFT_APP_PASSWORD: z.string().optional(),
  MICROSOFT_APP_TENANT_ID: z.string().optional(),
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  ADMIN_EMAIL: z.string().trim().toLowerCase().email('must be an email address').optional(),
  ADMIN_PASSWORD: z
    .string()
    .min(MIN_PASSWORD_CHARS, `must be at least ${MIN_PASSWORD_CHARS} characters`)
    .optional(),
  TRAINING_MARGIN_POINTS: z.coerce.number().min(0).max(100).default(1),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  log: { level: Env['LOG_LEVEL']; pretty: boolean };
  dataDir: string;
  modelsDir: string;
  /** Sentence embeddings: off, or on with the converted MiniLM (default) or another local folder / hub id. */
  embeddings: { enabled: boolean; model?: string; quantized: boolean };
  mongodbUri?: string;
  redisUrl?: string;
  /** When absent, a secret is generated once and kept in DATA_DIR so tokens survive restarts. */
  sessionSecret?: string;
  seedDemoData: boolean;
  /**
   * Largest JSON body a route takes (BODY_LIMIT). The admin API reads larger ones, up to 5 MB, once
   * the session is checked (server/http/app.ts, server/admin/http.ts): content within the content
   * rules can be larger than the 100kb default.
   */
  bodyLimit: string;
  shutdownTimeoutMs: number;
  trustProxy: boolean;
  /** Key the company's site uses to sign customer ids (HMAC-SHA256); generated and kept in DATA_DIR when unset. */
  siteSecret?: string;
  /** The first admin, created at start when the store has none (else a one-time password is logged). */
  admin: { email?: string; password?: string };
  /** A retrained model may score this many accuracy points below the live one and still go live. */
  trainingMarginPoints: number;
  /** Bot Framework channel credentials for POST /api/messages; empty means local testing (no auth). */
  botFramework: { appId: string; appPassword: string; tenantId: string; appType: Env['MICROSOFT_APP_TYPE'] };
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Empty strings count as unset, as they do in most .env files and orchestrators. */
function withoutEmpty(source: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(source))
    if (value !== undefined && value !== '') out[key] = value;
  return out;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(withoutEmpty(source));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const value = source[name];
        return `${name}: ${issue.message}${value !== undefined ? ` (got "${value}")` : ''}`;
      }),
    );
  }
  const env = parsed.data;
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    log: { level: env.LOG_LEVEL, pretty: env.LOG_PRETTY ?? env.NODE_ENV === 'development' },
    dataDir: resolve(env.DATA_DIR),
    modelsDir: resolve(env.MODELS_DIR),
    embeddings: { enabled: env.EMBEDDINGS, model: env.EMBEDDING_MODEL, quantized: env.EMBEDDINGS_QUANTIZED },
    mongodbUri: env.MONGODB_URI,
    redisUrl: env.REDIS_URL,
    sessionSecret: env.SESSION_SECRET,
    seedDemoData: env.SEED_DEMO_DATA,
    bodyLimit: env.BODY_LIMIT,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    trustProxy: env.TRUST_PROXY,
    siteSecret: env.SITE_SECRET,
    admin: { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD },
    trainingMarginPoints: env.TRAINING_MARGIN_POINTS,
    botFramework: {
      appId: env.MICROSOFT_APP_ID ?? '',
      appPassword: env.MICROSOFT_APP_PASSWORD ?? '',
      tenantId: env.MICROSOFT_APP_TENANT_ID ?? '',
      appType: env.MICROSOFT_APP_TYPE,
    },
  };
}
