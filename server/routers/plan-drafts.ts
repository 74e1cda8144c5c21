import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { draftProblems, planDraftSchema } from '../../shared/plan-draft-schema';
import { planFromDraft } from '../plans/draft/publish';
import { syncPlan } from '../plans/sync';
import {
  findPlanDraft,
  listPlanDrafts,
  markPlanDraftPublished,
  planIdTakenByOther,
  updatePlanDraft,
} from '../queries/plan-drafts';
import { adminProcedure, router } from '../trpc';

const idInput = z.object({ id: z.string().min(1).max(100) });

async function draftRow(db: Parameters<typeof findPlanDraft>[0], id: string) {
  const row = await findPlanDraft(db, id);
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `没有草稿 ${id} / No plan draft '${id}'` });
  return row;
}

export const planDraftsRouter = router({
  list: adminProcedure.query(({ ctx }) => listPlanDrafts(ctx.db)),
  get: adminProcedure.input(idInput).query(async ({ ctx, input }) => {
    const row = await draftRow(ctx.db, input.id);
    const draft: unknown = JSON.parse(row.draft);
    return { ...row, draft: draft as z.input<typeof planDraftSchema>, problems: draftProblems(draft) };
  }),
  save: adminProcedure.input(idInput.extend({ draft: z.unknown() })).mutation(async ({ ctx, input }) => {
    await draftRow(ctx.db, input.id);
    // A draft may be saved with problems (work in progress); they are listed, and block publishing.
    if (typeof input.draft !== 'object' || input.draft === null)
      throw new TRPCError({ code: 'BAD_REQUEST', message: '草稿内容无效 / The draft is not an object' });
    await updatePlanDraft(ctx.db, input.id, input.draft, ctx.now().toISOString());
    return { problems: draftProblems(input.draft) };
  }),
  publish: adminProcedure.input(idInput).mutation(async ({ ctx, input }) => {
    const row = await draftRow(ctx.db, input.id);
    const raw: unknown = JSON.parse(row.draft);
    const problems = draftProblems(raw);
    if (problems.length > 0)
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: `草稿还有 ${problems.length} 处问题，未发布：${problems.slice(0, 5).join('；')}`,
      });
    const def = planFromDraft(planDraftSchema.parse(raw));
    if (await planIdTakenByOther(ctx.db, def.id, row.id))
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: `方案编号 ${def.id} 已被另一个方案使用，请改用新的编号 / Plan id '${def.id}' is taken`,
      });
    const now = ctx.now();
    const result = await syncPlan(ctx.db, def, () => {}, now);
    await markPlanDraftPublished(ctx.db, row.id, def.id, now.toISOString());
    return result;
  }),
});
