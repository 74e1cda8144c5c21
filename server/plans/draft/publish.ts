// Publishing a reviewed draft: the same checks as a plan.json (zod schema, then references), new
// units given codes of their own plan; the router then stores it with syncPlan.
import type { PlanDraft } from '../../../shared/plan-draft-schema';
import { planSchema, type PlanDef } from '../../../shared/plan-schema';

/**
 * The plan a draft publishes as. Drafted new units are `new-unit-N` in every draft, so they are
 * renamed `<plan id>-unit-N` to stay distinct from other plans' new units.
 */
export function planFromDraft(draft: PlanDraft): PlanDef {
  const rest = { ...draft };
  delete rest.draft;
  const rename = (code: string) => (/^new-unit-\d+$/.test(code) ? `${draft.id}-${code.slice(4)}` : code);
  return planSchema.parse({
    ...rest,
    units: rest.units.map((u) => ({ ...u, code: rename(u.code) })),
    measures: rest.measures.map((m) => ({ ...m, units: m.units.map((u) => ({ ...u, unit: rename(u.unit) })) })),
  });
}
