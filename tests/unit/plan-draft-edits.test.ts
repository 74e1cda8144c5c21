// Add, split and merge in the draft review, on the three-measure mini plan: each edit keeps the
// draft publishable (measures 1..N, codes following their measure) or is refused in Chinese.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addIndicator,
  addMeasure,
  addMilestone,
  mergeIndicators,
  mergeMeasureWithNext,
  splitIndicator,
  splitMeasure,
  type EditResult,
} from '../../shared/plan-draft-edits';
import { draftProblems, type PlanDraftInput } from '../../shared/plan-draft-schema';

const mini = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../fixtures/plans/mini-2023/plan.json'), 'utf8'),
) as PlanDraftInput;

function done(result: EditResult): PlanDraftInput {
  if (!result.ok) throw new Error(result.message);
  return result.draft;
}

const codes = (d: PlanDraftInput) => ({
  measures: d.measures.map((m) => m.no),
  indicators: d.indicators.map((i) => `${i.code}@${i.measure}`),
  milestones: d.milestones.map((t) => `${t.code}@${t.measure}`),
});

describe('draft edits', () => {
  it('splits a measure at a point of its text; the items in the second part move with it', () => {
    const at = mini.measures[0]!.text.indexOf('下半年');
    const d = done(splitMeasure(mini, 1, at));
    expect(d.measures.map((m) => m.text)).toEqual([
      '全年建设筹集保障性租赁住房1200套，',
      '下半年完成安置房建设任务。',
      '6月30日前出台住房保障管理办法。',
      '全年居民消费价格涨幅控制在3%左右。',
    ]);
    expect(d.measures[1]!.units).toEqual(mini.measures[0]!.units);
    expect(codes(d)).toEqual({
      measures: [1, 2, 3, 4],
      indicators: ['I-01-1@1', 'I-04-1@4'],
      milestones: ['T-02-1@2', 'T-03-1@3'],
    });
    expect(draftProblems(d)).toEqual([]);
  });

  it('merges a measure with the next one: texts joined, units united, items recoded', () => {
    const d = done(mergeMeasureWithNext(mini, 1));
    expect(d.measures).toHaveLength(2);
    expect(d.measures[0]!.text).toBe(
      '全年建设筹集保障性租赁住房1200套，下半年完成安置房建设任务。6月30日前出台住房保障管理办法。',
    );
    expect(codes(d)).toEqual({
      measures: [1, 2],
      indicators: ['I-01-1@1', 'I-02-1@2'],
      milestones: ['T-01-1@1', 'T-01-2@1'],
    });
    expect(draftProblems(d)).toEqual([]);
    expect(mergeMeasureWithNext(mini, 2)).toEqual({ ok: false, message: '第 2 条和第 3 条措施不在同一部分，不能合并' });
    expect(mergeMeasureWithNext(mini, 3)).toEqual({
      ok: false,
      message: '第 3 条是最后一条措施，后面没有可合并的措施',
    });
  });

  it('adds a measure, an indicator and a task; a new measure without items is a problem until it has one', () => {
    const d = done(addMeasure(mini, 1));
    expect(codes(d)).toEqual({
      measures: [1, 2, 3, 4],
      indicators: ['I-01-1@1', 'I-04-1@4'],
      milestones: ['T-01-1@1', 'T-03-1@3'],
    });
    expect(draftProblems(d)).toEqual(['measure 2 has neither an indicator nor a milestone']);
    const withTask = done(addMilestone(d, 2));
    expect(draftProblems(withTask)).toEqual([]);
    const withIndicator = done(addIndicator(mini, 1));
    expect(withIndicator.indicators.map((i) => i.code)).toEqual(['I-01-1', 'I-03-1', 'I-01-2']);
    expect(draftProblems(withIndicator)).toEqual([]);
    expect(addIndicator(mini, 9)).toEqual({ ok: false, message: '没有第 9 条措施' });
  });

  it('splits an indicator into two and merges them back; refuses merges across measures or units', () => {
    const split = done(splitIndicator(mini, 'I-01-1'));
    expect(split.indicators.map((i) => i.code)).toEqual(['I-01-1', 'I-01-2', 'I-03-1']);
    expect(split.indicators[1]!.name).toBe(`${mini.indicators[0]!.name}（二）`);
    expect(draftProblems(split)).toEqual([]);
    const merged = done(mergeIndicators(split, ['I-01-1', 'I-01-2']));
    expect(merged.indicators.map((i) => i.code)).toEqual(['I-01-1', 'I-03-1']);
    expect(mergeIndicators(mini, ['I-01-1'])).toEqual({ ok: false, message: '请至少选择两个指标再合并' });
    expect(mergeIndicators(mini, ['I-01-1', 'I-03-1'])).toEqual({
      ok: false,
      message: '只能合并同一措施下的指标（所选指标分属第 1、3 条措施）',
    });
    const otherUnit = {
      ...split,
      indicators: split.indicators.map((i) => (i.code === 'I-01-2' ? { ...i, unit: '万元' } : i)),
    };
    expect(mergeIndicators(otherUnit, ['I-01-1', 'I-01-2'])).toEqual({
      ok: false,
      message: '所选指标的单位不同（套、万元），不能合并',
    });
    expect(splitMeasure(mini, 2, 0)).toEqual({
      ok: false,
      message: '拆分位置须在第 2 条措施的原文中间（1 至 16 字之间）',
    });
  });
});
