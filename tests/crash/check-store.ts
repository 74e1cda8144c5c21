// What a store must look like after any crash, read with better-sqlite3 directly (not through the
// server's code): the file is sound, and each upload is wholly written or wholly absent, with its
// record (uploads.committed_at, written_count, the audit entry) saying the same.
import SQLite from 'better-sqlite3';
import { CRASH_PLAN, roundOfValue } from './crash-plan';

export interface TrackedUpload {
  uploadId: string;
  round: number;
  /** Rows the preview showed as new or changed: what a commit must write. */
  expected: number;
}

export interface UploadState {
  revisions: number;
  committedAt: string | null;
  writtenCount: number | null;
  audited: boolean;
  /** Stored figures whose value says they came from this upload's round. */
  figures: number;
}

export interface StoreState {
  problems: string[];
  uploads: Map<string, UploadState & { present: boolean }>;
}

export function checkStore(databaseFile: string, uploads: TrackedUpload[]): StoreState {
  const db = new SQLite(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const problems: string[] = [];
    const integrity = db.pragma('integrity_check') as { integrity_check: string }[];
    if (integrity.length !== 1 || integrity[0]!.integrity_check !== 'ok')
      problems.push(`integrity_check: ${integrity.map((r) => r.integrity_check).join('; ')}`);
    const foreign = db.pragma('foreign_key_check') as unknown[];
    if (foreign.length > 0) problems.push(`foreign_key_check: ${JSON.stringify(foreign.slice(0, 5))}`);

    const revisions = new Map(
      (
        db
          .prepare(
            // What each upload wrote: its revisions, and the figures whose first report is still
            // only their row (no revision yet: see keepFirstReports in server/queries/actuals.ts).
            `select id, count(*) as n from (
               select upload_id as id from actual_revisions
               union all
               select a.upload_id from actuals a where not exists (select 1 from actual_revisions r
                 where r.indicator_id = a.indicator_id and r.series = a.series and r.period = a.period)
             ) where id is not null group by id`,
          )
          .all() as { id: string; n: number }[]
      ).map((r) => [r.id, r.n]),
    );
    const records = new Map(
      (
        db.prepare('select id, committed_at as committedAt, written_count as writtenCount from uploads').all() as {
          id: string;
          committedAt: string | null;
          writtenCount: number | null;
        }[]
      ).map((r) => [r.id, r]),
    );
    const audited = new Set(
      (
        db.prepare("select entity_key as id from audit_log where action = 'upload.committed'").all() as { id: string }[]
      ).map((r) => r.id),
    );
    const byRound = new Map<number, number>();
    const values = db
      .prepare(
        'select a.value from actuals a join indicators i on i.id = a.indicator_id where i.plan_id = ? and a.source = ?',
      )
      .pluck()
      .all(CRASH_PLAN, 'upload') as number[];
    for (const v of values) {
      const round = roundOfValue(v);
      if (round === null) problems.push(`a stored figure ${v} no round wrote`);
      else byRound.set(round, (byRound.get(round) ?? 0) + 1);
    }

    const states = new Map<string, UploadState & { present: boolean }>();
    for (const u of uploads) {
      const record = records.get(u.uploadId);
      const state: UploadState = {
        revisions: revisions.get(u.uploadId) ?? 0,
        committedAt: record?.committedAt ?? null,
        writtenCount: record?.writtenCount ?? null,
        audited: audited.has(u.uploadId),
        figures: byRound.get(u.round) ?? 0,
      };
      const label = `upload ${u.uploadId} (round ${u.round}, ${u.expected} rows)`;
      if (!record) problems.push(`${label}: its uploads row is gone`);
      const whole =
        state.revisions === u.expected &&
        state.committedAt !== null &&
        state.writtenCount === u.expected &&
        state.audited;
      const none = state.revisions === 0 && state.committedAt === null && state.writtenCount === null && !state.audited;
      if (!whole && !none) problems.push(`${label}: partial state ${JSON.stringify(state)}`);
      // A later round may have overwritten some of this round's cells, never added to them.
      if (none && state.figures > 0) problems.push(`${label}: absent, yet ${state.figures} figure(s) carry its values`);
      if (state.figures > u.expected) problems.push(`${label}: ${state.figures} figures carry its values`);
      states.set(u.uploadId, { ...state, present: whole });
    }
    return { problems, uploads: states };
  } finally {
    db.close();
  }
}
