// Receipts (回执) of commits, from an upload over a real socket and from the web form through
// createCaller; 我的报送 with each item's review state; the plan's choice for units without an
// approver; an upload row's 备注 as its reason in the history.
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { describe, expect } from 'vitest';
import { saveActuals } from '../../server/queries/actuals';
import { auditTrail } from '../../server/queries/audit';
import { test as dbTest } from '../fixtures';
import { PLAN, addUser, asUser, boardValue, failure, reportingClock } from '../reporting';
import { test, type Outputs } from './upload-helpers';

type Receipt = Outputs['receipts']['get'];

/** A report sheet as people fill it: header then rows of [code, name, value, period, note]. */
async function reportFile(rows: unknown[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('报送');
  ws.addRow(['指标代码', '指标名称', '本月数值', '报告期', '备注']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('the receipt of an upload', { timeout: 30_000 }, () => {
  test('names the file and its sha256, the month, unit, submitter, counts and every figure old → new', async ({
    server,
  }) => {
    const id = (code: string) =>
      server.db
        .selectFrom('indicators')
        .select('id')
        .where('planId', '=', PLAN)
        .where('code', '=', code)
        .executeTakeFirstOrThrow()
        .then((r) => r.id);
    await saveActuals(
      server.db,
      PLAN,
      [{ indicatorId: await id('I-57-1'), series: 'value', period: '2022-10', value: 2 }],
      {
        source: 'entry',
        by: 'stat-finance',
      },
    );
    const cookie = await server.login('stat-finance');
    const file = await reportFile([
      ['I-41-2', '', 1200, '2022-10', '含两宗补录'],
      ['I-41-3', '', '12,300', '2022-10', ''],
      ['I-57-1', '', 2.1, '2022-10', '口径调整'],
      ['I-41-4', '', '', '2022-10', ''],
    ]);
    const preview = await server.upload(cookie, file, '=发改委10月.xlsx');
    expect(preview.body.summary).toMatchObject({ new: 2, changed: 1, errors: 0 });
    const done = await server.trpc<Outputs['upload']['commit']>(
      cookie,
      'upload.commit',
      { uploadId: preview.body.uploadId },
      true,
    );
    expect(done.status).toBe(200);
    expect(done.data).toMatchObject({ inserted: 2, updated: 1, unchanged: 0, pending: 3 });

    const read = (who: string) => server.trpc<Receipt>(who, 'receipts.get', { id: done.data.receiptId });
    const receipt = await read(cookie);
    expect(receipt.status).toBe(200);
    expect(receipt.data).toMatchObject({
      planId: PLAN,
      period: '2022-10',
      source: 'upload',
      uploadId: preview.body.uploadId,
      fileName: '=发改委10月.xlsx',
      sheet: '报送',
      sha256: createHash('sha256').update(file).digest('hex'),
      inserted: 2,
      updated: 1,
      unchanged: 0,
      pending: 3,
      reason: null,
      submittedBy: { username: 'stat-finance', displayName: '示例统计员' },
      units: ['区发展改革委'],
      itemCount: 3,
    });
    expect(
      receipt.data.items.map((i) => [i.code, i.oldValue, i.newValue, i.unitName, i.stateAtCommit, i.state]),
    ).toEqual([
      ['I-41-2', null, 1200, '区发展改革委', 'submitted', 'submitted'],
      ['I-41-3', null, 12300, '区发展改革委', 'submitted', 'submitted'],
      ['I-57-1', 2, 2.1, '区发展改革委', 'submitted', 'submitted'],
    ]);

    // The row's 备注 is the reason its figure carries into the history, new and changed alike.
    const history = await server.trpc<Outputs['history']['indicator']>(cookie, 'history.indicator', {
      planId: PLAN,
      code: 'I-57-1',
    });
    expect(history.data.revisions.map((r) => [r.oldValue, r.newValue, r.reason])).toEqual([
      [null, 2, null],
      [2, 2.1, '口径调整'],
    ]);
    const first = await server.trpc<Outputs['history']['indicator']>(cookie, 'history.indicator', {
      planId: PLAN,
      code: 'I-41-2',
    });
    expect(first.data.revisions.map((r) => r.reason)).toEqual(['含两宗补录']);

    // Who may read it: the submitter, the unit's approver, administrators; not a leader or another
    // unit's statistician.
    const admin = await server.login('admin');
    await server.trpc(
      admin,
      'users.create',
      {
        username: 'stat-commerce',
        displayName: '商务统计',
        password: 'demo1234',
        role: 'statistician',
        unitCodes: ['commerce-bureau'],
      },
      true,
    );
    for (const [who, status] of [
      ['approver-dr', 200],
      ['admin', 200],
      ['leader', 403],
      ['stat-commerce', 403],
    ] as const)
      expect([who, (await read(await server.login(who))).status]).toEqual([who, status]);
    const missing = await server.trpc(cookie, 'receipts.get', { id: '00000000-0000-4000-8000-000000000000' });
    expect([missing.status, missing.error.message]).toEqual([
      404,
      '没有这份回执（00000000-0000-4000-8000-000000000000）',
    ]);

    // The .xlsx: the same receipt, every text cell safe for a spreadsheet.
    const url = `${server.base}/api/receipts/${done.data.receiptId}.xlsx`;
    const res = await fetch(url, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('receipt-');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0]!;
    const texts: string[] = [];
    ws.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell((c) => void cells.push(c.text));
      texts.push(cells.join('|'));
    });
    const all = texts.join('\n');
    expect(all).toContain(`来源：文件“=发改委10月.xlsx”，工作表“报送”（SHA-256：${receipt.data.sha256}）`);
    expect(all).toContain('报送单位：区发展改革委');
    expect(all).toContain('数量：新增 2 项，修改 1 项，未变 0 项');
    expect(all).toContain('状态：待审核');
    const header = texts.findIndex((t) => t.includes('编号'));
    const rows: unknown[][] = [];
    ws.eachRow((row, n) => {
      if (n > header + 1) rows.push((row.values as unknown[]).slice(1, 8));
    });
    expect(rows.map((r) => [r[0], r[5] ?? null, r[6] ?? null])).toEqual([
      ['I-41-2', null, 1200],
      ['I-41-3', null, 12300],
      ['I-57-1', 2, 2.1],
    ]);
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { cookie: await server.login('leader') } })).status).toBe(403);
    expect(
      (await fetch(`${server.base}/api/receipts/${done.data.receiptId}.pdf`, { headers: { cookie } })).status,
    ).toBe(404);
  });
});

