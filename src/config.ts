// The only file that reads process.env. Everything else receives a Config.
import path from 'node:path'
import { z } from 'zod'

const DEV_SESSION_SECRET = 'cwb-development-session-secret-change-me-in-production'

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  CWB_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  CWB_PRODUCTION: booleanFlag.default(false),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  PUBLIC_URL: z.url().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('cwb <no-reply@cwb.localhost>'),
  CWB_DEMO: booleanFlag.optional(),
  COOKIE_SECURE: booleanFlag.optional(),
  SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  // A publisher's OCID prefix is registered with the Open Contracting Partnership: ocds- and six characters.
  CWB_OCID_PREFIX: z
    .string()
    .regex(/^ocds-[a-z0-9]{6}$/, 'CWB_OCID_PREFIX must be ocds- followed by six lower-case letters or digits')
    .default('ocds-xxxxxx'),
  CWB_OCDS_PUBLICATION_POLICY: z.url('CWB_OCDS_PUBLICATION_POLICY must be a web address').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

export type Config = Readonly<{
  port: number
  host: string
  dataDir: string
  databaseUrl: string | undefined
  production: boolean
  sessionSecret: string
  publicUrl: string
  smtpUrl: string | undefined
  mailFrom: string
  loadDemoOnFirstBoot: boolean
  cookieSecure: boolean
  logLevel: string
  /** Sign-in attempts allowed per address per minute in each web process. */
  signInRateLimit: number
  /** Prefixes the OCID of a contract that has none of its own in the OCDS exports. */
  ocidPrefix: string
  /** The publication policy the OCDS packages link to, when there is one. */
  ocdsPublicationPolicy: string | undefined
}>

export class ConfigError extends Error {}

/** Parses an environment into a frozen Config, or throws ConfigError with every problem in one message. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new ConfigError(`Invalid configuration: ${problems}`)
  }
  const e = parsed.data
  if (e.CWB_PRODUCTION) {
    const missing = [!e.SESSION_SECRET && 'SESSION_SECRET', !e.PUBLIC_URL && 'PUBLIC_URL'].filter(Boolean)
    if (missing.length > 0)
      throw new ConfigError(`Invalid configuration: ${missing.join(', ')} must be set in production`)
  }
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.CWB_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    production: e.CWB_PRODUCTION,
    sessionSecret: e.SESSION_SECRET ?? DEV_SESSION_SECRET,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    smtpUrl: e.SMTP_URL || undefined,
    mailFrom: e.MAIL_FROM,
    // The demo place loads by default only on the embedded database: a PostgreSQL installation is a real one.
    loadDemoOnFirstBoot: e.CWB_DEMO ?? !e.DATABASE_URL,
    // A Secure session cookie is only ever set on a request the app knows came over HTTPS, which in production is the
    // proxy's X-Forwarded-Proto. Outside production the app is reached over plain HTTP (http://localhost), where a
    // Secure cookie would never be set and nobody could sign in.
    cookieSecure: e.COOKIE_SECURE ?? e.CWB_PRODUCTION,
    logLevel: e.LOG_LEVEL,
    signInRateLimit: e.SIGN_IN_RATE_LIMIT,
    ocidPrefix: e.CWB_OCID_PREFIX,
    ocdsPublicationPolicy: e.CWB_OCDS_PUBLICATION_POLICY,
  })
}

/** Reads the process environment. */
export function loadConfig(): Config {
  return parseConfig(process.env)
}
