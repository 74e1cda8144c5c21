// Two real server processes on one store (a second server behind the proxy), both started with
// the demo clock three days before November's due date: both schedulers run at start and both
// senders drain the outbox, and each reminder reaches each statistician and the group robot once.
// The PostgreSQL project runs it on one PostgreSQL database; the SQLite one on one file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { prepareDatabase } from '../../server/bootstrap';
import { openDatabase } from '../../server/db/connect';
import { saveChannel } from '../../server/queries/notices';
import { repoRoot, startServer } from '../crash/server-process';
import { dialect, freshDatabaseUrl, silent, test } from '../fixtures';
import { PLAN } from '../reporting';
import { startReceiver, startSmtp } from './notice-receivers';

const waitFor = async (check: () => boolean | Promise<boolean>, what: string, ms = 90_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe(`two servers on one ${dialect} store`, { timeout: 300_000 }, () => {
  test('each "due in 3 days" reminder is sent once, by e-mail and to the robot', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pm-notices-two-'));
    const url = await freshDatabaseUrl(dir, 'store');
    const plansDir = path.join(repoRoot, 'data/plans');
    const smtp = await startSmtp({ delayMs: 20 });
    const robot = await startReceiver();
    const env = { TODAY: '2022-12-02', SMTP_URL: smtp.url, MAIL_FROM: 'pm@example.com', NOTICE_LEASE_S: '5' };
    const servers: Awaited<ReturnType<typeof startServer>>[] = [];
    try {
      const db = await prepareDatabase(
        { DATABASE_URL: url, DEMO: true, PLANS_DIR: plansDir, TODAY: env.TODAY },
        silent,
      );
      await saveChannel(
        db,
        { planId: PLAN, kind: 'wecom', name: '督查群', url: robot.url('/send?key=k'), events: ['due'], enabled: true },
        { actorId: null, now: new Date() },
      );
      const statisticians = await db
        .selectFrom('users')
        .select(['username', 'email'])
        .where('role', '=', 'statistician')
        .where('disabled', '=', 0)
        .execute();
      expect(statisticians.length).toBeGreaterThan(0);
      await db.destroy();

      // Both at once, so their start-up schedulers and senders overlap.
      servers.push(
        ...(await Promise.all(
          [1, 2].map(() => startServer({ databaseFile: url, plansDir, demo: true, env: { ...env } })),
        )),
      );
      const reader = openDatabase(url);
      try {
        await waitFor(async () => {
          const rows = await reader.selectFrom('noticeOutbox').select(['status']).execute();
          return rows.length > 0 && rows.every((r) => r.status === 'sent');
        }, 'the outbox to be sent');
        // Give a duplicate, if any, time to arrive.
        await new Promise((r) => setTimeout(r, 3000));
        const outbox = await reader.selectFrom('noticeOutbox').select(['key', 'channel']).execute();
        // One "due" e-mail per statistician of a unit with figures missing, none twice.
        const mailKeys = outbox.filter((o) => o.channel === 'email').map((o) => o.key);
        expect(mailKeys.length).toBeGreaterThan(0);
        for (const key of mailKeys) expect(key).toMatch(new RegExp(`^due:${PLAN}:2022-11:u\\d+:email$`));
        const received = smtp.mails.map((m) => m.header('x-plan-monitor-notice'));
        expect(received.sort()).toEqual([...mailKeys].sort());
        const addresses = new Set(statisticians.map((s) => s.email));
        for (const mail of smtp.mails) {
          expect(mail.subject).toMatch(/^【报送提醒】2022年11月数据请于2022年12月5日前报送（还有3天）$/);
          expect(addresses.has(mail.to[0]!)).toBe(true);
        }
        expect(robot.received).toHaveLength(1);
        expect(JSON.stringify(robot.received[0]!.body)).toContain('2022年11月');
      } finally {
        await reader.destroy();
      }
    } finally {
      await Promise.all(servers.map((s) => s.stop('SIGTERM')));
      await smtp.close();
      await robot.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
