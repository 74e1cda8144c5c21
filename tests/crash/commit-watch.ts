// Watching one upload.commit request from outside the server, to aim a kill and to say afterwards
// where it landed. Two signals, both through the server's public surface and the file system:
// - upload.progress (tRPC), polled with one request always in flight: the server answers it
//   between the chunks it saves, so "saving n of N" is seen while the transaction is open, and
//   "saving N of N" just before markCommitted, the audit entry and COMMIT.
// - the -wal file's size and mtime, read on every turn of the event loop: a transaction of fewer
//   than ~40,000 rows stays in SQLite's page cache (better-sqlite3's 16 MB) until COMMIT, so the
//   WAL moving after saving began means COMMIT is writing its pages. A bigger one spills pages
//   while rows are still being saved, which is why "inside COMMIT" also asks for N of N first.
import { statSync } from 'node:fs';

export interface SeenProgress {
  phase: string;
  done: number;
  total: number;
}

export interface CommitWatch {
  /** The last progress the server answered, or null before the first answer. */
  readonly progress: SeenProgress | null;
  /** Progress showed saving (any n): the transaction was open. */
  readonly sawSaving: boolean;
  /** Progress showed saving N of N: only the upload's record, its audit entry and COMMIT were left. */
  readonly sawAllSaved: boolean;
  /** performance.now() when the WAL first changed after saving began, or null. */
  readonly walMovedAt: number | null;
  /** The WAL changed after progress had shown N of N: COMMIT was writing. */
  readonly walMovedAfterAllSaved: boolean;
  /** Resolves true as soon as `condition` holds, or false once the watch has stopped first. */
  until(condition: (watch: CommitWatch) => boolean): Promise<boolean>;
  stop(): void;
}

function walStamp(walFile: string): string {
  try {
    const s = statSync(walFile, { bigint: true });
    return `${s.size}/${s.mtimeNs}`;
  } catch {
    return 'none';
  }
}

export function watchCommit(url: string, cookie: string, token: string, walFile: string): CommitWatch {
  let stopped = false;
  let baseline = walStamp(walFile);
  const waiters: { condition: (w: CommitWatch) => boolean; resolve: (hit: boolean) => void }[] = [];
  const state = {
    progress: null as SeenProgress | null,
    sawSaving: false,
    sawAllSaved: false,
    walMovedAt: null as number | null,
    walMovedAfterAllSaved: false,
  };
  const watch: CommitWatch = {
    get progress() {
      return state.progress;
    },
    get sawSaving() {
      return state.sawSaving;
    },
    get sawAllSaved() {
      return state.sawAllSaved;
    },
    get walMovedAt() {
      return state.walMovedAt;
    },
    get walMovedAfterAllSaved() {
      return state.walMovedAfterAllSaved;
    },
    until(condition) {
      if (condition(watch)) return Promise.resolve(true);
      if (stopped) return Promise.resolve(false);
      return new Promise((resolve) => waiters.push({ condition, resolve }));
    },
    stop() {
      stopped = true;
      for (const w of waiters.splice(0)) w.resolve(false);
    },
  };
  const settle = () => {
    for (let i = waiters.length - 1; i >= 0; i--)
      if (waiters[i]!.condition(watch)) waiters.splice(i, 1)[0]!.resolve(true);
  };

  const tick = () => {
    if (stopped) return;
    const stamp = walStamp(walFile);
    if (stamp !== baseline) {
      // Before saving began a write can only be someone else's (a session touch): a new baseline.
      if (!state.sawSaving) baseline = stamp;
      else if (state.walMovedAt === null) {
        state.walMovedAt = performance.now();
        state.walMovedAfterAllSaved = state.sawAllSaved;
        settle();
      }
    }
    setImmediate(tick);
  };
  setImmediate(tick);

  const input = encodeURIComponent(JSON.stringify({ token }));
  void (async () => {
    while (!stopped) {
      try {
        const res = await fetch(`${url}/trpc/upload.progress?input=${input}`, { headers: { cookie } });
        const body = (await res.json()) as { result?: { data: SeenProgress | null } };
        const p = body.result?.data ?? null;
        if (p && !stopped) {
          state.progress = p;
          if (p.phase === 'saving') {
            state.sawSaving = true;
            if (p.total > 0 && p.done === p.total) state.sawAllSaved = true;
          }
          settle();
        }
        // A short pause, so an idle server is not flooded; a busy one holds the request anyway.
        await new Promise((resolve) => setTimeout(resolve, 2));
      } catch {
        // The server was killed under the request.
        return;
      }
    }
  })();
  return watch;
}