describe('the receipt of the web form and 我的报送', () => {
  dbTest(
    'a returned figure shows with the approver’s comment; a figure submitted again reads as such',
    async ({ accountsDb }) => {
      const clock = reportingClock();
      const stat = await asUser(accountsDb, 'stat-finance', clock);
      const saved = await stat.entry.save({
        planId: PLAN,
        period: '2022-10',
        rows: [{ code: 'I-41-2', value: 2000 }],
        milestones: [{ code: 'T-41-2', state: 'in_progress' }],
      });
      expect([typeof saved.receiptId, saved.pending]).toEqual(['string', 2]);
      const receipt = await stat.receipts.get({ id: saved.receiptId! });
      expect(receipt).toMatchObject({
        source: 'entry',
        fileName: null,
        sha256: null,
        inserted: 2,
        updated: 0,
        createdAt: '2022-11-03T02:00:00.000Z',
      });
      expect(receipt.items.map((i) => [i.kind, i.code, i.newValue, i.newState])).toEqual([
        ['figure', 'I-41-2', 2000, null],
        ['milestone', 'T-41-2', null, 'in_progress'],
      ]);

      const approver = await asUser(accountsDb, 'approver-dr', clock);
      const queue = await approver.review.queue({ planId: PLAN });
      await approver.review.return({
        planId: PLAN,
        items: [{ kind: 'figure', id: queue.figures[0]!.id }],
        comment: '数值偏高，请核实',
      });
      const [mine] = await stat.receipts.mine({ planId: PLAN });
      expect(mine!.items.map((i) => [i.code, i.state, i.comment, i.reviewedBy])).toEqual([
        ['I-41-2', 'returned', '数值偏高，请核实', '示例审核员'],
        ['T-41-2', 'submitted', null, null],
      ]);

      clock.advance(60_000);
      const again = await stat.entry.save({ planId: PLAN, period: '2022-10', rows: [{ code: 'I-41-2', value: 1800 }] });
      const list = await stat.receipts.mine({ planId: PLAN });
      expect(list.map((r) => r.id)).toEqual([again.receiptId, saved.receiptId]);
      expect(list[0]!.items.map((i) => [i.code, i.oldValue, i.newValue, i.state])).toEqual([
        ['I-41-2', 2000, 1800, 'submitted'],
      ]);
      expect(list[1]!.items.map((i) => i.state)).toEqual(['superseded', 'submitted']);
      // Others' receipts are not on anyone's list; leaders have no list.
      expect(await (await asUser(accountsDb, 'admin', clock)).receipts.mine({ planId: PLAN })).toEqual([]);
      expect(await failure((await asUser(accountsDb, 'leader', clock)).receipts.mine({ planId: PLAN }))).toMatchObject({
        code: 'FORBIDDEN',
      });
    },
  );

  dbTest('a refused save leaves no receipt', async ({ accountsDb }) => {
    const stat = await asUser(accountsDb, 'stat-finance');
    await failure(stat.entry.save({ planId: PLAN, period: '2022-10', rows: [{ code: 'I-41-2', value: -5 }] }));
    expect(await stat.receipts.mine({ planId: PLAN })).toEqual([]);
  });
});

