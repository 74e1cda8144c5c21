// Committing a dry run: every row of the file in one saveActuals call, each expecting the old
// value the preview showed, so a figure changed by someone else since makes the whole commit fail
// (no lost update) and nothing is written. The upload is marked and audited in the same transaction.
import { TRPCError } from '@trpc/server';
import type { Db } from '../db/connect';
import { nextTurn } from '../next-turn';
import { saveActuals, WriteRuleError } from '../queries/actuals';
import { writeAudit } from '../queries/audit';
import { openReceipt } from '../queries/receipts';
import { reportingUnits } from '../queries/reporting-units';
import type { SessionUser } from '../queries/users';
import { assertUnitScope } from '../auth/unit-scope';
import { describeWrite, type PendingWrite } from './preview';
import type { ProgressReporter } from './progress';
import { findUpload, markCommitted } from './store';

export interface CommitActor {
  user: SessionUser;
  ip: string | null;
  now: Date;
  progress?: ProgressReporter;
}

/** Rows given to saveActuals at a time (a kept line holds 2,000). */
const COMMIT_CHUNK = 1_000;

const list = (writes: PendingWrite[]) =>
  writes.slice(0, 10).map(describeWrite).join('、') + (writes.length > 10 ? ` 等 ${writes.length} 行` : '');

function ruleProblem(error: WriteRuleError, writes: PendingWrite[]): TRPCError {
  const hit = writes.filter((w) =>
    error.rows.some((r) => r.id === w.indicatorId && r.period === w.period && (r.series ?? w.series) === w.series),
  );
  if (error.kind === 'conflict')
    return new TRPCError({
      code: 'CONFLICT',
      message: `预览之后，以下数值已被他人修改，本次未写入任何数据：${list(hit)}。请重新上传文件，查看最新数值后再提交`,
    });
  if (error.kind === 'reason_required')
    return new TRPCError({
      code: 'BAD_REQUEST',
      message: `以下行修改了已报送的数值，请填写修改原因后再提交（本次未写入任何数据）：${list(hit)}`,
    });
  return new TRPCError({ code: 'BAD_REQUEST', message: error.message });
}

const alreadyCommitted = (fileName: string, committedAt: string) =>
  new TRPCError({
    code: 'CONFLICT',
    message: `文件“${fileName}”已于 ${committedAt.slice(0, 16).replace('T', ' ')}（UTC）提交过`,
  });

