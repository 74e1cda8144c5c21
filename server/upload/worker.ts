// The parse worker: answers each file it is sent with one message. A refusal travels as plain
// data (class instances do not cross threads).
import { parentPort } from 'node:worker_threads';
import { parseFile, type ParseRequest } from './parse';
import { UploadRefusal } from './refusal';
import type { WorkerAnswer } from './worker-pool';

async function answer(request: ParseRequest): Promise<WorkerAnswer> {
  try {
    return { ok: true, parsed: await parseFile(request) };
  } catch (err) {
    if (err instanceof UploadRefusal) return { ok: false, refusal: err.toJSON() };
    return { ok: false, failure: err instanceof Error ? err.message : String(err) };
  }
}

parentPort?.on('message', (request: ParseRequest) => {
  void answer(request).then((a) => parentPort?.postMessage(a));
});
