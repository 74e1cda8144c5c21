import { describe, expect } from 'vitest';
import { createCaller } from '../../server/routers/_app';
import { saveActuals } from '../../server/queries/actuals';
import { measureDetail } from '../../server/queries/board';
import { boardSections } from '../../shared/board/sections';
import { test } from '../fixtures';

describe('board.overview', () => {
  test('gives each measure’s status and items for the period, joined to the plan tree as the page does', async ({
    api,
  }) => {
    const o = await api.board.overview({ planId: 'changping-2022', period: '2022-10' });
    expect(o.period).toBe('2022-10');
    const { sections } = await api.plan.tree({ planId: 'changping-2022' });
    const measures = boardSections(sections, o).flatMap((s) => s.subsections.flatMap((sub) => sub.measures));
    expect(measures).toHaveLength(59);
    const m41 = measures.find((m) => m.no === 41)!;
    expect(m41.indicators.map((i) => i.code)).toEqual(['I-41-1', 'I-41-2', 'I-41-3', 'I-41-4', 'I-41-5']);
    expect(m41.units[0]?.name).toBe('区发展改革委');
    // a measure's status is its most pressing item's
    const worst = ['missed', 'behind', 'at_risk', 'no_data', 'on_track', 'achieved', 'not_yet_due'];
    for (const m of measures) {
      const items = [...m.indicators, ...m.milestones].map((i) => worst.indexOf(i.evaluation.status));
      expect(worst.indexOf(m.status), `measure ${m.no}`).toBe(Math.min(...items));
    }
  });
});

