import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connect';

export async function insertPlanDraft(
  db: Db,
  row: { fileName: string; sourceText: string; draft: unknown; createdBy: number; at: string },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('planDrafts')
    .values({
      id,
      fileName: row.fileName,
      sourceText: row.sourceText,
      draft: JSON.stringify(row.draft),
      createdBy: row.createdBy,
      createdAt: row.at,
      updatedAt: row.at,
      publishedPlanId: null,
      publishedAt: null,
    })
    .execute();
  return id;
}

export function listPlanDrafts(db: Db) {
  return db
    .selectFrom('planDrafts')
    .select(['id', 'fileName', 'createdAt', 'updatedAt', 'publishedPlanId', 'publishedAt'])
    .orderBy('updatedAt', 'desc')
    .execute();
}

export function findPlanDraft(db: Db, id: string) {
  return db.selectFrom('planDrafts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updatePlanDraft(db: Db, id: string, draft: unknown, at: string): Promise<void> {
  await db
    .updateTable('planDrafts')
    .set({ draft: JSON.stringify(draft), updatedAt: at })
    .where('id', '=', id)
    .execute();
}

export async function markPlanDraftPublished(db: Db, id: string, planId: string, at: string): Promise<void> {
  await db.updateTable('planDrafts').set({ publishedPlanId: planId, publishedAt: at }).where('id', '=', id).execute();
}

/** Whether a plan id belongs to a plan published from another draft or loaded from a folder. */
export async function planIdTakenByOther(db: Db, planId: string, draftId: string): Promise<boolean> {
  const plan = await db.selectFrom('plans').select('id').where('id', '=', planId).executeTakeFirst();
  if (!plan) return false;
  const own = await db
    .selectFrom('planDrafts')
    .select('id')
    .where('id', '=', draftId)
    .where('publishedPlanId', '=', planId)
    .executeTakeFirst();
  return !own;
}
