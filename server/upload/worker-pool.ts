// Parsing runs in worker threads (a piscina pool, thread-pool.ts) so the server's event loop stays
// free while a large file is read. A few long-lived threads take one file at a time (starting one
// costs most of a second); each has its own heap ceiling, and a parse that runs out of memory or
// time ends only its thread, which is replaced. More files than threads wait their turn; beyond a
// short queue they are turned away.
import { deserialize } from 'node:v8';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { TaskTimeout, threadPool, type PoolState, type ThreadPool } from '../thread-pool';
import { MAX_PARALLEL_PARSES, MAX_QUEUED_PARSES, WORKER_HEAP_MB, WORKER_TIMEOUT_MS, WORKER_YOUNG_MB } from './limits';
import { refusals } from './messages';
import type { ParsedFile, ParsedHead, ParseRequest } from './parse';
import { UploadRefusal, type RefusalBody } from './refusal';
import { unpackRows, type PackedRows } from './row-pack';
import type { RawRow } from './table';

export type WorkerAnswer =
  { ok: true; head: ParsedHead } | { ok: false; refusal: RefusalBody } | { ok: false; failure: string };
/** A parse task: the file, and the port its records come back on. */
export interface ParseTask {
  request: ParseRequest;
  port: MessagePort;
}
/** What the worker posts on the task's port: chunks of records as it reads them, then the end. */
export type RowsMessage = { rows: Uint8Array; columns: ParsedHead['columns'] } | { end: true };

let pool: ThreadPool<ParseTask, WorkerAnswer> | null = null;

function parsePool() {
  // Threads live on once started (idleTimeout Infinity); the first one starts with the pool.
  pool ??= threadPool<ParseTask, WorkerAnswer>(
    'upload/worker',
    {
      minThreads: 1,
      maxThreads: MAX_PARALLEL_PARSES,
      idleTimeout: Infinity,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    },
    WORKER_TIMEOUT_MS,
  );
  return pool;
}

/** Takes each chunk of records as it arrives (while the worker reads on). */
export type OnRows = (rows: RawRow[], columns: ParsedHead['columns']) => void;

/**
 * Records come back in chunks while the worker reads on, not in the task's result: the worker
 * keeps little (a 100,000-row file is never held whole on either side) and the main thread
 * interprets each chunk as it comes. They come on a port of the task's own (piscina's result
 * travels on another), each chunk a message. Node hands over every message
 * queued on the port in one go, so a chunk is only queued on arrival (it is still serialised)
 * and read one per turn of the event loop: the server answers others between chunks instead of
 * taking in the whole file at once when the worker runs ahead. `done` settles at the end marker,
 * once every chunk before it has been read, or when `take` throws; `stop` closes the port and
 * drops what is still queued.
 */
function receiveRows(port: MessagePort, take: OnRows) {
  const queue: RowsMessage[] = [];
  let draining = false;
  let stopped = false;
  const done = new Promise<void>((resolve, reject) => {
    const drain = () => {
      const next = queue.shift();
      if (stopped || !next) {
        draining = false;
        return;
      }
      if ('end' in next) return resolve();
      try {
        take(unpackRows(deserialize(next.rows) as PackedRows), next.columns);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      setImmediate(drain);
    };
    port.on('message', (message: RowsMessage) => {
      queue.push(message);
      if (!draining) {
        draining = true;
        setImmediate(drain);
      }
    });
  });
  const stop = () => {
    stopped = true;
    queue.length = 0;
    port.close();
  };
  return { done, stop };
}

function refusalFor(err: unknown): unknown {
  if (err instanceof TaskTimeout) return new UploadRefusal('timeout', refusals.timeout());
  if (!(err instanceof Error)) return err;
  // Piscina rejects the task in flight with the thread's 'error' (out of memory) or, for a thread
  // that exits under it, an Error of its own wording.
  const code = (err as Error & { code?: string }).code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY' || err.message.startsWith('worker exited with code'))
    return new UploadRefusal('too_complex', refusals.tooComplex());
  return err;
}

/**
 * Start one parse thread ahead of the first upload (npm start calls this once listening): a
 * thread takes most of a second to load its modules, which the first upload would otherwise wait.
 */
export function warmParseWorker(): void {
  parsePool();
}

/** For /metrics: parse threads started, busy, and parses waiting for one. */
export function parsePoolState(): PoolState {
  return pool ? pool.state() : { workers: 0, busy: 0, waiting: 0 };
}

/**
 * Parse a file off the main thread. The records come in `rows`, or, given `onRows`, go to it chunk by
 * chunk instead (and `rows` stays empty). The bytes are moved to the worker (the caller's copy empties). */
export async function parseInWorker(request: ParseRequest, onRows?: OnRows): Promise<ParsedFile> {
  const parses = parsePool();
  const { busy, waiting } = parses.state();
  if (busy + waiting >= MAX_PARALLEL_PARSES + MAX_QUEUED_PARSES) throw new UploadRefusal('busy', refusals.busy());
  const { bytes } = request;
  // Only a buffer of its own can be moved (a pooled small Buffer shares its memory): anything else
  // is copied (new Uint8Array copies; a Buffer's slice() would share).
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
  const rows: RawRow[] = [];
  const channel = new MessageChannel();
  const received = receiveRows(
    channel.port1,
    onRows ??
      ((chunk) => {
        for (const r of chunk) rows.push(r);
      }),
  );
  const task = { request: { ...request, bytes: own }, port: channel.port2 };
  try {
    // The result and the port's messages travel apart, in no set order between them: the end
    // marker says the last chunk has come, and the answer is given once both are in (a result
    // first would otherwise drop the chunks still on their way).
    const [answer] = await Promise.all([parses.run(task, [own.buffer as ArrayBuffer, channel.port2]), received.done]);
    if (answer.ok) return { ...answer.head, rows };
    if ('refusal' in answer)
      throw new UploadRefusal(answer.refusal.code, answer.refusal.message, answer.refusal.sheets);
    throw new Error(`Upload parse failed: ${answer.failure}`);
  } catch (err) {
    throw refusalFor(err);
  } finally {
    received.stop();
  }
}
