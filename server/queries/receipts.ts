// Receipts (回执): written in the transaction of every commit of figures (upload or web form),
// read again later by the submitter, the approvers of its units and administrators, and listed on
// 我的报送 with each item's review state as it stands now.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { z } from 'zod';
import type { ItemState } from '../../shared/receipt';
import type { Db } from '../db/connect';
import { jsonTuples } from '../db/json-rows';
import type { WriteSummary, WrittenItem } from './actuals';
import { reportingUnits } from './reporting-units';
import type { SessionUser } from './users';

export interface ReceiptOrigin {
  planId: string;
  userId: number;
  source: 'entry' | 'upload';
  period: string;
  reason: string | null;
  at: Date;
  upload?: { id: string; fileName: string; sha256: string; sheet: string | null };
}

const ITEM_JSON = {
  kind: 'text',
  indicatorId: 'integer',
  milestoneId: 'integer',
  series: 'text',
  period: 'text',
  oldValue: 'real',
  newValue: 'real',
  oldState: 'text',
  newState: 'text',
  unitId: 'integer',
  reviewState: 'text',
} as const;
const ITEM_COLUMNS = Object.keys(ITEM_JSON) as (keyof typeof ITEM_JSON)[];

/**
 * Start the receipt of a commit inside its transaction: give `record` as the write's `onWritten`,
 * then `close` with the write's counts. A commit that rolls back leaves no receipt.
 */
export async function openReceipt(trx: Db, origin: ReceiptOrigin) {
  const id = randomUUID();
  const units = await reportingUnits(trx, origin.planId);
  await trx
    .insertInto('receipts')
    .values({
      id,
      planId: origin.planId,
      userId: origin.userId,
      source: origin.source,
      uploadId: origin.upload?.id ?? null,
      fileName: origin.upload?.fileName ?? null,
      sha256: origin.upload?.sha256 ?? null,
      sheet: origin.upload?.sheet ?? null,
      period: origin.period,
      createdAt: origin.at.toISOString(),
      reason: origin.reason,
    })
    .execute();
  let pending = 0;
  return {
    id,
    record: async (db: Db, items: readonly WrittenItem[]) => {
      if (items.length === 0) return;
      const tuples = items.map((w) => {
        if (w.reviewState === 'submitted') pending++;
        return w.kind === 'figure'
          ? [
              'figure',
              w.indicatorId,
              null,
              w.series,
              w.period,
              w.old,
              w.value,
              null,
              null,
              units.indicators.get(w.indicatorId)?.id ?? 0,
              w.reviewState,
            ]
          : [
              'milestone',
              null,
              w.milestoneId,
              null,
              w.period,
              null,
              null,
              w.old,
              w.state,
              units.milestones.get(w.milestoneId)?.id ?? 0,
              w.reviewState,
            ];
      });
      await db
        .insertInto('receiptItems')
        .columns(['receiptId', ...ITEM_COLUMNS])
        .expression(
          db
            .selectFrom(jsonTuples(db, ITEM_JSON, tuples))
            .select((eb) => [sql<string>`${id}`.as('receiptId'), ...ITEM_COLUMNS.map((c) => eb.ref(`j.${c}`).as(c))]),
        )
        .execute();
    },
    close: async (db: Db, counts: Omit<WriteSummary, 'demoCleared'>) => {
      await db
        .updateTable('receipts')
        .set({ inserted: counts.inserted, updated: counts.updated, unchanged: counts.unchanged, pending })
        .where('id', '=', id)
        .execute();
      return { id, pending };
    },
  };
}

export const receiptIdInput = z.object({ id: z.uuid('回执编号无效') });
export const myReceiptsInput = z.object({ planId: z.string().min(1).max(100) });

/** Items a receipt lists on the page (the .xlsx has them all). */
export const ITEMS_LISTED = 1_000;

async function receiptHeader(db: Db, id: string) {
  return db
    .selectFrom('receipts')
    .innerJoin('users', 'users.id', 'receipts.userId')
    .selectAll('receipts')
    .select(['users.username', 'users.displayName'])
    .where('receipts.id', '=', id)
    .executeTakeFirst();
}
type Header = NonNullable<Awaited<ReturnType<typeof receiptHeader>>>;

/** The units a receipt's items belong to, by name. */
async function receiptUnits(db: Db, id: string) {
  const rows = await db
    .selectFrom('receiptItems')
    .innerJoin('units', 'units.id', 'receiptItems.unitId')
    .select(['units.id', 'units.name'])
    .distinct()
    .where('receiptItems.receiptId', '=', id)
    .orderBy('units.name')
    .execute();
  return rows;
}

/** The submitter, administrators, and approvers of one of its units may read a receipt. */
function mayRead(user: SessionUser, header: Header, unitIds: number[]) {
  if (user.role === 'admin' || user.id === header.userId) return true;
  return user.role === 'approver' && user.units.some((u) => unitIds.includes(u.id));
}

/**
 * A receipt's items with their review state now: an item whose figure (or task state) was since
 * submitted again, by anyone, reads as `superseded`.
 */
