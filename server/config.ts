// Start-up configuration, read once from the environment (and `--no-demo`), validated with zod.
// A bad value stops the start with a message naming the variable. Edit this file to add a setting.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isIsoDate } from './clock';
import { isPostgresUrl, redactUrl } from './db/postgres-url';

/**
 * The folder holding package.json and data/: one up from server/ when the sources run, two up from
 * dist/server when the build does (bundled, this file's code can sit in any chunk there).
 */
export const projectRoot = findProjectRoot(import.meta.dirname);
/** Whether this is the server built by `npm run build:server` (plain JavaScript, no tsx). */
export const runsBuilt = !import.meta.url.endsWith('.ts');

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'], { error: "use 1 or 0 (or 'true' / 'false')" })
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .min(1)
    .default('data/plan-monitor.sqlite')
    .superRefine((url, ctx) => {
      if (isPostgresUrl(url)) {
        if (!URL.canParse(url))
          ctx.addIssue({ code: 'custom', message: 'not a valid URL; use postgres://user:password@host:5432/database' });
        else {
          const problem = poolSizeProblem(url);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }
      } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith('file:'))
        ctx.addIssue({
          code: 'custom',
          message: `unknown database scheme in '${redactUrl(url)}'; give a SQLite file path or a postgres:// URL`,
        });
    })
    // A PostgreSQL URL is kept as given; anything else is a SQLite file, resolved from the project root.
    .transform((url) => {
      if (isPostgresUrl(url)) return url;
      const file = url.replace(/^file:(\/\/)?/, '');
      return file === ':memory:' ? file : path.resolve(projectRoot, file);
    }),
  DEMO: flag.default(true),
  PLANS_DIR: z
    .string()
    .default('data/plans')
    .transform((dir) => path.resolve(projectRoot, dir)),
  // Behind a reverse proxy that terminates TLS, which proxies' X-Forwarded-* headers to believe
  // (client address, HTTPS for the Secure cookie and the same-origin check). 0: none (the default).
  // The proxies' addresses or ranges, comma-separated (127.0.0.1, 10.0.0.0/8): only requests coming
  // from them are read, and the client is the last address in X-Forwarded-For not one of them.
  // 1: the first hop, i.e. whoever connects is the proxy and the client is the last address it
  // added; only safe when nothing but the proxy can reach the server.
  TRUST_PROXY: z
    .string()
    .default('0')
    .transform((v): number | false | string[] =>
      ['1', 'true', 'yes'].includes(v)
        ? 1
        : ['0', 'false', 'no'].includes(v)
          ? false
          : v.split(',').map((a) => a.trim()),
    ),
  // 1 publishes the board read-only to anyone (approved figures only: overview, measures, charts,
  // exports); 0 (the default) lets only logged-in users read it.
  PUBLIC_BOARD: flag.default(false),
  // The one clock for business dates (server/clock.ts). Unset: the real date, or with the demo
  // figures on, the demo's own date (a few days after its last month's reporting deadline).
  TODAY: z.string().refine(isIsoDate, 'give a date as YYYY-MM-DD, e.g. 2022-11-08').optional(),
  // The longest a client may take to send one whole request (head and body); a slower one is
  // answered 408 and disconnected, so trickled bodies cannot hold connections open for ever.
  REQUEST_TIMEOUT_S: z.coerce
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(1, 'must be between 1 and 3600 seconds')
    .max(3600, 'must be between 1 and 3600 seconds')
    .default(60),
  // API calls without a live session, per client address and minute (server/auth/http.ts).
  ANONYMOUS_CALLS_PER_MINUTE: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(10, 'must be at least 10')
    .default(1200),
  // How long a refusal for being over a rate limit (429) is held before it is sent, so a client
  // flooding the server asks once per hold instead of flat out (server/auth/refusal-hold.ts); 0: at once.
  REFUSAL_HOLD_MS: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(0, 'must be between 0 and 10000 ms')
    .max(10_000, 'must be between 0 and 10000 ms')
    .default(1000),
  // Briefings (server/briefings/jobs.ts): new files one user may build an hour, and days a stored
  // briefing is kept (0: forever).
  BRIEFINGS_PER_HOUR: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1).default(10),
  BRIEFING_RETENTION_DAYS: z.coerce
    .number({ error: 'must be a number of days' })
    .int('must be a whole number of days')
    .min(0)
    .default(365),
  // E-mail notices (server/notices/): smtp://user:pass@host:587 (STARTTLS) or smtps://…:465 (TLS).
  // Unset: no e-mail is sent; the inbox and group robots still work.
  SMTP_URL: z
    .string()
    .refine((u) => URL.canParse(u) && /^smtps?:$/.test(new URL(u).protocol), {
      message: 'give smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465 (TLS)',
    })
    .optional(),
  MAIL_FROM: z.string().min(3).default('"方案监测" <plan-monitor@localhost>'),
  // The address people open the app at, for links in e-mails and robot messages; default http://HOST:PORT.
  PUBLIC_URL: z
    .string()
    .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), {
      message: 'give the address people open, e.g. https://plan.example.gov.cn',
    })
    .optional(),
  // How long a server process keeps a notice it is sending before another may take it up (after a crash).
  NOTICE_LEASE_S: z.coerce
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(1, 'must be between 1 and 3600 seconds')
    .max(3600, 'must be between 1 and 3600 seconds')
    .default(60),
  // Prometheus metrics at /metrics, for holders of this token (`Authorization: Bearer <token>`).
  // Unset (the default): no /metrics at all.
  METRICS_TOKEN: z.string().min(16, 'use at least 16 characters, e.g. `openssl rand -hex 24`').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

export const MAX_POOL_SIZE = 100;

/**
 * `?pool=N` on a PostgreSQL DATABASE_URL: the most connections this server process opens (pg's
 * default of 10 without it). Read here and by db/postgres.ts; undefined when the URL has none.
 */
export function poolSizeOf(url: string): number | undefined {
  const value = new URL(url).searchParams.get('pool');
  if (value === null) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_POOL_SIZE)
    throw new ConfigError(
      `pool=${value} in DATABASE_URL: give a whole number of connections from 1 to ${MAX_POOL_SIZE}, e.g. ?pool=20`,
    );
  return Number(value);
}

function poolSizeProblem(url: string): string | null {
  try {
    poolSizeOf(url);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

export function readConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)): Config {
  const unknown = argv.filter((a) => a !== '--no-demo');
  if (unknown.length > 0) throw new ConfigError(`Unknown option ${unknown.join(' ')} (the only option is --no-demo)`);
  const input: Record<string, string | undefined> = { ...env, ...(argv.includes('--no-demo') ? { DEMO: '0' } : {}) };
  // Empty variables count as unset, as in most shells' `VAR= npm start`.
  for (const key of Object.keys(envSchema.shape)) if (input[key] === '') delete input[key];
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0]);
      const value = key === 'DATABASE_URL' || key === 'SMTP_URL' ? redactUrl(input[key] ?? '') : (input[key] ?? '');
      return `  ${key}=${JSON.stringify(value)}: ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
