import { createHmac } from 'node:crypto';
import { afterEach, describe, expect } from 'vitest';
import { setToday } from '../../server/clock';
import type { Db } from '../../server/db/connect';
import { runScheduledNotices } from '../../server/notices/events';
import { setMailEnabled } from '../../server/notices/outbox';
import { drainOutbox, type SenderOptions } from '../../server/notices/sender';
import { auditTrail } from '../../server/queries/audit';
import { dialect, test } from '../fixtures';
import { PLAN, asUser, failure } from '../reporting';
import { startReceiver, startSmtp } from './notice-receivers';

const BASE = 'http://pm.test';

afterEach(() => {
  setToday(null);
  setMailEnabled(false);
});

async function outbox(db: Db) {
  return db.selectFrom('noticeOutbox').selectAll().orderBy('id').execute();
}

const sender = (smtpUrl: string | null, more: Partial<SenderOptions> = {}): SenderOptions => ({
  mail: smtpUrl ? { smtpUrl, from: '"方案监测" <pm@example.com>' } : null,
  baseUrl: BASE,
  retryBaseMs: 0,
  ...more,
});

// Several scheduler runs over the whole plan: slow on PostgreSQL on a busy machine.
describe('scheduled reminders', { timeout: 120_000 }, () => {
  test('three days before the due date: one e-mail and one inbox item to each statistician, naming each of their units, one message per robot with the documented signatures; a second run sends nothing', async ({
    accountsDb,
  }) => {
    const smtp = await startSmtp();
    const wecom = await startReceiver();
    const dingtalk = await startReceiver();
    const feishu = await startReceiver([{ status: 200, body: { code: 0, msg: 'success' } }]);
    try {
      setMailEnabled(true);
      setToday('2022-11-02');
      const admin = await asUser(accountsDb, 'admin');
      const events = ['due', 'overdue'] as const;
      await admin.notices.saveChannel({
        planId: PLAN,
        kind: 'wecom',
        name: '企业微信群',
        url: wecom.url('/cgi-bin/webhook/send?key=abc'),
        events: [...events],
        enabled: true,
      });
      await admin.notices.saveChannel({
        planId: PLAN,
        kind: 'dingtalk',
        name: '钉钉群',
        url: dingtalk.url('/robot/send?access_token=tok'),
        secret: 'SECdingtalk-secret',
        events: [...events],
        enabled: true,
      });
      await admin.notices.saveChannel({
        planId: PLAN,
        kind: 'feishu',
        name: '飞书群',
        url: feishu.url('/open-apis/bot/v2/hook/xyz'),
        secret: 'feishu-secret',
        events: [...events],
        enabled: true,
      });
      // Secrets and tokens never come back to the page.
      const listed = await admin.notices.channels({ planId: PLAN });
      expect(JSON.stringify(listed)).not.toMatch(/SECdingtalk|feishu-secret|=tok|=abc|hook\/xyz/);
      expect(listed.map((c) => c.secret)).toEqual([null, '••••cret', '••••cret']);

      expect(await runScheduledNotices(accountsDb)).toBe(4);
      expect(await runScheduledNotices(accountsDb)).toBe(4); // enqueue attempts; the keys keep them single
      const rows = await outbox(accountsDb);
      expect(rows.map((r) => [r.channel, r.recipient])).toEqual([
        ['email', 'stat-finance@example.com'],
        ['wecom', '企业微信群'],
        ['dingtalk', '钉钉群'],
        ['feishu', '飞书群'],
      ]);

      const before = Date.now();
      expect(await drainOutbox(accountsDb, sender(smtp.url))).toBe(4);
      expect(await drainOutbox(accountsDb, sender(smtp.url))).toBe(0);
      expect((await outbox(accountsDb)).map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent']);

      expect(smtp.mails).toHaveLength(1);
      const subject = '【报送提醒】2022年10月数据请于2022年11月5日前报送（还有3天）';
      for (const mail of smtp.mails) {
        expect(mail.to).toEqual(['stat-finance@example.com']);
        expect(mail.subject).toBe(subject);
        expect(mail.raw).toMatch(/Content-Type: text\/plain/);
        expect(mail.raw).toMatch(/Content-Type: text\/html/);
      }
      expect(smtp.mails.map((m) => m.header('x-plan-monitor-notice'))).toEqual([`due:${PLAN}:2022-10:u3:email`]);

      expect(wecom.received).toHaveLength(1);
      const wecomBody = wecom.received[0]!.body as { msgtype: string; markdown: { content: string } };
      expect(wecom.received[0]!.url).toBe('/cgi-bin/webhook/send?key=abc');
      expect(wecomBody.msgtype).toBe('markdown');
      expect(wecomBody.markdown.content).toMatch(new RegExp(`^### ${subject}\n截止日期 2022年11月5日（还有3天）`));
      expect(wecomBody.markdown.content).toContain('- 区财政局：未报');
      expect(wecomBody.markdown.content).toContain(`[打开方案监测](${BASE}/report?plan=${PLAN}&period=2022-10)`);

      // 钉钉: timestamp (ms) and sign in the query; sign = urlencode(base64(HmacSHA256(secret, ts + "\n" + secret))).
      const ding = new URL(dingtalk.received[0]!.url, 'http://x');
      expect(ding.searchParams.get('access_token')).toBe('tok');
      const ts = Number(ding.searchParams.get('timestamp'));
      expect(ts).toBeGreaterThanOrEqual(before);
      expect(ts).toBeLessThanOrEqual(Date.now());
      const expected = createHmac('sha256', 'SECdingtalk-secret').update(`${ts}\nSECdingtalk-secret`).digest('base64');
      expect(ding.searchParams.get('sign')).toBe(expected);
      expect(dingtalk.received[0]!.url).toContain(`&sign=${encodeURIComponent(expected)}`);
      expect(dingtalk.received[0]!.body).toMatchObject({ msgtype: 'markdown', markdown: { title: subject } });

      // 飞书: timestamp (s) and sign in the body; sign = base64(HmacSHA256(key = ts + "\n" + secret, "")).
      const fs = feishu.received[0]!.body as {
        timestamp: string;
        sign: string;
        msg_type: string;
        content: { text: string };
      };
      expect(fs.msg_type).toBe('text');
      expect(Number(fs.timestamp)).toBeGreaterThanOrEqual(Math.floor(before / 1000));
      expect(fs.sign).toBe(createHmac('sha256', `${fs.timestamp}\nfeishu-secret`).update('').digest('base64'));
      expect(fs.content.text.startsWith(`${subject}\n`)).toBe(true);

      // The statistician's inbox holds one reminder naming both units, without internal codes.
      const stat = await asUser(accountsDb, 'stat-finance');
      const box = await stat.notices.inbox();
      expect(box.unread).toBe(1);
      expect(box.items.map((i) => i.title)).toEqual([subject]);
      expect(box.items[0]!.body).toMatch(/^区发展改革委：2022年10月尚有 \d+ 项未报送/m);
      expect(box.items[0]!.body).toMatch(/^区财政局：2022年10月尚有 \d+ 项未报送/m);
      expect(box.items[0]!.body).not.toMatch(/[IT]-\d\d-\d/);
    } finally {
      await Promise.all([smtp.close(), wecom.close(), dingtalk.close(), feishu.close()]);
    }
  });

  test('overdue the day after the due date, then weekly; the approver gets one digest a day', async ({
    accountsDb,
  }) => {
    const stat = await asUser(accountsDb, 'stat-finance');
    await stat.entry.save({ planId: PLAN, period: '2022-10', rows: [{ code: 'I-41-2', value: 2000 }] });
    const keys = async () => (await outbox(accountsDb)).map((r) => r.key);
    const inboxKeys = async () =>
      (await accountsDb.selectFrom('inbox').select('key').orderBy('id').execute()).map((r) => r.key);
    setToday('2022-11-05');
    await runScheduledNotices(accountsDb);
    setToday('2022-11-06');
    await runScheduledNotices(accountsDb);
    await runScheduledNotices(accountsDb);
    setToday('2022-11-12');
    await runScheduledNotices(accountsDb);
    setToday('2022-11-13');
    await runScheduledNotices(accountsDb);
    expect(await keys()).toEqual([]); // e-mail is off: nothing in the outbox
    const got = await inboxKeys();
    expect(got.filter((k) => k.startsWith('due:'))).toEqual([`due:${PLAN}:2022-10:u3`]);
    expect(got.filter((k) => k.startsWith(`overdue:${PLAN}:2022-10:0:`))).toHaveLength(1);
    expect(got.filter((k) => k.startsWith(`overdue:${PLAN}:2022-10:1:`))).toHaveLength(1);
    expect(got.filter((k) => k.startsWith('approverDigest:'))).toEqual([
      `approverDigest:${PLAN}:2022-11-05:u4`,
      `approverDigest:${PLAN}:2022-11-06:u4`,
      `approverDigest:${PLAN}:2022-11-12:u4`,
      `approverDigest:${PLAN}:2022-11-13:u4`,
    ]);
    const approver = await asUser(accountsDb, 'approver-dr');
    expect((await approver.notices.inbox()).items[0]).toMatchObject({
      title: '【待审核】共 1 项报送等待您审核（2022年11月13日）',
      body: '以下单位有已报送、待审核的数据：\n- 区发展改革委：1 项',
      link: `/review?plan=${PLAN}`,
    });
  });
});

describe('the newly-behind digest', { timeout: 180_000 }, () => {
  test('once a day, to leaders who subscribe, naming only what turned red since the last one', async ({
    accountsDb,
  }) => {
    const stat = await asUser(accountsDb, 'stat-finance');
    const approver = await asUser(accountsDb, 'approver-dr');
    const leader = await asUser(accountsDb, 'leader');
    await leader.notices.saveMySettings({
      email: 'leader@example.com',
      subscriptions: [{ event: 'laggingDigest', email: false, inbox: true }],
    });
    const report = async (period: string, rows: { code: string; value: number }[], reason?: string) => {
      await stat.entry.save({ planId: PLAN, period, rows, ...(reason ? { reason } : {}) });
      const queue = await approver.review.queue({ planId: PLAN });
      await approver.review.approve({
        planId: PLAN,
        items: queue.figures.map((f) => ({ kind: 'figure' as const, id: f.id })),
      });
    };
    const digests = async () =>
      (await leader.notices.inbox()).items
        .filter((i) => i.title.startsWith('【新增滞后】'))
        .map((i) => ({ title: i.title, body: i.body }))
        .reverse();
    const run = async (day: string) => {
      setToday(day);
      await runScheduledNotices(accountsDb);
    };

    // I-41-2 at risk in September (68% against 75%), behind in October (70% against 83.3%); the
    // first run names what turned red since September. I-41-3 is on time in October.
    await report('2022-09', [
      { code: 'I-41-2', value: 1700 },
      { code: 'I-41-3', value: 10500 },
    ]);
    await report('2022-10', [
      { code: 'I-41-2', value: 1750 },
      { code: 'I-41-3', value: 12500 },
    ]);
    await run('2022-11-10');
    await run('2022-11-10');
    let got = await digests();
    expect(got).toHaveLength(1);
    expect(got[0]!.title).toMatch(/^【新增滞后】2022年11月10日新增 \d+ 项明显滞后或逾期（2022年10月数据）$/);
    expect(got[0]!.body).toContain('- 供应产业用地（牵头单位：');
    expect(got[0]!.body).not.toContain('建设筹集保障性租赁住房');
    expect(got[0]!.body).not.toContain('I-41-2');

    // Nothing new the next day: no digest.
    await run('2022-11-11');
    expect(await digests()).toHaveLength(1);

    // A second indicator falls behind: the next day's digest names it alone.
    await report('2022-10', [{ code: 'I-41-3', value: 10600 }], '核减重复统计');
    await run('2022-11-12');
    got = await digests();
    expect(got).toHaveLength(2);
    expect(got[1]!.title).toContain('2022年11月12日新增 1 项');
    expect(got[1]!.body).toMatch(/^- 建设筹集保障性租赁住房（牵头单位：[^）]+）：完成 [\d.]+%，序时进度 [\d.]+%$/);

    // The first recovers, then falls behind again: named anew.
    await report('2022-10', [{ code: 'I-41-2', value: 2400 }], '补录两宗地块');
    await run('2022-11-13');
    expect(await digests()).toHaveLength(2);
    await report('2022-10', [{ code: 'I-41-2', value: 1750 }], '撤回补录');
    await run('2022-11-14');
    got = await digests();
    expect(got).toHaveLength(3);
    expect(got[2]!.body).toMatch(/^- 供应产业用地（牵头单位：[^）]+）：/);

    // The administrator did not subscribe (off by default): nothing for them.
    const admin = await asUser(accountsDb, 'admin');
    expect((await admin.notices.inbox()).items.filter((i) => i.title.startsWith('【新增滞后】'))).toEqual([]);
    expect(await accountsDb.selectFrom('noticeLagging').select('checkedOn').execute()).toEqual([
      { checkedOn: '2022-11-14' },
    ]);
  });
});

describe('returned figures', { timeout: 120_000 }, () => {
  test('reach the statistician’s inbox with the comment, and by e-mail; the bell’s count goes down when read', async ({
    accountsDb,
  }) => {
    setMailEnabled(true);
    const stat = await asUser(accountsDb, 'stat-finance');
    await stat.entry.save({ planId: PLAN, period: '2022-10', rows: [{ code: 'I-41-2', value: 2000 }] });
    const approver = await asUser(accountsDb, 'approver-dr');
    const [item] = (await approver.review.queue({ planId: PLAN })).figures;
    await approver.review.return({
      planId: PLAN,
      items: [{ kind: 'figure', id: item!.id }],
      comment: '口径不对，请按累计值报送',
    });
    const box = await stat.notices.inbox();
    expect(box.unread).toBe(1);
    expect(box.items[0]).toMatchObject({
      event: 'returned',
      title: '【退回】“供应产业用地”2022年10月数据被退回，请修改后重新报送',
      body: '“供应产业用地”2022年10月的报送已被审核员退回。\n退回意见：口径不对，请按累计值报送',
      link: `/report?plan=${PLAN}&period=2022-10`,
    });
    expect((await outbox(accountsDb)).map((r) => [r.event, r.recipient, r.status])).toEqual([
      ['returned', 'stat-finance@example.com', 'pending'],
    ]);
    await stat.notices.markRead({});
    expect((await stat.notices.inbox()).unread).toBe(0);
  });

  test('an SMTP server that refuses never blocks the return; the outbox shows why and an admin can retry or cancel', async ({
    accountsDb,
  }) => {
    const smtp = await startSmtp({ refuse: 'Mailbox unavailable' });
    try {
      setMailEnabled(true);
      const stat = await asUser(accountsDb, 'stat-finance');
      await stat.entry.save({ planId: PLAN, period: '2022-10', rows: [{ code: 'I-41-2', value: 2000 }] });
      const approver = await asUser(accountsDb, 'approver-dr');
      const [item] = (await approver.review.queue({ planId: PLAN })).figures;
      await approver.review.return({ planId: PLAN, items: [{ kind: 'figure', id: item!.id }], comment: '请核实' });
      await drainOutbox(accountsDb, sender(smtp.url, { maxAttempts: 2 }));
      const admin = await asUser(accountsDb, 'admin');
      const { rows, counts } = await admin.notices.outbox({});
      expect(counts).toEqual({ failed: 1 });
      expect(rows[0]).toMatchObject({ status: 'failed', attempts: 2, userName: '示例统计员' });
      expect(rows[0]!.lastError).toMatch(/^邮件发送失败（smtp:\/\/127\.0\.0\.1:\d+\/?，550）：.*Mailbox unavailable/);
      expect(await admin.notices.attempts({ id: rows[0]!.id })).toHaveLength(2);
      await admin.notices.retry({ id: rows[0]!.id });
      expect((await admin.notices.outbox({ status: 'pending' })).rows).toHaveLength(1);
      await admin.notices.cancel({ id: rows[0]!.id });
      expect(await drainOutbox(accountsDb, sender(smtp.url))).toBe(0);
      expect((await auditTrail(accountsDb, 'notice', String(rows[0]!.id))).map((a) => a.action)).toEqual([
        'notice.retry',
        'notice.cancel',
      ]);
    } finally {
      await smtp.close();
    }
  });
});

describe('delivery', { timeout: 120_000 }, () => {
  test('an endpoint answering 500 three times, then 200: delivered once, every attempt logged', async ({
    accountsDb,
  }) => {
    const robot = await startReceiver([
      { status: 500, body: { error: 'busy' } },
      { status: 500, body: { error: 'busy' } },
      { status: 500, body: { error: 'busy' } },
      { status: 200, body: { errcode: 0, errmsg: 'ok' } },
    ]);
    try {
      setToday('2022-11-02');
      const admin = await asUser(accountsDb, 'admin');
      await admin.notices.saveChannel({
        planId: PLAN,
        kind: 'wecom',
        name: '群',
        url: robot.url('/cgi-bin/webhook/send?key=k'),
        events: ['due'],
        enabled: true,
      });
      await runScheduledNotices(accountsDb);
      expect(await drainOutbox(accountsDb, sender(null))).toBe(4);
      expect(robot.received).toHaveLength(4);
      const [row] = await outbox(accountsDb);
      expect(row).toMatchObject({ status: 'sent', attempts: 4, lastError: null });
      const attempts = await admin.notices.attempts({ id: row!.id });
      expect(attempts.map((a) => [a.ok, a.error])).toEqual([
        [0, '企业微信机器人返回 HTTP 500：{"error":"busy"}'],
        [0, '企业微信机器人返回 HTTP 500：{"error":"busy"}'],
        [0, '企业微信机器人返回 HTTP 500：{"error":"busy"}'],
        [1, null],
      ]);
    } finally {
      await robot.close();
    }
  });

  test('retries back off exponentially', async ({ accountsDb }) => {
    const robot = await startReceiver([{ status: 500, body: {} }]);
    try {
      setToday('2022-11-02');
      const admin = await asUser(accountsDb, 'admin');
      await admin.notices.saveChannel({
        planId: PLAN,
        kind: 'wecom',
        name: '群',
        url: robot.url('/send?key=k'),
        events: ['due'],
        enabled: true,
      });
      await runScheduledNotices(accountsDb);
      const t0 = Date.now();
      expect(await drainOutbox(accountsDb, sender(null, { retryBaseMs: 60_000 }))).toBe(1);
      expect(await drainOutbox(accountsDb, sender(null, { retryBaseMs: 60_000 }))).toBe(0);
      const [row] = await outbox(accountsDb);
      const wait = Date.parse(row!.nextAttemptAt) - t0;
      expect(wait).toBeGreaterThanOrEqual(60_000);
      expect(wait).toBeLessThan(70_000);
      await accountsDb
        .updateTable('noticeOutbox')
        .set({ nextAttemptAt: new Date(0).toISOString() })
        .execute();
      await drainOutbox(accountsDb, sender(null, { retryBaseMs: 60_000 }));
      const [again] = await outbox(accountsDb);
      expect(Date.parse(again!.nextAttemptAt) - Date.now()).toBeGreaterThan(110_000);
    } finally {
      await robot.close();
    }
  });

  test(`two senders on one ${dialect} database: each notice delivered once`, async ({ accountsDb }) => {
    const robot = await startReceiver();
    try {
      setToday('2022-11-02');
      const admin = await asUser(accountsDb, 'admin');
      for (const n of [1, 2, 3])
        await admin.notices.saveChannel({
          planId: PLAN,
          kind: 'wecom',
          name: `群${n}`,
          url: robot.url(`/send?key=${n}`),
          events: ['due', 'overdue'],
          enabled: true,
        });
      for (const day of ['2022-11-02', '2022-11-06', '2022-11-13', '2022-11-20', '2022-11-27']) {
        setToday(day);
        // Two schedulers on the same day enqueue each reminder once.
        await Promise.all([runScheduledNotices(accountsDb), runScheduledNotices(accountsDb)]);
      }
      const rows = await outbox(accountsDb);
      expect(rows).toHaveLength(15);
      await Promise.all([drainOutbox(accountsDb, sender(null), 'a'), drainOutbox(accountsDb, sender(null), 'b')]);
      expect(robot.received).toHaveLength(15);
      expect(new Set(robot.received.map((r) => JSON.stringify([r.url, r.body]))).size).toBe(15);
    } finally {
      await robot.close();
    }
  });
});

describe('settings', { timeout: 120_000 }, () => {
  test('an administrator sets when reminders go out; others may not; bad values are named in Chinese', async ({
    accountsDb,
  }) => {
    const admin = await asUser(accountsDb, 'admin');
    const leader = await asUser(accountsDb, 'leader');
    expect(await admin.notices.schedule({ planId: PLAN })).toEqual({ dueSoonDays: 3, overdueEveryDays: 7 });
    expect(
      await failure(leader.notices.saveSchedule({ planId: PLAN, dueSoonDays: 5, overdueEveryDays: 2 })),
    ).toMatchObject({ code: 'FORBIDDEN' });
    const why = async (p: Promise<unknown>) => ((await failure(p)) as Error).message;
    expect(await why(admin.notices.saveSchedule({ planId: PLAN, dueSoonDays: 40, overdueEveryDays: 2 }))).toMatch(
      /提醒天数不能超过 15 天/,
    );
    expect(await why(admin.notices.saveSchedule({ planId: PLAN, dueSoonDays: 5, overdueEveryDays: 0 }))).toMatch(
      /间隔天数至少为 1 天/,
    );
    expect(await why(admin.notices.saveSchedule({ planId: 'nope', dueSoonDays: 5, overdueEveryDays: 2 }))).toMatch(
      /没有这个方案/,
    );

    const keys = async () =>
      (await accountsDb.selectFrom('inbox').select('key').orderBy('id').execute())
        .map((r) => r.key)
        .filter((k) => k.startsWith('due:') || k.startsWith(`overdue:${PLAN}:2022-10:`));
    // The default (3 days): nothing four days before the due date (2022-11-05).
    setToday('2022-11-01');
    await runScheduledNotices(accountsDb);
    expect(await keys()).toEqual([]);

    await admin.notices.saveSchedule({ planId: PLAN, dueSoonDays: 5, overdueEveryDays: 2 });
    expect(await admin.notices.schedule({ planId: PLAN })).toEqual({ dueSoonDays: 5, overdueEveryDays: 2 });
    await runScheduledNotices(accountsDb);
    expect(await keys()).toEqual([`due:${PLAN}:2022-10:u3`]);
    // Overdue the day after the due date, then every 2 days.
    for (const day of ['2022-11-06', '2022-11-07', '2022-11-08', '2022-11-09', '2022-11-10']) {
      setToday(day);
      await runScheduledNotices(accountsDb);
    }
    expect((await keys()).filter((k) => k.startsWith('overdue:'))).toEqual([
      `overdue:${PLAN}:2022-10:0:u3`,
      `overdue:${PLAN}:2022-10:1:u3`,
      `overdue:${PLAN}:2022-10:2:u3`,
    ]);
    const trail = await auditTrail(accountsDb, 'plan', PLAN);
    expect(trail.filter((a) => a.action === 'notice.schedule.updated')).toHaveLength(1);
  });

  test('bad robot settings get a clear message; a wrong secret is named by the test message', async ({
    accountsDb,
  }) => {
    const robot = await startReceiver([{ status: 200, body: { errcode: 310000, errmsg: 'sign not match' } }]);
    try {
      const admin = await asUser(accountsDb, 'admin');
      const base = { planId: PLAN, name: '群', events: ['due' as const], enabled: true };
      expect(
        await failure(admin.notices.saveChannel({ ...base, kind: 'dingtalk', url: 'oapi.dingtalk.com/robot' })),
      ).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('Webhook 地址无效') as string });
      expect(
        await failure(admin.notices.saveChannel({ ...base, kind: 'dingtalk', url: 'https://example.com/robot/send' })),
      ).toMatchObject({ message: expect.stringContaining('这不是钉钉群机器人的地址') as string });
      const { id } = await admin.notices.saveChannel({
        ...base,
        kind: 'dingtalk',
        url: robot.url('/robot/send?access_token=t'),
        secret: 'SECwrong',
      });
      expect(await failure(admin.notices.testChannel({ id }))).toMatchObject({
        code: 'BAD_REQUEST',
        message: '钉钉机器人拒绝了消息（错误码 310000：sign not match）（请检查密钥是否与机器人设置一致）',
      });
      const trail = JSON.stringify(await auditTrail(accountsDb, 'noticeChannel', String(id)));
      expect(trail).not.toContain('SECwrong');
      expect(trail).not.toContain('access_token');
      const stat = await asUser(accountsDb, 'stat-finance');
      expect(await failure(stat.notices.saveMySettings({ email: 'not-an-address', subscriptions: [] }))).toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringContaining('邮箱地址格式不正确') as string,
      });
      expect(await failure(stat.notices.testEmail())).toMatchObject({
        message: expect.stringContaining('SMTP_URL') as string,
      });
      expect(await failure(stat.notices.channels({ planId: PLAN }))).toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      await robot.close();
    }
  });

  test('a user turns an event off; 催报 "remind now" reminds at once and is audited', async ({ accountsDb }) => {
    setToday('2022-10-20');
    const stat = await asUser(accountsDb, 'stat-finance');
    const mine = await stat.notices.mySettings();
    expect(mine.email).toBe('stat-finance@example.com');
    expect(mine.subscriptions.map((s) => s.event)).toEqual(['due', 'overdue', 'returned', 'briefingReady']);
    await stat.notices.saveMySettings({
      email: 'wang@example.com',
      subscriptions: [{ event: 'overdue', email: false, inbox: false }],
    });
    expect(await runScheduledNotices(accountsDb)).toBe(0); // 2022-09 was due on 2022-10-05: overdue, and off
    const leader = await asUser(accountsDb, 'leader');
    await stat.notices.saveMySettings({
      email: 'wang@example.com',
      subscriptions: [{ event: 'overdue', email: false, inbox: true }],
    });
    const result = await leader.notices.remindNow({ planId: PLAN, unitCodes: ['finance-bureau'] });
    expect(result).toEqual({ units: 1, notices: 1 });
    expect((await stat.notices.inbox()).items.map((i) => i.title)).toEqual([
      '【催报】2022年9月数据已逾期（已逾期15天）',
    ]);
    const trail = await auditTrail(accountsDb, 'plan', PLAN);
    expect(trail.at(-1)).toMatchObject({
      action: 'chase.reminded',
      actor: 'leader',
      detail: { unitCodes: ['finance-bureau'], units: 1, notices: 1 },
    });
  });
});
