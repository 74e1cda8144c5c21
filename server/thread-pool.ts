// A piscina pool of worker threads running one of the server's own modules (worker-entry.ts picks
// the file), with what piscina leaves to us. A time limit per task that counts from when a thread
// takes it, not from when it was queued (a briefing queues all its charts at once): the thread
// reports the start (thread-task.ts), and the limit aborts the task, which makes piscina terminate
// its thread. And the counts /metrics shows, kept here because piscina's own leave out tasks
// handed to a thread that is still starting. Idle threads do not keep the process alive (piscina
// unrefs a thread while it has no task).
import type { Transferable } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Numbered, Started } from './thread-task';
import { serverWorker } from './worker-entry';

/** A task ran past its limit; its thread was terminated. */
export class TaskTimeout extends Error {
  constructor() {
    super('Task timed out');
  }
}

export interface PoolState {
  /** Threads started, busy with a task, and tasks not yet taken by one. */
  workers: number;
  busy: number;
  waiting: number;
}

export interface ThreadPool<T, R> {
  run(task: T, transferList?: Transferable[]): Promise<R>;
  state(): PoolState;
  /** Terminates every thread; tasks not finished are rejected. */
  destroy(): Promise<void>;
}

type PoolOptions = Omit<NonNullable<ConstructorParameters<typeof Piscina>[0]>, 'filename' | 'workerData'>;

/** A pool on `name` (see serverWorker) whose tasks may each run `timeoutMs` once started. */
export function threadPool<T, R>(name: string, options: PoolOptions, timeoutMs: number): ThreadPool<T, R> {
  const pool = new Piscina<Numbered<T>, R>({ ...options, ...serverWorker(name) });
  // A thread that fails while idle is dropped (and replaced when needed); without a listener the
  // 'error' event would throw. A thread failing under a task rejects that task.
  pool.on('error', () => {});
  const starts = new Map<number, () => void>();
  pool.on('message', (message: Partial<Started> | null) => {
    if (typeof message?.started === 'number') starts.get(message.started)?.();
  });
  let nextId = 1;
  let busy = 0;
  return {
    async run(task, transferList) {
      const id = nextId++;
      const abort = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      starts.set(id, () => {
        starts.delete(id);
        busy++;
        timer = setTimeout(() => abort.abort(), timeoutMs);
      });
      try {
        return await pool.run({ id, task }, { signal: abort.signal, transferList });
      } catch (err) {
        throw abort.signal.aborted ? new TaskTimeout() : err;
      } finally {
        clearTimeout(timer);
        if (!starts.delete(id)) busy--;
      }
    },
    state: () => ({ workers: pool.threads.length, busy, waiting: starts.size }),
    destroy: () => pool.destroy(),
  };
}