export async function commitUpload(
  db: Db,
  uploadId: string,
  reason: string | null,
  actor: CommitActor,
  confirmClearDemo = false,
) {
  const upload = await findUpload(db, uploadId);
  if (!upload || upload.userId !== actor.user.id)
    throw new TRPCError({ code: 'NOT_FOUND', message: `没有这次上传（${uploadId}）` });
  if (upload.committedAt !== null) throw alreadyCommitted(upload.fileName, upload.committedAt);
  if (!upload.stored || upload.expiresAt <= actor.now.toISOString())
    throw new TRPCError({
      code: 'NOT_FOUND',
      message: '这次预览已过期，请重新上传文件',
    });
  const stored = upload.stored;
  const { preview } = stored;
  if (preview.summary.errors > 0)
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `预览中还有 ${preview.summary.errors} 行错误，请修改文件后重新上传`,
    });

  // Rows that need a reason (a changed reported figure, or a warning of shared/checks.ts that asks
  // for one) without a 备注 of their own: the upload's 修改原因 must give it.
  const unexplained = preview.rows.filter((r) => r.needsReason);
  if (!reason && unexplained.length > 0)
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `以下行须填写修改原因后再提交（本次未写入任何数据）：${unexplained
        .slice(0, 10)
        .map((r) =>
          describeWrite({ rowNumber: r.rowNumber, code: r.code ?? '', period: r.period ?? upload.reportPeriod }),
        )
        .join('、')}${unexplained.length > 10 ? ` 等 ${unexplained.length} 行` : ''}`,
    });

  const units = await reportingUnits(db, upload.planId);
  await nextTurn(); // as in startPreview: on a large plan this read alone holds the loop ~20-40 ms
  const at = actor.now;
  try {
    return await db.transaction().execute(async (trx) => {
      // A second commit of the same upload (a double click) read it before the first committed and
      // waited for the first's transaction (transactions run one at a time, see db/postgres.ts);
      // by now the first has dropped the kept lines. Read the record again, in here.
      const now = await trx.selectFrom('uploads').select('committedAt').where('id', '=', uploadId).executeTakeFirst();
      if (now?.committedAt) throw alreadyCommitted(upload.fileName, now.committedAt);
      // The kept writes are read a line at a time inside the transaction and go to saveActuals
      // as they are read (it reads only ActualInput's fields of each): a 100,000-row commit holds
      // one line of rows, not all of them. Scope is checked again on each line, as stored now (a
      // unit may have been taken from the user since the preview); a refusal rolls back the lot.
      async function* scoped() {
        const allowed = new Set<number>();
        for await (const line of stored.lines(trx)) {
          const unitIds = new Set<number>();
          for (const w of line) {
            const unitId = units.indicators.get(w.indicatorId)?.id ?? -1;
            if (!allowed.has(unitId)) unitIds.add(unitId);
          }
          if (unitIds.size > 0) {
            await assertUnitScope({ db: trx, user: actor.user }, [...unitIds]);
            for (const u of unitIds) allowed.add(u);
          }
          // Half a kept line at a time: a 2,000-row chunk (checks and its INSERT) held the event
          // loop ~50 ms; a turn comes after each chunk (saveActuals).
          for (let i = 0; i < line.length; i += COMMIT_CHUNK) yield line.slice(i, i + COMMIT_CHUNK);
        }
      }
      const receipt = await openReceipt(trx, {
        planId: upload.planId,
        userId: actor.user.id,
        source: 'upload',
        period: upload.reportPeriod,
        reason,
        at,
        upload: { id: uploadId, fileName: upload.fileName, sha256: upload.sha256, sheet: upload.sheet },
      });
      const summary = await saveActuals(
        trx,
        upload.planId,
        { count: stored.count, chunks: scoped() },
        {
          source: 'upload',
          by: actor.user.username,
          reason,
          reportPeriod: upload.reportPeriod,
          uploadId,
          at,
          confirmClearDemo,
          actorId: actor.user.id,
          ip: actor.ip,
          onProgress: (done, total) => actor.progress?.('saving', done, total),
          onWritten: (db, items) => receipt.record(db, items),
        },
      );
      const { pending } = await receipt.close(trx, summary);
      const written = summary.inserted + summary.updated;
      if (!(await markCommitted(trx, uploadId, { at, reason, written })))
        throw new TRPCError({ code: 'CONFLICT', message: '这份文件刚刚已被提交' });
      await writeAudit(trx, {
        actorId: actor.user.id,
        action: 'upload.committed',
        entity: 'upload',
        entityKey: uploadId,
        detail: {
          planId: upload.planId,
          fileName: upload.fileName,
          sha256: upload.sha256,
          sheet: upload.sheet,
          period: upload.reportPeriod,
          inserted: summary.inserted,
          updated: summary.updated,
          unchanged: summary.unchanged,
          reason,
          receiptId: receipt.id,
        },
        ip: actor.ip,
        at,
      });
      return {
        uploadId,
        receiptId: receipt.id,
        /** Figures left waiting for approval (0: all took effect). */
        pending,
        period: upload.reportPeriod,
        inserted: summary.inserted,
        updated: summary.updated,
        unchanged: summary.unchanged,
        demoCleared: summary.demoCleared,
        committedAt: at.toISOString(),
      };
    });
  } catch (e) {
    if (e instanceof TRPCError) throw e;
    // Another process committed it meanwhile: on a SQLite file our transaction, which read first,
    // then cannot start writing (SQLITE_BUSY) or finds the kept rows gone. Say so, not a 500.
    const now = await findUpload(db, uploadId).catch(() => null);
    if (now?.committedAt) throw alreadyCommitted(upload.fileName, now.committedAt);
    if (e instanceof WriteRuleError) throw ruleProblem(e, await stored.writes());
    throw e;
  }
}
