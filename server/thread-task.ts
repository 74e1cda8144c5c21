// The thread side of thread-pool.ts: a task function wrapped here says when a thread took its task
// (piscina itself does not), so the pool's time limit counts the work, not the wait in the queue.
import { parentPort } from 'node:worker_threads';

/** What the pool sends a thread: the caller's task and the id the start is reported under. */
export interface Numbered<T> {
  id: number;
  task: T;
}
/** Posted on the thread's parentPort, which piscina re-emits as the pool's 'message' event. */
export interface Started {
  started: number;
}

export function reportsStart<T, R>(run: (task: T) => Promise<R>): (numbered: Numbered<T>) => Promise<R> {
  return ({ id, task }) => {
    parentPort?.postMessage({ started: id } satisfies Started);
    return run(task);
  };
}
