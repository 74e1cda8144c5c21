// A worker thread on one of the server's own modules, whichever way the server runs: from the
// build (dist/server, plain JavaScript: `npm start`, the systemd unit, the offline bundle) or from
// the TypeScript sources (Vitest, `npm run dev` under tsx). The built entry is found from the
// project root, not from import.meta.url: bundled, the caller sits in a shared chunk.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { projectRoot, runsBuilt } from './config';

/** Start `name` (a path under server/ without extension, e.g. 'upload/worker') in a worker thread. */
export function startServerWorker(name: string, options: WorkerOptions = {}): Worker {
  if (runsBuilt) return new Worker(pathToFileURL(path.join(projectRoot, 'dist', 'server', `${name}.js`)), options);
  // Node does not load a .ts worker by itself here (tsx hooks the main thread only): a one-line
  // bootstrap registers tsx inside the worker first.
  const entry = pathToFileURL(path.join(projectRoot, 'server', `${name}.ts`)).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
