// The parse worker: for each file it is sent, the records go back in chunks as they are read,
// then one final answer (the table's head, or a refusal). A refusal travels as plain data (class
// instances do not cross threads).
import { setPriority } from 'node:os';
import { serialize } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { WORKER_NICE } from './limits';
import { parseFile, type ParseRequest } from './parse';
import { UploadRefusal } from './refusal';
import { packRows } from './row-pack';
import type { RawRow, Table } from './table';
import type { WorkerMessage } from './worker-pool';

const send = (message: WorkerMessage) => parentPort?.postMessage(message);

// setPriority(0, …) is setpriority(PRIO_PROCESS, 0): under Linux it sets the calling thread's nice
// value only (man 2 setpriority), so this lowers the parse thread, not the server. Where that is
// not allowed the parse runs at normal priority, as before.
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
function sendRows(rows: RawRow[], columns: Table['columns']) {
  const bytes = serialize(packRows(rows));
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  parentPort?.postMessage({ rows: bytes, columns } satisfies WorkerMessage, own ? [bytes.buffer] : []);
}

async function answer(request: ParseRequest): Promise<WorkerMessage> {
  try {
    return { ok: true, head: await parseFile(request, sendRows) };
  } catch (err) {
    if (err instanceof UploadRefusal) return { ok: false, refusal: err.toJSON() };
    return { ok: false, failure: err instanceof Error ? err.message : String(err) };
  }
}

parentPort?.on('message', (request: ParseRequest) => {
  void answer(request).then(send);
});
