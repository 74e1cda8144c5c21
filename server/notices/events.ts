// What Plan Monitor tells people, and when. Scheduled events (due soon, overdue, the approver's
// daily digest, the newly-behind digest) are worked out from the server's one clock and the same
// due rules as 催报 (queries/due.ts, queries/chase.ts); each notice's key names its day or wave,
// so running this again — after a restart, on a second server — enqueues nothing twice.
import { NOTICE_EVENT_INFO } from '../../shared/notices';
import { formatDate, formatPeriod } from '../../shared/format';
import { daysBetween } from '../../shared/period';
import { today } from '../clock';
import type { Db } from '../db/connect';
import { missingReports } from '../queries/chase';
import { dueMonth } from '../queries/due';
import { firstScreen } from '../queries/first-screen';
import { noticeSchedule } from '../queries/notices';
import { listPlans } from '../queries/plan';
import { reportingUnits } from '../queries/reporting-units';
import { notifyRobots, notifyUser, subscriptionOf, usersWithRole } from './outbox';

const q = (planId: string, more = '') => `?plan=${encodeURIComponent(planId)}${more}`;

/**
 * Reporting reminders for a plan's due month as of `date`: "due in N days" from N days before the
 * due date, "overdue" the day after it and then every 7 days. Only units with something missing
 * (as 催报 counts it) are reminded. `force` (催报's 提醒) sends now, keyed by `force`.
 */
export async function reportingReminders(
  db: Db,
  planId: string,
  only?: { unitCodes?: string[]; force?: string },
): Promise<{ units: number; notices: number }> {
  const { period, today: date } = await dueMonth(db, planId);
  const missing = await missingReports(db, { planId, period, asOf: date }, null);
  const daysLeft = daysBetween(date, missing.dueDate);
  const schedule = await noticeSchedule(db, planId);
  let stage: { event: 'due' | 'overdue'; key: string } | null = null;
  if (only?.force) stage = { event: daysLeft < 0 ? 'overdue' : 'due', key: `remind:${only.force}` };
  else if (daysLeft >= 0 && daysLeft <= schedule.dueSoonDays) stage = { event: 'due', key: `due:${planId}:${period}` };
  else if (daysLeft < 0) {
    const wave = Math.floor((-daysLeft - 1) / schedule.overdueEveryDays);
    stage = { event: 'overdue', key: `overdue:${planId}:${period}:${wave}` };
  }
  if (!stage) return { units: 0, notices: 0 };
  const units = missing.units.filter((u) => !only?.unitCodes || only.unitCodes.includes(u.unitCode));
  if (units.length === 0) return { units: 0, notices: 0 };
  const month = formatPeriod(period, 'zh');
  const due = formatDate(missing.dueDate, 'zh');
  const when = daysLeft > 0 ? `还有${daysLeft}天` : daysLeft === 0 ? '今天截止' : `已逾期${-daysLeft}天`;
  const subject =
    stage.event === 'due'
      ? `【报送提醒】${month}数据请于${due}前报送（${when}）`
      : `【催报】${month}数据已逾期（${when}）`;
  const link = `/report${q(planId, `&period=${period}`)}`;
  let notices = 0;
  const ids = new Map(
    (await db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id] as const),
  );
  // One notice per statistician, naming each of their units with figures missing (a statistician
  // of two units gets one e-mail, not two with the same subject).
  const perUser = new Map<number, typeof units>();
  for (const unit of units) {
    const unitId = ids.get(unit.unitCode);
    if (unitId === undefined) continue;
    for (const user of await usersWithRole(db, 'statistician', unitId))
      perUser.set(user.id, [...(perUser.get(user.id) ?? []), unit]);
  }
  for (const [userId, theirs] of perUser) {
    const body = theirs
      .map((unit) =>
        [
          `${unit.unitName}：${month}尚有 ${unit.missing.length} 项未报送（应报 ${unit.due} 项），报送截止日期 ${due}。`,
          ...unit.missing.slice(0, 10).map((m) => `- ${m.name}`),
          ...(unit.missing.length > 10 ? [`- 等共 ${unit.missing.length} 项`] : []),
        ].join('\n'),
      )
      .join('\n\n');
    const sent = await db
      .transaction()
      .execute((trx) =>
        notifyUser(trx, userId, { key: `${stage.key}:u${userId}`, event: stage.event, subject, body, link }),
      );
    if (sent) notices++;
  }
  const robotBody = [
    `截止日期 ${due}（${when}），以下单位${month}数据尚未报送完整：`,
    ...units.map((u) => `- ${u.unitName}：未报 ${u.missing.length} / ${u.due} 项`),
  ].join('\n');
  notices += await db
    .transaction()
    .execute((trx) =>
      notifyRobots(trx, planId, { key: stage.key, event: stage.event, subject, body: robotBody, link }),
    );
  return { units: units.length, notices };
}

