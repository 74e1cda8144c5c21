// `npm run bundle`: one archive that installs Plan Monitor on a server with no network at all (a
// government intranet): the built client and server, the plans, the production dependencies
// (installed from npm's local cache; better-sqlite3 and resvg bring their linux-x64 binaries), the
// Node binary that built it, and `start.sh`. The repository's own dist/ is not touched.
//
//   npm run bundle [-- --out <folder>]   → <folder>/plan-monitor-<version>-linux-x64-node<version>.tar.gz
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildServer } from '../build-server';
import { projectRoot } from '../config';

const { values } = parseArgs({ options: { out: { type: 'string', default: path.join(projectRoot, 'dist') } } });
const out = path.resolve(values.out);
const { version } = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };
const name = `plan-monitor-${version}-${process.platform}-${process.arch}-node${process.versions.node}`;
const staging = mkdtempSync(path.join(tmpdir(), 'pm-bundle-'));
const root = path.join(staging, name);
const step = (what: string) => console.log(`[bundle] ${what}`);
const run = (command: string, args: string[], cwd = projectRoot) =>
  execFileSync(command, args, { cwd, stdio: 'inherit' });

try {
  step('client → dist/client');
  run(process.execPath, [
    path.join(projectRoot, 'node_modules/vite/bin/vite.js'),
    'build',
    '--logLevel=warn',
    `--outDir=${path.join(root, 'dist/client')}`,
  ]);
  step('server → dist/server');
  await buildServer(projectRoot, path.join(root, 'dist/server'));

  step('plans, package files');
  cpSync(path.join(projectRoot, 'data/plans'), path.join(root, 'data/plans'), { recursive: true });
  for (const file of ['package.json', 'package-lock.json', 'README.md'])
    copyFileSync(path.join(projectRoot, file), path.join(root, file));

  // From the cache the development install filled; no install script runs (better-sqlite3 and
  // resvg load prebuilt binaries).
  step('production dependencies');
  run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], root);

  step(`Node ${process.version}`);
  mkdirSync(path.join(root, 'node/bin'), { recursive: true });
  copyFileSync(process.execPath, path.join(root, 'node/bin/node'));
  chmodSync(path.join(root, 'node/bin/node'), 0o755);

  writeFileSync(
    path.join(root, 'start.sh'),
    `#!/bin/sh
# Plan Monitor (方案监测), installed from ${name}.tar.gz. Settings are environment variables (the
# README's Configuration table), e.g. PORT=8080 DEMO=0 ./start.sh. Needs no network.
cd "$(dirname "$0")" || exit 1
# Node's compile cache makes a restart quicker; NODE_OPTIONS=--enable-source-maps maps stack traces
# to the TypeScript sources (at ~0.1 s of start).
export NODE_COMPILE_CACHE="\${NODE_COMPILE_CACHE:-dist/.node-compile-cache}"
exec ./node/bin/node dist/server/main.js "$@"
`,
  );
  chmodSync(path.join(root, 'start.sh'), 0o755);

  mkdirSync(out, { recursive: true });
  const archive = path.join(out, `${name}.tar.gz`);
  step(`archive → ${archive}`);
  run('tar', ['-czf', archive, '-C', staging, name]);
  console.log(archive);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
