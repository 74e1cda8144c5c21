// A pool thread's first module when the server runs from its sources (worker-entry.ts): Node
// strips this file's types itself, then tsx is registered so the entry named in workerData (and
// every import below it, written without extensions) loads as TypeScript. Its task function is
// re-exported for piscina, which awaits this module, top-level await included, before the first
// task. Erasable TypeScript only.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { entry } = workerData as { entry: string };
const worker = (await import(entry)) as { default: unknown };
export default worker.default;
