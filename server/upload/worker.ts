// The parse worker: for each file it is sent, the records go back in chunks as they are read,
// then one final answer (the table's head, or a refusal). A refusal travels as plain data (class
// instances do not cross threads).
import { parentPort } from 'node:worker_threads';
import { parseFile, type ParseRequest } from './parse';
import { UploadRefusal } from './refusal';
import type { WorkerMessage } from './worker-pool';

const send = (message: WorkerMessage) => parentPort?.postMessage(message);

async function answer(request: ParseRequest): Promise<WorkerMessage> {
  try {
    return { ok: true, head: await parseFile(request, (rows, columns) => send({ rows, columns })) };
  } catch (err) {
    if (err instanceof UploadRefusal) return { ok: false, refusal: err.toJSON() };
    return { ok: false, failure: err instanceof Error ? err.message : String(err) };
  }
}

parentPort?.on('message', (request: ParseRequest) => {
  void answer(request).then(send);
});
