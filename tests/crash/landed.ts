// Where a kill landed, decided after the restart from what the client saw (commit-watch.ts) and
// what the file holds (wal-tail.ts, check-store.ts).
import type { CommitWatch } from './commit-watch';
import type { WalTail } from './wal-tail';

/** What a round aims at. */
export type Aim = 'before' | 'during' | 'inside' | 'after';

/** Where a kill landed, as decided afterwards from what the client saw and what the file holds. */
export type Phase =
  | 'before commit'
  /** The request was sent, no progress had shown rows being saved, and the WAL holds nothing of it. */
  | 'during the request, before saving'
  /** Progress had shown rows being saved, and the WAL holds nothing of the transaction. */
  | 'during the transaction, rolled back'
  /**
   * The WAL holds pages of the open transaction but the harness had not seen saving reach N of N:
   * either pages spilled from the cache while rows were saved (files past ~40,000 rows) or COMMIT
   * had begun; nothing left tells the two apart.
   */
  | 'in the transaction or its COMMIT (pages in the WAL), rolled back'
  /** Saving had reached N of N and the WAL then moved: COMMIT was writing when killed. */
  | 'inside COMMIT, rolled back'
  | 'inside COMMIT, committed (answer lost)'
  | 'after commit';

/** The phases grouped as the test asserts on them. */
export const LANDED: Record<Phase, Aim | 'during or inside'> = {
  'before commit': 'before',
  'during the request, before saving': 'during',
  'during the transaction, rolled back': 'during',
  'in the transaction or its COMMIT (pages in the WAL), rolled back': 'during or inside',
  'inside COMMIT, rolled back': 'inside',
  'inside COMMIT, committed (answer lost)': 'inside',
  'after commit': 'after',
};

export function classify(
  sent: boolean,
  answered: boolean,
  present: boolean,
  watch: CommitWatch | null,
  pagesInWal: boolean,
): Phase {
  if (!sent) return 'before commit';
  if (answered) return 'after commit';
  if (present) return 'inside COMMIT, committed (answer lost)';
  if (watch?.walMovedAfterAllSaved) return 'inside COMMIT, rolled back';
  if (pagesInWal) return 'in the transaction or its COMMIT (pages in the WAL), rolled back';
  return watch?.sawSaving ? 'during the transaction, rolled back' : 'during the request, before saving';
}

/** Frames of a transaction still open at the kill: a tail that is new since `before`. */
export function newPagesInWal(before: WalTail, after: WalTail): boolean {
  return (
    after.uncommittedFrames > 0 &&
    (after.committedFrames !== before.committedFrames || after.uncommittedFrames !== before.uncommittedFrames)
  );
}
