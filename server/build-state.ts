// Whether a build in dist/ is older than what it is built from, so `npm start` (server/launch.ts)
// builds the client and the server only then: a restart with nothing changed answers in under 2 s
// instead of ~10. Node runs this file as it is (type stripping): erasable TypeScript only.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface Build {
  /** What the build reads, relative to the project root: a folder counts every file in it. */
  sources: string[];
  /** A file every build writes (each build empties its folder first). */
  stamp: string;
}

export const CLIENT_BUILD: Build = {
  sources: ['client', 'shared', 'vite.config.ts', 'package-lock.json', 'tsconfig.json'],
  stamp: path.join('dist', 'client', 'index.html'),
};

// The server bundle takes server/ and shared/ (data/ is read at run time, not built in).
export const SERVER_BUILD: Build = {
  sources: ['server', 'shared', 'package-lock.json', 'tsconfig.json'],
  stamp: path.join('dist', 'server', 'main.js'),
};

/** The newest file under `target` (a file or a folder) as [mtime in ms, path]; null if absent. */
function newest(target: string): [number, string] | null {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    return null;
  }
  if (!stat.isDirectory()) return [stat.mtimeMs, target];
  let best: [number, string] | null = null;
  for (const entry of readdirSync(target)) {
    const found = newest(path.join(target, entry));
    if (found && (!best || found[0] > best[0])) best = found;
  }
  return best;
}

/** Why `build` must run again (a sentence), or null when it is up to date. */
export function buildStale(root: string, build: Build): string | null {
  const stamp = newest(path.join(root, build.stamp));
  if (!stamp) return 'no build yet';
  for (const source of build.sources) {
    const found = newest(path.join(root, source));
    if (found && found[0] > stamp[0]) return `${path.relative(root, found[1])} changed since the last build`;
  }
  return null;
}
