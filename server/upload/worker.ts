// The parse pool's task (worker-pool.ts): one file per task. The records go back in chunks on the
// task's own port as they are read, then an end marker on that port; the task's result is the
// table's head, or a refusal. A refusal travels as plain data (class instances do not cross threads).
import { setPriority } from 'node:os';
import { serialize } from 'node:v8';
import type { MessagePort } from 'node:worker_threads';
import { reportsStart } from '../thread-task';
import { WORKER_NICE } from './limits';
import { parseFile } from './parse';
import { UploadRefusal } from './refusal';
import { packRows } from './row-pack';
import type { RawRow, Table } from './table';
import type { ParseTask, RowsMessage, WorkerAnswer } from './worker-pool';

// setPriority(0, …) is setpriority(PRIO_PROCESS, 0): under Linux it sets the calling thread's nice
// value only (man 2 setpriority), so this lowers the parse thread, not the server. Where that is
// not allowed the parse runs at normal priority, as before. Piscina loads this module in each
// thread before its first task, so this runs once per thread.
try {
  setPriority(0, WORKER_NICE);
} catch {
  // Not permitted here: nothing to do.
}

/**
 * A chunk of records leaves packed by column (row-pack.ts) and serialised (v8's structured clone
 * format, the buffer moved, not copied): the main thread takes the message in at once however
 * many are queued, and reads each chunk only when its turn comes (worker-pool.ts).
 */
function sendRows(port: MessagePort, rows: RawRow[], columns: Table['columns']) {
  const bytes = serialize(packRows(rows));
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  port.postMessage({ rows: bytes, columns } satisfies RowsMessage, own ? [bytes.buffer] : []);
}

async function answer({ request, port }: ParseTask): Promise<WorkerAnswer> {
  try {
    return { ok: true, head: await parseFile(request, (rows, columns) => sendRows(port, rows, columns)) };
  } catch (err) {
    if (err instanceof UploadRefusal) return { ok: false, refusal: err.toJSON() };
    return { ok: false, failure: err instanceof Error ? err.message : String(err) };
  } finally {
    port.postMessage({ end: true } satisfies RowsMessage);
  }
}

export default reportsStart(answer);
