// kill -9 of a server process in the middle of sending e-mail notices, then a restart: every notice
// arrives, none twice. The SMTP stand-in is slow before it accepts a message, so the kill lands
// while one is being sent (the lease then lets the restarted process take it up).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { prepareDatabase } from '../../server/bootstrap';
import { openSqlite } from '../../server/db/connect';
import { notifyUser, setMailEnabled } from '../../server/notices/outbox';
import { repoRoot, startServer } from '../crash/server-process';
import { dialect, silent, test } from '../fixtures';
import { startSmtp } from './notice-receivers';

const waitFor = async (check: () => boolean | Promise<boolean>, what: string, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe.skipIf(dialect === 'postgres')('notices across a crash', { timeout: 240_000 }, () => {
  test('kill -9 mid-batch, restart: every e-mail delivered exactly once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pm-notices-crash-'));
    const file = path.join(dir, 'store.sqlite');
    const smtp = await startSmtp({ delayMs: 150 });
    try {
      const db = await prepareDatabase(
        { DATABASE_URL: file, DEMO: true, PLANS_DIR: path.join(repoRoot, 'data/plans'), TODAY: '2022-10-20' },
        silent,
      );
      setMailEnabled(true);
      const stat = await db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'stat-finance')
        .executeTakeFirstOrThrow();
      for (let i = 0; i < 30; i++)
        await notifyUser(db, stat.id, { key: `crash:${i}`, event: 'returned', subject: `通知 ${i}`, body: '正文' });
      setMailEnabled(false);
      await db.destroy();

      const env = { SMTP_URL: smtp.url, NOTICE_LEASE_S: '1', TODAY: '2022-10-20' };
      const first = await startServer({
        databaseFile: file,
        plansDir: path.join(repoRoot, 'data/plans'),
        demo: true,
        env,
      });
      await waitFor(() => smtp.mails.length >= 8, 'the first mails');
      await first.stop('SIGKILL');
      const sentBefore = smtp.mails.length;
      expect(sentBefore).toBeLessThan(30);

      const second = await startServer({
        databaseFile: file,
        plansDir: path.join(repoRoot, 'data/plans'),
        demo: true,
        env,
      });
      const reader = openSqlite(file);
      try {
        await waitFor(async () => {
          const left = await reader.selectFrom('noticeOutbox').select('id').where('status', '!=', 'sent').execute();
          return left.length === 0;
        }, 'the outbox to drain');
        const keys = (await reader.selectFrom('noticeOutbox').select('key').orderBy('id').execute()).map((r) => r.key);
        const received = smtp.mails.map((m) => m.header('x-plan-monitor-notice')).sort();
        expect(keys.filter((k) => k.startsWith('crash:'))).toHaveLength(30);
        expect(received).toEqual([...keys].sort());
        expect(new Set(received).size).toBe(received.length);
      } finally {
        await reader.destroy();
        await second.stop('SIGTERM');
      }
    } finally {
      await smtp.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
