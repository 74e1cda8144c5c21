// The same figure through the web form's API (entry.check, entry.save) and through an upload's dry
// run gets the same verdict and the same words: the table of cases the unit test also reads.
import ExcelJS from 'exceljs';
import { describe, expect } from 'vitest';
import { saveActuals } from '../../server/queries/actuals';
import { count } from '../fixtures';
import { FIGURE_CASES } from '../figure-cases';
import { PLAN, test, type Outputs } from './upload-helpers';

async function oneRowFile(code: string, value: number, period: string, note?: string) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('报送');
  ws.addRow(['指标代码', '本月数值', '报告期', '备注']);
  ws.addRow([code, value, period, note ?? null]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The upload's cell messages without the "第2行“本月数值”列：" in front. */
const cellText = (list: readonly { message: string }[]) =>
  list.map((p) => p.message.replace(/^第\d+行(“[^”]+”列)?：/, ''));

describe('one verdict for a figure on the form, the API and the upload', { timeout: 60_000 }, () => {
  test.for(FIGURE_CASES)('$name', async (c, { server }) => {
    const { id } = await server.db
      .selectFrom('indicators')
      .select('id')
      .where('planId', '=', PLAN)
      .where('code', '=', c.code)
      .executeTakeFirstOrThrow();
    if (c.history.length > 0)
      await saveActuals(
        server.db,
        PLAN,
        c.history.map(([period, value]) => ({ indicatorId: id, series: c.series, period, value })),
        { source: 'entry', by: 'admin' },
      );
    const cookie = await server.login('admin');
    const fileCode = c.series === 'value' ? c.code : `${c.code}${c.series}`;

    const checked = await server.trpc<Outputs['entry']['check']>(cookie, 'entry.check', {
      planId: PLAN,
      period: c.period,
      rows: [{ code: c.code, series: c.series, value: c.value }],
    });
    const form = checked.data.warnings;
    expect(form.map((w) => w.kind)).toEqual(c.kinds);
    const verdict = form.some((w) => w.severity === 'error') ? 'error' : form.length > 0 ? 'warning' : 'ok';
    expect(verdict).toBe(c.verdict);
    if (c.message) expect(form.map((w) => w.message)).toEqual([c.message]);

    const { body } = await server.upload(cookie, await oneRowFile(fileCode, c.value, c.period), 'case.xlsx');
    const row = body.rows[0]!;
    const said = cellText(c.verdict === 'error' ? row.problems : row.warnings);
    expect(said).toEqual(form.map((w) => w.message));
    expect(row.status === 'error' ? 'error' : row.warnings.length > 0 ? 'warning' : 'ok').toBe(c.verdict);
    expect(row.needsReason).toBe(c.needs === 'reason');

    // Saving: an error writes nothing; a warning that needs a reason is refused without one and
    // saved with the row's 备注; a confirmation or a fine figure is saved as sent.
    const before = await count(server.db, 'actuals');
    const save = (note?: string) =>
      server.trpc<Outputs['entry']['save']>(
        cookie,
        'entry.save',
        { planId: PLAN, period: c.period, rows: [{ code: c.code, series: c.series, value: c.value, note }] },
        true,
      );
    const bare = await save();
    if (c.verdict === 'error' || c.needs === 'reason') {
      expect(bare.status).toBe(400);
      expect(bare.error.message).toContain(c.message ?? form[0]!.message);
      expect(bare.error.message).not.toMatch(/ \/ [A-Z]/);
      expect(await count(server.db, 'actuals')).toBe(before);
    } else expect(bare.status).toBe(200);
    if (c.needs === 'reason') {
      expect((await save('统计口径调整')).status).toBe(200);
      expect(await count(server.db, 'actuals')).toBe(before + 1);
    }
  });
});