describe('board.measure', () => {
  test('gives measure 41 with every indicator, its monthly points and its definition', async ({ api }) => {
    const d = await api.board.measure({ planId: 'changping-2022', no: 41 });
    expect(d.measure.text).toContain('推动2022年供应产业用地2500亩以上');
    expect(d.measure.units.map((u) => u.name)).toEqual(['区发展改革委', '市规自委昌平分局', '区住房城乡建设委']);
    const land = d.indicators.find((i) => i.code === 'I-41-2')!;
    expect(land.definition).toMatchObject({ kind: 'cumulative', target: 2500, unit: '亩' });
    expect(land.points.map((p) => p.period)).toEqual([
      '2022-01',
      '2022-02',
      '2022-03',
      '2022-04',
      '2022-05',
      '2022-06',
      '2022-07',
      '2022-08',
      '2022-09',
      '2022-10',
    ]);
    expect(land.points.every((p) => p.demo && !p.revised)).toBe(true);
    expect(d.milestones.map((m) => m.code)).toContain('T-41-1');
  });

  test('marks a point revised once its value was changed after first being reported', async ({ planDb }) => {
    const { id } = await planDb
      .selectFrom('indicators')
      .select('id')
      .where('code', '=', 'I-41-2')
      .executeTakeFirstOrThrow();
    await planDb.updateTable('plans').set({ approvalRequired: 0 }).execute();
    const write = (value: number) =>
      saveActuals(planDb, 'changping-2022', [{ indicatorId: id, series: 'value', period: '2022-05', value }], {
        source: 'entry',
        by: 's',
      });
    await write(900);
    const api = createCaller({ db: planDb });
    expect((await api.board.measure({ planId: 'changping-2022', no: 41 })).indicators[1]?.points[0]?.revised).toBe(
      false,
    );
    await write(950);
    const point = (await api.board.measure({ planId: 'changping-2022', no: 41 })).indicators[1]?.points[0];
    expect(point).toMatchObject({ period: '2022-05', value: 950, revised: true, demo: false });
  });

  test('with approval on, a submitted figure is shown beside the approved one, not instead of it', async ({
    planDb,
  }) => {
    const { id } = await planDb
      .selectFrom('indicators')
      .select('id')
      .where('code', '=', 'I-41-2')
      .executeTakeFirstOrThrow();
    await saveActuals(planDb, 'changping-2022', [{ indicatorId: id, series: 'value', period: '2022-05', value: 900 }], {
      source: 'entry',
      by: 's',
    });
    const api = createCaller({ db: planDb });
    expect((await api.board.measure({ planId: 'changping-2022', no: 41 })).indicators[1]?.points).toEqual([]);
    await planDb.updateTable('actuals').set({ reviewState: 'approved', approvedValue: 900 }).execute();
    await saveActuals(planDb, 'changping-2022', [{ indicatorId: id, series: 'value', period: '2022-05', value: 950 }], {
      source: 'entry',
      by: 's',
      reason: '更正',
    });
    // The submission is the reporting unit's draft: shown to it and to administrators only.
    const point = (await api.board.measure({ planId: 'changping-2022', no: 41 })).indicators[1]?.points[0];
    expect(point).toMatchObject({ value: 900, submitted: null, revised: true });
    const forAdmins = (await measureDetail(planDb, 'changping-2022', 41, undefined, 'all'))?.indicators[1]?.points[0];
    expect(forAdmins).toMatchObject({ value: 900, submitted: 950, revised: true });
  });

  test('names a measure that does not exist', async ({ api }) => {
    await expect(api.board.measure({ planId: 'changping-2022', no: 60 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: "No measure 60 in plan 'changping-2022'",
    });
  });
});

describe('board.units', () => {
  test('ranks units by the items they lead, behind or missed over led, supports beside', async ({ api }) => {
    const u = await api.board.units({ planId: 'changping-2022', period: '2022-10' });
    const shares = u.ranked.map((x) => x.laggingShare);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    const finance = u.ranked.find((x) => x.name === '区财政局')!;
    expect(finance.leads).toContain(18);
    expect(finance.supports).toContain(1);
    const reform = u.ranked.find((x) => x.name === '区发展改革委')!;
    expect(reform.leads).toContain(41);
    expect(reform.supports).not.toContain(41);
    const counted = Object.values(reform.led.counts).reduce((a, b) => a + b, 0);
    expect(counted).toBe(reform.led.items);
  });

  test('the share is over every indicator and milestone task of the measures a unit leads', async ({ api }) => {
    const u = await api.board.units({ planId: 'changping-2022', period: '2022-10' });
    const status = await api.status.forPeriod({ planId: 'changping-2022', period: '2022-10' });
    const { sections } = await api.plan.tree({ planId: 'changping-2022' });
    const measures = sections.flatMap((s) => s.subsections.flatMap((sub) => sub.measures));
    const items = [...status.indicators, ...status.milestones];
    for (const unit of [...u.ranked, ...u.apart]) {
      const led = new Set(measures.filter((m) => m.units[0]?.code === unit.code).map((m) => m.no));
      const mine = items.filter((i) => led.has(i.measureNo));
      const lagging = mine.filter((i) => ['behind', 'missed'].includes(i.evaluation.status));
      expect([...unit.leads].sort((a, b) => a - b)).toEqual([...led].sort((a, b) => a - b));
      expect(unit.led).toMatchObject({ items: mine.length, lagging: lagging.length });
      expect(unit.laggingShare).toBe(mine.length === 0 ? 0 : lagging.length / mine.length);
    }
    // The supporting units of the lagging measures no longer top the list on their partners' figures.
    const top = u.ranked[0]!;
    expect(top.led.lagging).toBeGreaterThan(0);
    expect(u.apart.every((x) => x.led.items === 0 && x.leads.length === 0)).toBe(true);
    expect(u.apart.length).toBeGreaterThan(0);
    expect(u.ranked.every((x) => x.led.items > 0)).toBe(true);
    // Issue 16: supporting units no longer rank first; the lead units of the lagging measures do.
    expect(u.apart.map((x) => x.name)).toContain('未来科学城管委会');
    const place = (name: string) => u.ranked.findIndex((x) => x.name === name);
    for (const lead of ['区金融办', '区经济信息化局']) {
      expect(u.ranked[place(lead)]!.led.lagging).toBeGreaterThan(0);
      expect(place(lead)).toBeLessThan(place('生命科学园管委会'));
    }
  });
});
