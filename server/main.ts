// `npm start` lands here (after `vite build`): read the configuration, prepare the database,
// serve. Ctrl-C or SIGTERM closes the server and the database cleanly.
import { buildApp } from './app';
import { today, todayIsFixed } from './clock';
import { ConfigError, readConfig } from './config';
import { prepareDatabase } from './bootstrap';
import { startBackgroundCheckpoints } from './db/checkpointer';
import { DatabaseFileError } from './db/connect';
import { isPostgresUrl, redactUrl } from './db/postgres-url';
import { setBriefingLimits } from './briefings/jobs';
import { PlanDefinitionError } from './plans/load';
import { warmParseWorker } from './upload/worker-pool';
import { warmChartPool } from './briefings/chart-pool';
import { startNotices } from './notices/start';

const log = (message: string) => console.log(`[plan-monitor] ${message}`);

async function main() {
  const config = readConfig();
  const db = await prepareDatabase(config, log);
  // A SQLite file: WAL checkpoints in a worker thread, not inside a commit (see checkpointer.ts).
  const sqliteFile = !isPostgresUrl(config.DATABASE_URL) && config.DATABASE_URL !== ':memory:';
  const stopCheckpoints = sqliteFile ? await startBackgroundCheckpoints(db, config.DATABASE_URL, log) : null;
  setBriefingLimits({ perHour: config.BRIEFINGS_PER_HOUR, retentionDays: config.BRIEFING_RETENTION_DAYS });
  const app = await buildApp(db, {
    logLevel: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL,
    trustProxy: config.TRUST_PROXY,
    requestTimeoutMs: config.REQUEST_TIMEOUT_S * 1000,
    publicBoard: config.PUBLIC_BOARD,
  });
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const host = config.HOST === '127.0.0.1' || config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
  log(`database: ${redactUrl(config.DATABASE_URL)}${config.DEMO ? ' (demo figures on)' : ''}`);
  const clockSource = config.TODAY
    ? 'TODAY'
    : todayIsFixed()
      ? "the demo's own date until the plan goes live; set TODAY to change it"
      : 'the real date in Beijing';
  log(`clock: today is ${today()} (${clockSource})`);
  log(`方案监测 Plan Monitor is running at http://${host}:${port}`);
  const stopNotices = startNotices(db, {
    mail: config.SMTP_URL ? { smtpUrl: config.SMTP_URL, from: config.MAIL_FROM } : null,
    baseUrl: config.PUBLIC_URL ?? `http://${host}:${port}`,
    leaseMs: config.NOTICE_LEASE_S * 1000,
    log,
  });
  log(config.SMTP_URL ? `e-mail notices via ${redactUrl(config.SMTP_URL)}` : 'e-mail notices off (SMTP_URL unset)');
  warmParseWorker();
  // The first briefing after a start is as quick as the next: the chart workers start now.
  void warmChartPool();

  const stop = async () => {
    await app.close();
    await stopNotices();
    await stopCheckpoints?.();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof PlanDefinitionError || err instanceof DatabaseFileError)
    console.error(`[plan-monitor] ${err.message}`);
  else console.error('[plan-monitor] start-up failed:', err);
  process.exit(1);
});
