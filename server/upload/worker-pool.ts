// Parsing runs in worker threads so the server's event loop stays free while a large file is read.
// A few long-lived workers take one file at a time (starting one costs most of a second); each has
// its own heap ceiling, and a parse that runs out of memory or time ends only its worker, which
// is replaced. More files than workers wait their turn; beyond a short queue they are turned away.
import { deserialize } from 'node:v8';
import type { Worker } from 'node:worker_threads';
import { startServerWorker } from '../worker-entry';
import { MAX_PARALLEL_PARSES, MAX_QUEUED_PARSES, WORKER_HEAP_MB, WORKER_TIMEOUT_MS, WORKER_YOUNG_MB } from './limits';
import { refusals } from './messages';
import type { ParsedFile, ParsedHead, ParseRequest } from './parse';
import { UploadRefusal, type RefusalBody } from './refusal';
import { unpackRows, type PackedRows } from './row-pack';
import type { RawRow } from './table';

export type WorkerAnswer =
  { ok: true; head: ParsedHead } | { ok: false; refusal: RefusalBody } | { ok: false; failure: string };
/** What the worker posts: chunks of records as it reads them, then one answer. */
export type WorkerMessage = WorkerAnswer | { rows: Uint8Array; columns: ParsedHead['columns'] };

function startWorker(): Worker {
  const worker = startServerWorker('upload/worker', {
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
  });
  // A worker that dies between files is simply dropped; the file in flight, if any, is told in run().
  worker.on('error', () => {});
  worker.on('exit', () => {
    const i = slots.findIndex((s) => s.worker === worker);
    if (i >= 0) slots.splice(i, 1);
  });
  return worker;
}

interface Slot {
  worker: Worker;
  busy: boolean;
}
const slots: Slot[] = [];
const waiting: (() => void)[] = [];

async function acquire(): Promise<Slot> {
  for (;;) {
    const slot =
      slots.find((s) => !s.busy) ??
      (slots.length < MAX_PARALLEL_PARSES ? slots[slots.push({ worker: startWorker(), busy: false }) - 1] : undefined);
    if (slot) {
      slot.busy = true;
      slot.worker.ref();
      return slot;
    }
    if (waiting.length >= MAX_QUEUED_PARSES) throw new UploadRefusal('busy', refusals.busy());
    await new Promise<void>((resume) => waiting.push(resume));
  }
}

function release(slot: Slot, healthy: boolean) {
  if (healthy) {
    slot.busy = false;
    // An idle worker does not keep the process alive.
    slot.worker.unref();
  } else {
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    void slot.worker.terminate();
  }
  waiting.shift()?.();
}

/** Takes each chunk of records as it arrives (while the worker reads on). */
export type OnRows = (rows: RawRow[], columns: ParsedHead['columns']) => void;

function run(slot: Slot, request: ParseRequest, onRows?: OnRows): Promise<ParsedFile> {
  const { worker } = slot;
  // Records arrive a chunk per message while the worker reads on. Node hands over every message
  // queued on the port in one go, so a chunk is only queued on arrival (it is still serialised)
  // and read one per turn of the event loop: the server answers others between chunks instead of
  // taking in the whole file at once when the worker runs ahead.
  const rows: RawRow[] = [];
  const queue: Extract<WorkerMessage, { rows: Uint8Array }>[] = [];
  let draining = false;
  let settled = false;
  let afterDrain: (() => void) | null = null;
  return new Promise<ParsedFile>((resolve, reject) => {
    const finish = (healthy: boolean, outcome: () => void) => {
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      release(slot, healthy);
      settled = true;
      queue.length = 0;
      outcome();
    };
    const drain = () => {
      if (settled) return;
      const next = queue.shift();
      if (!next) {
        draining = false;
        afterDrain?.();
        return;
      }
      try {
        const chunk = unpackRows(deserialize(next.rows) as PackedRows);
        if (onRows) onRows(chunk, next.columns);
        else for (const r of chunk) rows.push(r);
      } catch (err) {
        finish(true, () => reject(err instanceof Error ? err : new Error(String(err))));
        return;
      }
      setImmediate(drain);
    };
    const onMessage = (answer: WorkerMessage) => {
      if ('rows' in answer) {
        queue.push(answer);
        if (!draining) {
          draining = true;
          setImmediate(drain);
        }
        return;
      }
      const conclude = () =>
        finish(true, () => {
          if (answer.ok) resolve({ ...answer.head, rows });
          else if ('refusal' in answer)
            reject(new UploadRefusal(answer.refusal.code, answer.refusal.message, answer.refusal.sheets));
          else reject(new Error(`Upload parse failed: ${answer.failure}`));
        });
      // The answer comes after the last chunk; it is given once every chunk has been read.
      if (draining) afterDrain = conclude;
      else conclude();
    };
    const onError = (err: Error & { code?: string }) =>
      finish(false, () =>
        reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new UploadRefusal('too_complex', refusals.tooComplex()) : err),
      );
    const onExit = () => finish(false, () => reject(new UploadRefusal('too_complex', refusals.tooComplex())));
    const timer = setTimeout(
      () => finish(false, () => reject(new UploadRefusal('timeout', refusals.timeout()))),
      WORKER_TIMEOUT_MS,
    );
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage(request, [request.bytes.buffer as ArrayBuffer]);
  });
}

/**
 * Start one parse worker ahead of the first upload (npm start calls this once listening): a
 * worker takes most of a second to load its modules, which the first upload would otherwise wait.
 */
export function warmParseWorker(): void {
  if (slots.length > 0) return;
  const worker = startWorker();
  worker.unref();
  slots.push({ worker, busy: false });
}

/** For /metrics: parse workers started, busy, and parses waiting for one. */
export function parsePoolState() {
  return { workers: slots.length, busy: slots.filter((s) => s.busy).length, waiting: waiting.length };
}

/**
 * Parse a file off the main thread. The records come in `rows`, or, given `onRows`, go to it chunk by
 * chunk instead (and `rows` stays empty). The bytes are moved to the worker (the caller's copy empties). */
export async function parseInWorker(request: ParseRequest, onRows?: OnRows): Promise<ParsedFile> {
  const { bytes } = request;
  // Only a buffer of its own can be moved (a pooled small Buffer shares its memory): anything else
  // is copied (new Uint8Array copies; a Buffer's slice() would share).
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
  return run(await acquire(), { ...request, bytes: own }, onRows);
}
