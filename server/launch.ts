// `npm start`: build the client and the server if their sources changed since the last build,
// then serve (dist/server/main.js, in this same process). Node runs this file as it is (type
// stripping: erasable TypeScript only, imports with their extension), since it must run before
// any build exists. Installed from the offline archive there are no sources and no launcher:
// its start.sh runs dist/server/main.js.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildStale, CLIENT_BUILD, SERVER_BUILD } from './build-state.ts';
import { buildServer } from './build-server.ts';

const root = path.dirname(import.meta.dirname);
const log = (message: string) => console.log(`[plan-monitor] ${message}`);

const clientStale = buildStale(root, CLIENT_BUILD);
if (clientStale === null) log('client: dist/client is up to date, not rebuilt');
else {
  log(`client: building (${clientStale}) …`);
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const build = spawnSync(process.execPath, [vite, 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('[plan-monitor] client build failed; see the messages above');
    process.exit(1);
  }
}

const serverStale = buildStale(root, SERVER_BUILD);
if (serverStale === null) log('server: dist/server is up to date, not rebuilt');
else {
  log(`server: building (${serverStale}) …`);
  try {
    await buildServer(root);
  } catch {
    // esbuild has printed what failed, with file and line.
    console.error('[plan-monitor] server build failed; see the messages above');
    process.exit(1);
  }
}

await import(pathToFileURL(path.join(root, 'dist', 'server', 'main.js')).href);
