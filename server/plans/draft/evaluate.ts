// Measuring a draft against hand-written answers: measures with the right number and lead unit,
// responsible units, indicators with exactly the right value + unit + kind, and dated milestones
// with the right deadline, as recall and precision. Used by `npm run plan:eval` and the tests.
import { z } from 'zod';
import type { PlanDraft } from '../../../shared/plan-draft-schema';
import type { PlanDef } from '../../../shared/plan-schema';
import { normalise } from './units';

export const answersSchema = z.object({
  origin: z.string(),
  measures: z.array(z.object({ no: z.number(), lead: z.string() })),
  /** Every responsible unit's name, when the answers list them. */
  units: z.array(z.string()).optional(),
  indicators: z.array(
    z.object({
      measure: z.number(),
      kind: z.string(),
      value: z.number().optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      unit: z.string(),
    }),
  ),
  /** Milestones whose deadline the text states. */
  milestones: z.array(z.object({ measure: z.number(), deadline: z.string() })),
});
export type Answers = z.infer<typeof answersSchema>;

/** Answers taken from a hand-made plan.json (Changping's). */
export function answersFromPlan(plan: PlanDef): Answers {
  const name = new Map(plan.units.map((u) => [u.code, u.name]));
  return {
    origin: `hand-made plan.json of ${plan.id}`,
    measures: plan.measures.map((m) => ({ no: m.no, lead: name.get(m.units[0]?.unit ?? '') ?? '' })),
    units: [...new Set(plan.measures.flatMap((m) => m.units.map((u) => name.get(u.unit) ?? '')))],
    indicators: plan.indicators.map((i) =>
      i.kind === 'range'
        ? { measure: i.measure, kind: i.kind, min: i.min, max: i.max, unit: i.unit }
        : { measure: i.measure, kind: i.kind, value: i.target, unit: i.unit },
    ),
    milestones: plan.milestones
      .filter((m) => m.deadlineSource)
      .map((m) => ({ measure: m.measure, deadline: m.deadline })),
  };
}

export interface Score {
  found: number;
  expected: number;
  drafted: number;
  recall: number;
  precision: number;
}

function score(expected: string[], drafted: string[]): Score {
  const left = [...expected];
  let found = 0;
  for (const d of drafted) {
    const at = left.indexOf(d);
    if (at >= 0) {
      left.splice(at, 1);
      found++;
    }
  }
  return {
    found,
    expected: expected.length,
    drafted: drafted.length,
    recall: expected.length ? found / expected.length : 1,
    precision: drafted.length ? found / drafted.length : 1,
  };
}

export interface Evaluation {
  measures: Score;
  units: Score | null;
  indicators: Score;
  milestones: Score;
  /** Indicators expected but not drafted, and drafted but not expected (keys). */
  missed: string[];
  extra: string[];
}

export function evaluateDraft(draft: PlanDraft, answers: Answers): Evaluation {
  // Names compare in their long form: 区人社局 in the answers is the registry's 区人力社保局.
  const name = new Map(draft.units.map((u) => [u.code, normalise(u.name)]));
  const measures = score(
    answers.measures.map((m) => `${m.no}:${normalise(m.lead)}`),
    draft.measures.map((m) => `${m.no}:${name.get(m.units[0]?.unit ?? '') ?? ''}`),
  );
  const units = answers.units
    ? score(answers.units.map(normalise), [
        ...new Set(draft.measures.flatMap((m) => m.units.map((u) => name.get(u.unit) ?? ''))),
      ])
    : null;
  const key = (i: { measure: number; kind: string; value?: number; min?: number; max?: number; unit: string }) =>
    i.kind === 'range' ? `${i.measure}:range:${i.min}-${i.max}${i.unit}` : `${i.measure}:${i.kind}:${i.value}${i.unit}`;
  const expectedIndicators = answers.indicators.map(key);
  const draftedIndicators = draft.indicators.map((i) =>
    key(i.kind === 'range' ? { ...i, min: i.min, max: i.max } : { ...i, value: i.target }),
  );
  const indicators = score(expectedIndicators, draftedIndicators);
  // Recall: each stated deadline found on some milestone of its measure. Precision: each deadline
  // the drafter read from the text (not defaulted) is one the answers state.
  const ms = (m: { measure: number; deadline: string }) => `${m.measure}:${m.deadline}`;
  const draftedAll = draft.milestones.map(ms);
  const expectedMs = answers.milestones.map(ms);
  const msFound = expectedMs.filter((k) => draftedAll.includes(k)).length;
  const dated = draft.milestones.filter((m) => m.deadlineSource).map(ms);
  const datedRight = dated.filter((k) => expectedMs.includes(k)).length;
  const milestones: Score = {
    found: msFound,
    expected: expectedMs.length,
    drafted: dated.length,
    recall: expectedMs.length ? msFound / expectedMs.length : 1,
    precision: dated.length ? datedRight / dated.length : 1,
  };
  return {
    measures,
    units,
    indicators,
    milestones,
    missed: expectedIndicators.filter((k) => !draftedIndicators.includes(k)),
    extra: draftedIndicators.filter((k) => !expectedIndicators.includes(k)),
  };
}
