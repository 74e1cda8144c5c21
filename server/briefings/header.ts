// A plan's 版头 and 版记 (GB/T 9704): the briefing's name, the issuing office, the 报/送 lines and
// the printing office, with defaults until someone saves them; and the 期号, counted per plan and
// year of the 成文日期.
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db/connect';

const line = (max: number) => z.string().trim().max(max, `不能超过${max}字 / At most ${max} characters`);

export const briefingHeaderSchema = z.object({
  name: line(40).min(1, '请填写简报名称 / Enter the briefing name'),
  issuer: line(40).min(1, '请填写编发单位 / Enter the issuing office'),
  reportTo: line(300),
  copyTo: line(300),
  printedBy: line(40).min(1, '请填写印发单位 / Enter the printing office'),
});

export type BriefingHeader = z.infer<typeof briefingHeaderSchema>;

export const DEFAULT_HEADER: BriefingHeader = {
  name: '重点任务落实情况通报',
  issuer: '区政府督查室',
  reportTo: '区委、区政府领导',
  copyTo: '区人大常委会办公室，区政协办公室',
  printedBy: '区政府督查室',
};

export async function briefingHeader(db: Db, planId: string): Promise<BriefingHeader & { saved: boolean }> {
  const row = await db
    .selectFrom('briefingHeaders')
    .select(['name', 'issuer', 'reportTo', 'copyTo', 'printedBy'])
    .where('planId', '=', planId)
    .executeTakeFirst();
  return row ? { ...row, saved: true } : { ...DEFAULT_HEADER, saved: false };
}

export async function saveBriefingHeader(db: Db, planId: string, header: BriefingHeader, now: Date): Promise<void> {
  const values = { ...header, updatedAt: now.toISOString() };
  await db
    .insertInto('briefingHeaders')
    .values({ planId, ...values })
    .onConflict((oc) => oc.column('planId').doUpdateSet(values))
    .execute();
}

/** The next 期号 of a plan in a year: 1 for the first briefing, then one more each time. */
export async function nextIssueNo(db: Db, planId: string, year: number): Promise<number> {
  const row = await db
    .insertInto('briefingIssues')
    .values({ planId, year, lastNo: 1 })
    .onConflict((oc) =>
      oc.columns(['planId', 'year']).doUpdateSet({ lastNo: sql<number>`briefing_issues.last_no + 1` }),
    )
    .returning('lastNo')
    .executeTakeFirstOrThrow();
  return Number(row.lastNo);
}
