// A dry run reads the plan's stored figures a page at a time (preview.ts) and saveActuals reads a
// batch's stored rows a hundred indicators at a time (actuals.ts): with more figures than one page
// or read holds, every stored figure must still be found.
import { expect } from 'vitest';
import { syncPlan } from '../../server/plans/sync';
import { saveActuals } from '../../server/queries/actuals';
import { listIndicatorDefs } from '../../server/queries/indicators';
import { parseFile } from '../../server/upload/parse';
import { buildPreview } from '../../server/upload/preview';
import type { RawRow } from '../../server/upload/table';
import { TEMPLATE_HEADER } from '../../server/upload/template';
import { addMonths } from '../../shared/period';
import { cumulativePlan, FIRST_MONTH } from '../bench/scale-plans';
import { silent, test } from '../fixtures';

const INDICATORS = 110;
const MONTHS = 60; // 6,600 stored figures: more than a page (5,000) and than one read's 100 indicators

test('a file of every stored figure again, one changed: 6,599 unchanged, 1 changed, and a commit updates only that one', async ({
  emptyDb: db,
}) => {
  const plan = cumulativePlan(3, INDICATORS, MONTHS);
  await syncPlan(db, plan, silent);
  await db.updateTable('plans').set({ approvalRequired: 0 }).execute();
  const defs = await listIndicatorDefs(db, plan.id);
  const figures = defs.flatMap(({ id }) =>
    Array.from({ length: MONTHS }, (_, m) => ({
      indicatorId: id,
      series: 'value' as const,
      period: addMonths(FIRST_MONTH, m),
      value: m + 1,
    })),
  );
  expect(await saveActuals(db, plan.id, figures, { source: 'upload', by: 'stat' })).toMatchObject({
    inserted: INDICATORS * MONTHS,
  });

  const last = addMonths(FIRST_MONTH, MONTHS - 1);
  const lines = [TEMPLATE_HEADER.join(',')];
  for (const { def } of defs)
    for (let m = 0; m < MONTHS; m++) {
      // The very last figure of the file changes; every other one is given as stored.
      const value = def === defs.at(-1)!.def && m === MONTHS - 1 ? MONTHS + 5 : m + 1;
      lines.push([def.code, def.name, def.unit, '1—N月累计', addMonths(FIRST_MONTH, m), '', value, ''].join(','));
    }
  const rows: RawRow[] = [];
  const head = await parseFile(
    { bytes: new TextEncoder().encode(lines.join('\n')), report: last, sheet: null },
    (chunk) => rows.push(...chunk),
  );
  const admin = { id: 1, username: 'admin', displayName: 'Admin', role: 'admin' as const, units: [] };
  const preview = await buildPreview(db, {
    planId: plan.id,
    period: last,
    approvalRequired: false,
    user: admin,
    parsed: { ...head, rows },
  });
  expect(preview.summary).toMatchObject({ rows: INDICATORS * MONTHS, new: 0, changed: 1, unchanged: 6_599, errors: 0 });
  // Every row is kept for the commit, each expecting the value the preview saw.
  const writes = [...preview.writes];
  expect(writes).toHaveLength(INDICATORS * MONTHS);
  expect(writes.filter((w) => w.value !== w.expected)).toEqual([
    expect.objectContaining({ code: defs.at(-1)!.def.code, period: last, value: MONTHS + 5, expected: MONTHS }),
  ]);

  // Written again whole (as saveActuals sees a batch of every figure): only the changed one moves.
  const again = figures.map((f) =>
    f.indicatorId === defs.at(-1)!.id && f.period === last ? { ...f, value: MONTHS + 5 } : f,
  );
  expect(await saveActuals(db, plan.id, again, { source: 'upload', by: 'stat' })).toMatchObject({
    inserted: 0,
    updated: 1,
    unchanged: 6_599,
  });
});