async function receiptItems(db: Db, header: Header, limit?: number) {
  let query = db
    .selectFrom('receiptItems as i')
    .leftJoin('indicators', 'indicators.id', 'i.indicatorId')
    .leftJoin('milestones', 'milestones.id', 'i.milestoneId')
    .leftJoin('units', 'units.id', 'i.unitId')
    .leftJoin('actuals as a', (join) =>
      join
        .onRef('a.indicatorId', '=', 'i.indicatorId')
        .onRef('a.series', '=', 'i.series')
        .onRef('a.period', '=', 'i.period'),
    )
    .leftJoin('milestoneUpdates as m', (join) =>
      join.onRef('m.milestoneId', '=', 'i.milestoneId').onRef('m.period', '=', 'i.period'),
    )
    .select([
      'i.kind',
      'i.series',
      'i.period',
      'i.oldValue',
      'i.newValue',
      'i.oldState',
      'i.newState',
      'i.reviewState as stateAtCommit',
      'units.name as unitName',
      'indicators.code as indicatorCode',
      'indicators.name as indicatorName',
      'indicators.unit as indicatorUnit',
      'indicators.aName',
      'indicators.bName',
      'milestones.code as milestoneCode',
      'milestones.task',
      'a.reportedBy as figureBy',
      'a.reportedAt as figureAt',
      'a.reviewState as figureState',
      'a.reviewComment as figureComment',
      'a.reviewedBy as figureReviewer',
      'a.reviewedAt as figureReviewedAt',
      'm.reportedBy as taskBy',
      'm.reportedAt as taskAt',
      'm.reviewState as taskState',
      'm.reviewComment as taskComment',
      'm.reviewedBy as taskReviewer',
      'm.reviewedAt as taskReviewedAt',
    ])
    .where('i.receiptId', '=', header.id)
    .orderBy('i.kind')
    .orderBy('indicators.code')
    .orderBy('milestones.code')
    .orderBy('i.series')
    .orderBy('i.period');
  if (limit !== undefined) query = query.limit(limit);
  const rows = await query.execute();
  const reviewers = [...new Set(rows.map((r) => r.figureReviewer ?? r.taskReviewer).filter((u) => u !== null))];
  const names = new Map(
    reviewers.length === 0
      ? []
      : (
          await db.selectFrom('users').select(['username', 'displayName']).where('username', 'in', reviewers).execute()
        ).map((u) => [u.username, u.displayName]),
  );
  return rows.map((r) => {
    const figure = r.kind === 'figure';
    const by = figure ? r.figureBy : r.taskBy;
    const at = figure ? r.figureAt : r.taskAt;
    const current = figure ? r.figureState : r.taskState;
    const same = by === header.username && at === header.createdAt && current !== null;
    const state: ItemState = same ? current : 'superseded';
    const reviewer = same ? (figure ? r.figureReviewer : r.taskReviewer) : null;
    const seriesLabel = r.series === 'a' ? r.aName : r.series === 'b' ? r.bName : null;
    return {
      kind: r.kind,
      code: (figure ? r.indicatorCode : r.milestoneCode) ?? '',
      name: figure ? `${r.indicatorName ?? ''}${seriesLabel ? `（${seriesLabel}）` : ''}` : (r.task ?? ''),
      unit: figure ? (r.indicatorUnit ?? '') : '',
      series: r.series,
      period: r.period,
      oldValue: r.oldValue,
      newValue: r.newValue,
      oldState: r.oldState,
      newState: r.newState,
      unitName: r.unitName ?? '',
      stateAtCommit: r.stateAtCommit,
      state,
      /** The approver's comment when returned. */
      comment: state === 'returned' ? ((figure ? r.figureComment : r.taskComment) ?? null) : null,
      reviewedBy: reviewer === null ? null : (names.get(reviewer) ?? reviewer),
      reviewedAt: same ? (figure ? r.figureReviewedAt : r.taskReviewedAt) : null,
    };
  });
}
export type ReceiptItem = Awaited<ReturnType<typeof receiptItems>>[number];

async function itemCount(db: Db, id: string) {
  const row = await db
    .selectFrom('receiptItems')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('receiptId', '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One receipt for a reader allowed to see it; `limit` caps the items listed (none: all). */
export async function readReceipt(db: Db, id: string, user: SessionUser, limit: number | undefined = ITEMS_LISTED) {
  const header = await receiptHeader(db, id);
  if (!header) throw new TRPCError({ code: 'NOT_FOUND', message: `没有这份回执（${id}）` });
  const units = await receiptUnits(db, id);
  if (
    !mayRead(
      user,
      header,
      units.map((u) => u.id),
    )
  )
    throw new TRPCError({ code: 'FORBIDDEN', message: '只有报送人、所属单位的审核员和管理员可以查看这份回执' });
  return {
    id: header.id,
    planId: header.planId,
    period: header.period,
    source: header.source,
    uploadId: header.uploadId,
    fileName: header.fileName,
    sha256: header.sha256,
    sheet: header.sheet,
    createdAt: header.createdAt,
    reason: header.reason,
    inserted: header.inserted,
    updated: header.updated,
    unchanged: header.unchanged,
    pending: header.pending,
    submittedBy: { username: header.username, displayName: header.displayName },
    units: units.map((u) => u.name),
    itemCount: await itemCount(db, id),
    items: await receiptItems(db, header, limit),
  };
}
export type ReceiptView = Awaited<ReturnType<typeof readReceipt>>;

/** Receipts a user's submissions left, newest first, each with its items' states now (我的报送). */
export async function myReceipts(db: Db, input: z.infer<typeof myReceiptsInput>, user: SessionUser) {
  const ids = await db
    .selectFrom('receipts')
    .select('id')
    .where('userId', '=', user.id)
    .where('planId', '=', input.planId)
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .limit(100)
    .execute();
  const out: ReceiptView[] = [];
  for (const { id } of ids) out.push(await readReceipt(db, id, user, 500));
  return out;
}
