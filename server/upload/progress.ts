// How far a dry run or a commit has got, for the page that started it. The client names the
// operation with a random token it sends along and polls upload.progress with it; entries live in
// this process's memory (an import runs in one process) and are dropped a while after they end.
export type ImportPhase = 'parsing' | 'checking' | 'saving' | 'done';

export interface ImportProgress {
  phase: ImportPhase;
  /** Rows handled so far in this phase, and of how many (0 of 0 while parsing). */
  done: number;
  total: number;
}

interface Entry extends ImportProgress {
  userId: number;
  at: number;
}

const KEEP_MS = 10 * 60_000;
const MAX_ENTRIES = 1_000;
const entries = new Map<string, Entry>();

export const progressTokenPattern = /^[A-Za-z0-9_-]{8,64}$/;

export type ProgressReporter = (phase: ImportPhase, done?: number, total?: number) => void;

/** A reporter for `token`, or one that does nothing when the client sent none. */
export function progressReporter(token: string | null | undefined, userId: number): ProgressReporter {
  if (!token || !progressTokenPattern.test(token)) return () => {};
  return (phase, done = 0, total = 0) => {
    const now = Date.now();
    // Old entries go on each write; the cap bounds memory if a client sends tokens in a loop.
    for (const [k, e] of entries) if (now - e.at > KEEP_MS || entries.size > MAX_ENTRIES) entries.delete(k);
    entries.set(token, { phase, done, total, userId, at: now });
  };
}

export function readProgress(token: string, userId: number): ImportProgress | null {
  const e = entries.get(token);
  if (!e || e.userId !== userId) return null;
  return { phase: e.phase, done: e.done, total: e.total };
}