describe('units that report but have no approver', () => {
  dbTest(
    'wait by default; the plan may let their figures count at once; the switch is audited',
    async ({ accountsDb }) => {
      const clock = reportingClock();
      const admin = await asUser(accountsDb, 'admin', clock);
      const stat = await asUser(accountsDb, 'stat-finance', clock);
      // 区财政局 (I-19-2) has a statistician and no approver; 区发展改革委 (I-41-2) has both.
      expect(await admin.review.noApprover({ planId: PLAN })).toEqual({
        planId: PLAN,
        units: ['区财政局'],
        approvalRequired: true,
        counts: false,
      });
      const waiting = await stat.entry.save({ planId: PLAN, period: '2022-09', rows: [{ code: 'I-19-2', value: 40 }] });
      expect(waiting.pending).toBe(1);
      expect(await boardValue(accountsDb, 'I-19-2', '2022-09')).toMatchObject({ pending: true });

      expect(await failure(stat.review.setNoApproverCounts({ planId: PLAN, counts: true }))).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(await admin.review.setNoApproverCounts({ planId: PLAN, counts: true })).toMatchObject({ counts: true });
      expect((await auditTrail(accountsDb, 'plan', PLAN)).map((e) => [e.action, e.detail])).toContainEqual([
        'plan.no_approver_counts',
        { noApproverCounts: [false, true] },
      ]);

      clock.advance(60_000);
      const counted = await stat.entry.save({
        planId: PLAN,
        period: '2022-10',
        rows: [
          { code: 'I-19-2', value: 45 },
          { code: 'I-41-2', value: 2000 },
        ],
      });
      expect(counted.pending).toBe(1);
      const receipt = await stat.receipts.get({ id: counted.receiptId! });
      expect(receipt.items.map((i) => [i.code, i.stateAtCommit])).toEqual([
        ['I-19-2', 'approved'],
        ['I-41-2', 'submitted'],
      ]);
      // (`pending`: the indicator has a month waiting; I-19-2's September still does.)
      expect(await boardValue(accountsDb, 'I-19-2', '2022-10')).toEqual({ value: 45, pending: true });
      expect(await boardValue(accountsDb, 'I-41-2', '2022-10')).toEqual({ value: null, pending: true });
      // The figure that waited before the switch still waits.
      expect((await admin.review.queue({ planId: PLAN })).figures.map((f) => [f.code, f.period])).toEqual([
        ['I-19-2', '2022-09'],
        ['I-41-2', '2022-10'],
      ]);

      // Once 区财政局 has an approver, its figures wait for that approver again (changing the figure
      // that counted needs a reason, as for any approved figure).
      await addUser(accountsDb, 'approver-finance', ['finance-bureau'], 'approver');
      expect((await admin.review.noApprover({ planId: PLAN })).units).toEqual([]);
      clock.advance(60_000);
      const after = await stat.entry.save({
        planId: PLAN,
        period: '2022-10',
        rows: [{ code: 'I-19-2', value: 46 }],
        reason: '财政口径复核',
      });
      expect(after.pending).toBe(1);
    },
  );
});
