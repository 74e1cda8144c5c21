// `npm start` lands here (server/launch.ts, after building what changed): read the
// configuration, prepare the database, serve. SIGTERM or Ctrl-C stops gracefully: no new
// connections, requests under way (uploads, saves) finish, briefings finish or are cut cleanly,
// then the database is closed.
import { flushCompileCache } from 'node:module';
import { buildApp } from './app';
import { today, todayIsFixed } from './clock';
import { ConfigError, readConfig } from './config';
import { prepareDatabase } from './bootstrap';
import { startBackgroundCheckpoints } from './db/checkpointer';
import { DatabaseFileError } from './db/connect';
import { isPostgresUrl, redactUrl } from './db/postgres-url';
import { drainBriefings, setBriefingLimits } from './briefings/jobs';
import { setRefusalHold } from './auth/refusal-hold';
import { PlanDefinitionError } from './plans/load';
import { warmParseWorker } from './upload/worker-pool';
import { closeChartPool, warmChartPool } from './briefings/chart-pool';
import { startNotices } from './notices/start';
import { preloadFirstScreen } from './lazy';

const log = (message: string) => console.log(`[plan-monitor] ${message}`);

/** How long a stop waits for requests and briefings under way; systemd's TimeoutStopSec is longer. */
const SHUTDOWN_GRACE_MS = 20_000;

async function main() {
  const config = readConfig();
  const db = await prepareDatabase(config, log);
  // A SQLite file: WAL checkpoints in a worker thread, not inside a commit (see checkpointer.ts).
  const sqliteFile = !isPostgresUrl(config.DATABASE_URL) && config.DATABASE_URL !== ':memory:';
  const stopCheckpoints = sqliteFile ? await startBackgroundCheckpoints(db, config.DATABASE_URL, log) : null;
  setBriefingLimits({ perHour: config.BRIEFINGS_PER_HOUR, retentionDays: config.BRIEFING_RETENTION_DAYS });
  setRefusalHold(config.REFUSAL_HOLD_MS);
  let workersReady = false;
  const app = await buildApp(db, {
    logLevel: config.LOG_LEVEL,
    trustProxy: config.TRUST_PROXY,
    requestTimeoutMs: config.REQUEST_TIMEOUT_S * 1000,
    publicBoard: config.PUBLIC_BOARD,
    anonymousCalls: { max: config.ANONYMOUS_CALLS_PER_MINUTE, timeWindowMs: 60_000 },
    closeGraceMs: SHUTDOWN_GRACE_MS,
    metricsToken: config.METRICS_TOKEN,
    workersReady: () => workersReady,
  });
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const host = config.HOST === '127.0.0.1' || config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
  const plans = await db.selectFrom('plans').select(['id', 'title']).orderBy('id').execute();
  log(
    `plans: ${plans.length === 0 ? `none (add one to ${config.PLANS_DIR})` : plans.map((p) => `${p.id} ${p.title}`).join('; ')}`,
  );
  log(`database: ${redactUrl(config.DATABASE_URL)}${config.DEMO ? ' (demo figures on)' : ''}`);
  const clockSource = config.TODAY
    ? 'TODAY'
    : todayIsFixed()
      ? "the demo's own date until the plan goes live; set TODAY to change it"
      : 'the real date in Beijing';
  log(`clock: today is ${today()} (${clockSource})`);
  log(`port: ${port} on ${config.HOST}${config.METRICS_TOKEN ? '; /metrics on (METRICS_TOKEN)' : ''}`);
  log(`方案监测 Plan Monitor is running at http://${host}:${port}`);
  const stopNotices = startNotices(db, {
    mail: config.SMTP_URL ? { smtpUrl: config.SMTP_URL, from: config.MAIL_FROM } : null,
    baseUrl: config.PUBLIC_URL ?? `http://${host}:${port}`,
    leaseMs: config.NOTICE_LEASE_S * 1000,
    log,
  });
  log(config.SMTP_URL ? `e-mail notices via ${redactUrl(config.SMTP_URL)}` : 'e-mail notices off (SMTP_URL unset)');
  warmParseWorker();
  // The first briefing after a start is as quick as the next: the chart workers start now, and the
  // first screen's modules load (lazy.ts). Until both are done, /readyz answers 503.
  void Promise.all([warmChartPool(), preloadFirstScreen()]).then(() => {
    workersReady = true;
    // With NODE_COMPILE_CACHE set (npm start, the systemd unit, start.sh), what was compiled so far
    // is written now rather than at exit, so a start after a crash or kill -9 reuses it too.
    flushCompileCache();
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping; requests under way may finish (at most ${SHUTDOWN_GRACE_MS / 1000} s)`);
    const started = Date.now();
    // Keeps the process alive through the steps below (the checkpoint and chart workers are
    // unref'd: waiting for them alone would let Node exit half-way, silently), and bounds them.
    const deadline = setTimeout(() => {
      log('stopping took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS + 15_000);
    // No new connections; requests under way finish (an upload's preview or save included), those
    // still open after the grace period are cut (app.ts), a transaction cut so rolls back.
    await app.close();
    await stopNotices();
    const cut = await drainBriefings(Math.max(0, SHUTDOWN_GRACE_MS - (Date.now() - started)));
    if (cut > 0) log(`${cut} briefing(s) still being built were abandoned (nothing of them was stored)`);
    await stopCheckpoints?.();
    await closeChartPool();
    await db.destroy();
    clearTimeout(deadline);
    log('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof PlanDefinitionError || err instanceof DatabaseFileError)
    console.error(`[plan-monitor] ${err.message}`);
  else console.error('[plan-monitor] start-up failed:', err);
  process.exit(1);
});
