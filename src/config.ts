import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  /** named prepared statements for hot writes; false behind a pooler that cannot keep them (PgBouncer < 1.21 in transaction mode) */
  SIFT_PREPARED_STATEMENTS: bool.default(true),
  SIFT_DATA_DIR: z.string().min(1).default('./.sift/data'),
  SIFT_BOOTSTRAP_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  SIFT_DEMO: bool.default(true),
  SIFT_BODY_LIMIT: z.coerce.number().int().min(1024).default(1024 * 1024),
  SIFT_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  SIFT_MAX_WINDOW_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  SIFT_ALLOW_PRIVATE_WEBHOOKS: bool.default(false),
  SIFT_SCHEDULER: bool.default(true),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().optional(),
  SIFT_LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
  SIFT_LLM_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
  SIFT_LLM_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** per-question LLM budget: total tokens (prompt + completion) and calls */
  SIFT_ANALYST_MAX_TOKENS: z.coerce.number().int().min(1000).default(400_000),
  SIFT_ANALYST_MAX_CALLS: z.coerce.number().int().min(1).default(100),
  /** PII kinds redacted before a transcript leaves for an LLM (comma-separated; 'none' for none) */
  SIFT_PII_REDACT: z
    .string()
    .regex(/^(none|(email|phone|card|dob|postcode|account)(\s*,\s*(email|phone|card|dob|postcode|account))*)$/, 'must be "none" or a comma-separated list of email, phone, card, dob, postcode, account')
    .default('email,phone,card,dob,postcode,account'),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** Parses the environment once; names every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
