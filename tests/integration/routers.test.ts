import { TRPCError } from '@trpc/server';
import { describe, expect } from 'vitest';
import { createCaller } from '../../server/routers/_app';
import { test } from '../fixtures';

describe('plan router', () => {
  test('lists the seeded plan', async ({ api }) => {
    expect(await api.plan.list()).toEqual([
      expect.objectContaining({ id: 'changping-2022', docNumber: '昌政发〔2022〕8号', validTo: '2022-12-31' }),
    ]);
  });

  test('returns the plan tree: 6 sections, 59 measures, lead unit first, measure 7 roles', async ({ api }) => {
    const { plan, sections } = await api.plan.tree({ planId: 'changping-2022' });
    expect(plan.issuedOn).toBe('2022-06-10');
    expect(sections.map((s) => s.title.slice(0, 6))).toHaveLength(6);
    const measures = sections.flatMap((s) => s.subsections.flatMap((sub) => sub.measures));
    expect(measures.map((m) => m.no)).toEqual(Array.from({ length: 59 }, (_, i) => i + 1));
    const m41 = measures.find((m) => m.no === 41);
    expect(m41?.units.map((u) => u.name)).toEqual(['区发展改革委', '市规自委昌平分局', '区住房城乡建设委']);
    const m7 = measures.find((m) => m.no === 7);
    expect(m7?.units[2]).toMatchObject({ name: '区国资委', role: '国有房屋组' });
  });

  test('names the missing plan', async ({ api }) => {
    await expect(api.plan.tree({ planId: 'nowhere-2030' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: "No plan 'nowhere-2030'",
    });
  });
});

describe('status router', () => {
  test('defaults to the latest month with data, not the wall clock', async ({ api }) => {
    const result = await api.status.forPeriod({ planId: 'changping-2022' });
    expect(result.period).toBe('2022-10');
    expect(result.periods.at(0)).toBe('2022-01');
    expect(result.demo).toBe(true);
    expect(result.measures).toHaveLength(59);
    const housing = result.indicators.find((i) => i.code === 'I-41-3');
    expect(housing?.sentence).toMatch(
      /^截至2022年10月，全区累计建设筹集保障性租赁住房[\d,]+套（间），完成年度目标的\d+\.\d%，(超|低于)序时进度\d+\.\d个百分点。$/,
    );
    expect(housing?.sentenceEn).toMatch(/^As of October 2022/);
  });

  test('follows the chosen month: earlier months have less progress and less elapsed time', async ({ api }) => {
    const oct = await api.status.forPeriod({ planId: 'changping-2022', period: '2022-10' });
    const jun = await api.status.forPeriod({ planId: 'changping-2022', period: '2022-06' });
    const land = (r: typeof oct) => r.indicators.find((i) => i.code === 'I-41-2')!.evaluation;
    expect(land(jun).timeProgress).toBeCloseTo(50, 5);
    expect(land(oct).timeProgress).toBeCloseTo((10 / 12) * 100, 5);
    expect(land(jun).value!).toBeLessThan(land(oct).value!);
    // the second-half land-supply batches are not yet due in June
    expect(jun.indicators.find((i) => i.code === 'I-41-1')?.evaluation.status).toBe('not_yet_due');
  });

  test('rejects a month that does not exist', async ({ api }) => {
    const err = await api.status.forPeriod({ planId: 'changping-2022', period: '2022-13' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe('BAD_REQUEST');
    expect((err as TRPCError).message).toContain('YYYY-MM');
  });

  test('a plan with no figures yet shows no data for every indicator', async ({ planDb }) => {
    const api = createCaller({ db: planDb });
    const result = await api.status.forPeriod({ planId: 'changping-2022' });
    expect(result.period).toBe('2022-06');
    expect(result.demo).toBe(false);
    expect(new Set(result.indicators.map((i) => i.evaluation.status))).toEqual(new Set(['no_data', 'not_yet_due']));
  });
});
