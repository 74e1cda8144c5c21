// `npm start`: build the client if its sources changed since the last build, then serve (main.ts).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { clientBuildStale } from './client-build';
import { projectRoot } from './config';

// Installed from the offline archive (npm run bundle) there are no sources: the client is as built.
const reason = existsSync(path.join(projectRoot, 'client')) ? clientBuildStale(projectRoot) : null;
if (reason === null) console.log('[plan-monitor] client: dist/client is up to date, not rebuilt');
else {
  console.log(`[plan-monitor] client: building (${reason}) …`);
  const vite = path.join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const build = spawnSync(process.execPath, [vite, 'build'], { cwd: projectRoot, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('[plan-monitor] client build failed; see the messages above');
    process.exit(1);
  }
}
await import('./main');
