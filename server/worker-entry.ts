// Which file a worker pool (piscina) loads in its threads for one of the server's own modules,
// whichever way the server runs: from the build (dist/server, plain JavaScript: `npm start`, the
// systemd unit, the offline bundle) or from the TypeScript sources (Vitest, `npm run dev` under
// tsx). The built entry is found from the project root, not from import.meta.url: bundled, the
// caller sits in a shared chunk.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot, runsBuilt } from './config';

/** What a pool is given to load `name` (a path under server/ without extension, e.g. 'upload/worker'). */
export interface ServerWorker {
  filename: string;
  /** For worker-bootstrap.ts, the only reader of a pool thread's workerData. */
  workerData?: { entry: string };
}

export function serverWorker(name: string): ServerWorker {
  if (runsBuilt) return { filename: pathToFileURL(path.join(projectRoot, 'dist', 'server', `${name}.js`)).href };
  // Node does not load the sources by itself in a thread (tsx hooks the main thread only, Vitest
  // none): worker-bootstrap.ts registers tsx there first. Piscina turns a file: URL into a path and
  // requires or imports that, so the entry cannot ride in the URL's query: it goes in workerData.
  return {
    filename: pathToFileURL(path.join(projectRoot, 'server', 'worker-bootstrap.ts')).href,
    workerData: { entry: pathToFileURL(path.join(projectRoot, 'server', `${name}.ts`)).href },
  };
}