/** Each approver's submissions waiting in their units: one digest a day, none when nothing waits. */
export async function approverDigests(db: Db, planId: string, date = today()): Promise<number> {
  const units = await reportingUnits(db, planId);
  const figures = await db
    .selectFrom('actuals')
    .innerJoin('indicators', 'indicators.id', 'actuals.indicatorId')
    .select('actuals.indicatorId as id')
    .where('indicators.planId', '=', planId)
    .where('actuals.reviewState', '=', 'submitted')
    .execute();
  const tasks = await db
    .selectFrom('milestoneUpdates')
    .innerJoin('milestones', 'milestones.id', 'milestoneUpdates.milestoneId')
    .select('milestoneUpdates.milestoneId as id')
    .where('milestones.planId', '=', planId)
    .where('milestoneUpdates.reviewState', '=', 'submitted')
    .execute();
  const waiting = new Map<number, number>();
  for (const f of figures) {
    const u = units.indicators.get(f.id);
    if (u) waiting.set(u.id, (waiting.get(u.id) ?? 0) + 1);
  }
  for (const t of tasks) {
    const u = units.milestones.get(t.id);
    if (u) waiting.set(u.id, (waiting.get(u.id) ?? 0) + 1);
  }
  if (waiting.size === 0) return 0;
  const approvers = await db
    .selectFrom('users')
    .innerJoin('userUnits', 'userUnits.userId', 'users.id')
    .innerJoin('units', 'units.id', 'userUnits.unitId')
    .select(['users.id', 'userUnits.unitId', 'units.name as unitName'])
    .where('users.role', '=', 'approver')
    .where('users.disabled', '=', 0)
    .orderBy('users.id')
    .execute();
  const byUser = new Map<number, string[]>();
  const total = new Map<number, number>();
  for (const a of approvers) {
    const n = waiting.get(a.unitId);
    if (!n) continue;
    byUser.set(a.id, [...(byUser.get(a.id) ?? []), `- ${a.unitName}：${n} 项`]);
    total.set(a.id, (total.get(a.id) ?? 0) + n);
  }
  let sent = 0;
  for (const [userId, lines] of byUser) {
    const done = await db.transaction().execute((trx) =>
      notifyUser(trx, userId, {
        key: `approverDigest:${planId}:${date}:u${userId}`,
        event: 'approverDigest',
        subject: `【待审核】共 ${total.get(userId)} 项报送等待您审核（${formatDate(date, 'zh')}）`,
        body: ['以下单位有已报送、待审核的数据：', ...lines].join('\n'),
        link: `/review${q(planId)}`,
      }),
    );
    if (done) sent++;
  }
  return sent;
}

/**
 * Indicators newly 明显滞后 and tasks newly overdue, to leaders who subscribe and robots: worked out
 * once a day (the first run on `date` claims the day, so a restart or a second server adds
 * nothing). An item is named when it turns red since the last run, and again only after it has
 * recovered in between. The first run ever names what turned red since the previous month.
 */
export async function laggingDigest(db: Db, planId: string, date: string): Promise<number> {
  // The scheduler runs hourly: once the day is claimed, skip the first screen's computation.
  const state = await db
    .selectFrom('noticeLagging')
    .select('checkedOn')
    .where('planId', '=', planId)
    .executeTakeFirst();
  if (state?.checkedOn != null && state.checkedOn >= date) return 0;
  const screen = await firstScreen(db, planId);
  if (!screen) return 0;
  const red = screen.red.map((r) => r.code);
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('noticeLagging')
      .values({ planId, checkedOn: null, codes: null })
      .onConflict((oc) => oc.column('planId').doNothing())
      .execute();
    const before = await trx
      .selectFrom('noticeLagging')
      .select('codes')
      .where('planId', '=', planId)
      .executeTakeFirst();
    // The claim: on PostgreSQL a second server's UPDATE waits for this transaction, then finds the
    // day taken; SQLite's writers are serialised by BEGIN IMMEDIATE.
    const claim = await trx
      .updateTable('noticeLagging')
      .set({ checkedOn: date, codes: JSON.stringify(red) })
      .where('planId', '=', planId)
      .where((eb) => eb.or([eb('checkedOn', 'is', null), eb('checkedOn', '<', date)]))
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) === 0) return 0;
    const known: string[] | null = before?.codes ? (JSON.parse(before.codes) as string[]) : null;
    const fresh = new Set(known === null ? screen.newlyBehind : red.filter((c) => !known.includes(c)));
    const items = screen.red.filter((r) => fresh.has(r.code));
    if (items.length === 0) return 0;
    const month = formatPeriod(screen.period, 'zh');
    const subject = `【新增滞后】${formatDate(date, 'zh')}新增 ${items.length} 项明显滞后或逾期（${month}数据）`;
    const body = items
      .map((i) => {
        const lead = i.lead ? `（牵头单位：${i.lead.name}）` : '';
        return i.kind === 'indicator'
          ? `- ${i.name}${lead}：完成 ${i.taskProgress ?? '—'}%，序时进度 ${i.timeProgress ?? '—'}%`
          : `- ${i.name}${lead}：已逾期${i.daysOverdue ?? ''}天`;
      })
      .join('\n');
    const key = `laggingDigest:${planId}:${date}`;
    const draft = { event: 'laggingDigest' as const, subject, body, link: `/${q(planId, `&period=${screen.period}`)}` };
    let sent = 0;
    for (const role of NOTICE_EVENT_INFO.laggingDigest.roles)
      for (const user of await usersWithRole(trx, role)) {
        const wants = await subscriptionOf(trx, user.id, 'laggingDigest');
        if (!wants.email && !wants.inbox) continue;
        if (await notifyUser(trx, user.id, { ...draft, key: `${key}:u${user.id}` })) sent++;
      }
    return sent + (await notifyRobots(trx, planId, { ...draft, key }));
  });
}

/** Everything scheduled that is due by the clock's today and not yet enqueued. */
export async function runScheduledNotices(db: Db): Promise<number> {
  const date = today();
  let n = 0;
  for (const plan of await listPlans(db)) {
    if (date < plan.issuedOn) continue;
    n += (await reportingReminders(db, plan.id)).notices;
    n += await approverDigests(db, plan.id, date);
    n += await laggingDigest(db, plan.id, date);
  }
  return n;
}
