// A drafted plan: the plan.json shape plus, for each drafted item, where it came from in the text
// and how sure the drafter is. Publishing strips `draft` and validates with `planSchema` alone.
import { z } from 'zod';
import { checkPlanReferences, planSchema } from './plan-schema';

/** Below this confidence an item is flagged for review (CLI report, review page). */
export const LOW_CONFIDENCE = 0.8;

export const draftNoteSchema = z.strictObject({
  /** What the note is about: `meta:docNumber`, `unit:tax-bureau`, `measure:7`, `indicator:I-09-1`, `milestone:T-01-1`. */
  item: z.string().min(1),
  /** The exact source phrase (original characters, line breaks included). */
  source: z.string(),
  /** Character offsets into the source text, end exclusive. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  confidence: z.number().min(0).max(1),
  /** Why the confidence is low, in Chinese (数字后无单位, 比较词不明 …). */
  reason: z.string().optional(),
});
export type DraftNote = z.infer<typeof draftNoteSchema>;

export const planDraftSchema = planSchema.extend({
  draft: z
    .strictObject({
      /** Name of the file the text came from. */
      file: z.string(),
      notes: z.array(draftNoteSchema),
    })
    .optional(),
});
export type PlanDraft = z.infer<typeof planDraftSchema>;
export type PlanDraftInput = z.input<typeof planDraftSchema>;

export function lowConfidenceNotes(draft: Pick<PlanDraft, 'draft'>): DraftNote[] {
  return (draft.draft?.notes ?? []).filter((n) => n.confidence < LOW_CONFIDENCE);
}

/** Every problem of a draft as "path: message" lines (schema, then references); empty when publishable. */
export function draftProblems(draft: unknown): string[] {
  const parsed = planDraftSchema.safeParse(draft);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.') || '(根)'}: ${i.message}`);
  return checkPlanReferences(parsed.data);
}
