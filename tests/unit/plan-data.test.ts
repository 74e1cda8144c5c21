// The Changping plan as data, checked against the plan's own text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { numbersInPhrase } from '../../shared/quantity';
import { changping, changpingDir, repoRoot } from '../fixtures';

const source = readFileSync(path.join(changpingDir, 'source.txt'), 'utf8');
/** The source with its stray spaces and line breaks removed, as measure texts are stored. */
const cleanSource = source.replace(/[\s\u3000]+/g, '');

describe('Changping 2022 plan definition', () => {
  it('keeps the metadata of the issued document', () => {
    expect(changping).toMatchObject({
      docNumber: '昌政发〔2022〕8号',
      issuedOn: '2022-06-10',
      validTo: '2022-12-31',
      issuer: '北京市昌平区人民政府',
      title: '昌平区贯彻落实统筹疫情防控和稳定经济增长的实施方案',
    });
    expect(source).toContain(changping.docNumber);
  });

  it('has 6 sections and measures numbered 1–59 without gaps', () => {
    expect(changping.sections.map((s) => s.no)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(changping.measures.map((m) => m.no)).toEqual(Array.from({ length: 59 }, (_, i) => i + 1));
  });

  it.each(changping.measures.map((m) => [m.no, m] as const))('measure %i keeps the source wording', (_no, m) => {
    const escaped = m.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(cleanSource).toMatch(new RegExp(`${m.no}[.．]${escaped}（责任单位`)); // wording unchanged
    expect(m.text).not.toMatch(/[\s\u3000]/); // stray spaces and line breaks cleaned
  });

  it('resolves every unit reference into one registry, lead unit first', () => {
    const codes = new Set(changping.units.map((u) => u.code));
    for (const m of changping.measures)
      for (const u of m.units) expect(codes.has(u.unit), `${m.no}: ${u.unit}`).toBe(true);
    expect(changping.units.filter((u) => u.name === '区财政局')).toHaveLength(1);
    const byName = new Map(changping.units.map((u) => [u.code, u]));
    expect(byName.get(changping.measures[40]!.units[0]!.unit)?.name).toBe('区发展改革委');
    for (const name of ['各镇街', '各行业主管部门', '各部门'])
      expect(changping.units.find((u) => u.name === name)?.kind).toBe('group');
  });

  it("keeps measure 7's role groups with their role names", () => {
    const m7 = changping.measures[6]!;
    const names = new Map(changping.units.map((u) => [u.code, u.name]));
    expect(m7.units.map((u) => `${u.role}—${names.get(u.unit)}`)).toEqual([
      '办公室—区发展改革委',
      '办公室—区财政局',
      '国有房屋组—区国资委',
      '集体企业组—各镇街',
      '集体企业组—昌发展公司',
      '非国有房屋科技型孵化器组—区科委',
      '非国有房屋商场卖场组—区商务局',
      '非国有房屋商场卖场组—各镇街',
    ]);
    expect(m7.units.every((u) => u.roleEn)).toBe(true);
  });

  it.each(changping.indicators.map((i) => [i.code, i] as const))(
    '%s: source phrase is in its measure and states the target',
    (_code, ind) => {
      const measure = changping.measures[ind.measure - 1]!;
      expect(measure.text).toContain(ind.source);
      const numbers = numbersInPhrase(ind.source, ind.unit);
      const targets = ind.kind === 'range' ? [ind.min, ind.max] : [ind.target];
      // Phrases that list items instead of a count ("三所学校" named one by one) state no number.
      if (numbers.length > 0) for (const t of targets) expect(numbers).toContain(t);
    },
  );

  it.each(changping.milestones.map((m) => [m.code, m] as const))('%s: task comes from its measure', (_code, ms) => {
    const text = changping.measures[ms.measure - 1]!.text;
    expect(text).toContain(ms.source);
    if (ms.deadlineSource) expect(text).toContain(ms.deadlineSource);
    expect(ms.deadline <= changping.validTo).toBe(true);
  });

  it('has an indicator for each numeric target named in the brief', () => {
    const find = (measure: number, predicate: (i: (typeof changping.indicators)[number]) => boolean) =>
      changping.indicators.filter((i) => i.measure === measure).find(predicate);
    const target = (i: (typeof changping.indicators)[number] | undefined) =>
      i && i.kind !== 'range' ? i.target : undefined;
    expect(target(find(41, (i) => i.unit === '亩'))).toBe(2500);
    expect(target(find(41, (i) => i.name.includes('保障性租赁住房')))).toBe(15000);
    expect(target(find(41, (i) => i.name.includes('公租房')))).toBe(604);
    expect(target(find(41, (i) => i.name.includes('竣工')))).toBe(3800);
    expect(target(find(54, () => true))).toBe(3600);
    expect(find(57, () => true)).toMatchObject({ kind: 'ceiling', target: 3, tolerance: 0.5, unit: '%' });
    expect(find(9, () => true)).toMatchObject({ kind: 'spread', target: 10 });
    expect(find(58, (i) => i.name.includes('粮食'))).toMatchObject({ target: 20400, unit: '亩' });
    expect(find(58, (i) => i.name.includes('蔬菜'))).toMatchObject({ target: 18700, unit: '亩' });
    expect(changping.indicators.filter((i) => i.measure === 38).map(target)).toEqual([60, 63]);
    expect(
      changping.indicators
        .filter((i) => i.measure === 39)
        .map(target)
        .slice(0, 2),
    ).toEqual([23, 7]);
    expect(changping.indicators.filter((i) => i.measure === 13).map(target)).toEqual([243, 1654]);
    expect(target(find(44, (i) => i.kind === 'cumulative'))).toBe(20);
    expect(find(44, (i) => i.kind === 'range')).toMatchObject({ min: 1, max: 2 });
    expect(target(find(51, (i) => i.kind === 'cumulative'))).toBe(10);
    expect(find(11, () => true)).toMatchObject({ kind: 'ceiling', target: 0.5, tolerance: 0 });
    expect(changping.indicators.filter((i) => i.measure === 19 && i.kind === 'floor').map(target)).toEqual([40, 70]);
    expect(find(8, () => true)).toMatchObject({ kind: 'floor', target: 10 });
    expect(find(47, () => true)).toMatchObject({ target: 2000, unit: '万元' });
    expect(find(41, (i) => i.kind === 'range')).toMatchObject({ min: 1, max: 2, periodStart: '2022-07' });
    expect(changping.indicators.length).toBeGreaterThanOrEqual(25);
  });

  it('gives every measure without a numeric target a dated milestone', () => {
    for (const m of changping.measures) {
      const tracked =
        changping.indicators.some((i) => i.measure === m.no) || changping.milestones.some((t) => t.measure === m.no);
      expect(tracked, `measure ${m.no}`).toBe(true);
    }
    expect(changping.milestones.find((t) => t.deadlineSource === '6月30日前')?.deadline).toBe('2022-06-30');
    expect(changping.milestones.find((t) => t.deadlineSource === '10月份')?.deadline).toBe('2022-10-31');
  });

  it('is listed in the README, every indicator with its target and source phrase', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    for (const ind of changping.indicators) {
      const line = readme.split('\n').find((l) => new RegExp(`^\\|\\s*${ind.code}\\s*\\|`).test(l));
      expect(line, ind.code).toBeDefined();
      expect(line).toContain(ind.source);
    }
  });
});
