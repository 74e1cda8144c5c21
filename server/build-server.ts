// The server's build: esbuild bundles each entry below into dist/server as plain JavaScript, so
// the server and its worker threads run with no TypeScript loader. Packages stay external (the
// production node_modules, native addons included, sit beside it) except ECharts and exceljs:
// Node loads a package from node_modules one file at a time, synchronously, and ECharts is ~600
// files (1–2 s of a restart), exceljs with archiver and unzipper ~400 (0.3–0.5 s on its first use,
// a stall for every request meanwhile); bundled (ECharts tree-shaken, as the client's build does)
// each is one chunk that loads in ~0.1 s. Shared code goes into chunks.
// `npm run build:server` runs this file; `npm start` (launch.ts) calls buildServer when stale.
// Node runs this file as it is (type stripping): erasable TypeScript only.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/** Under server/, without extension: the process entry, the two workers and the operator CLIs. */
export const SERVER_ENTRIES = [
  'main',
  'upload/worker',
  'briefings/chart-worker',
  'db/migrate-cli',
  'db/backup-cli',
  'db/copy-cli',
  'auth/user-add-cli',
  'plans/go-live-cli',
];

/** Beside dist/server: where `npm start`, the systemd unit and the archive's start.sh keep Node's
 * compile cache (V8 code and stripped TypeScript, reused across restarts: a few hundred ms each). */
export const COMPILE_CACHE = '.node-compile-cache';

/** Packages built into dist/server rather than loaded from node_modules (with what they bring). */
const BUNDLED = new Set(['echarts', 'zrender', 'tslib', 'exceljs']);

/** Builds server/ of `root` into `outdir` (the bundle builds into its own staging folder). */
export async function buildServer(root: string, outdir = path.join(root, 'dist', 'server')): Promise<void> {
  // Imported here: esbuild is a development tool, and a start with an up-to-date build skips it.
  const { build } = await import('esbuild');
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const external = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
    .filter((name) => !BUNDLED.has(name))
    .flatMap((name) => [name, `${name}/*`]);
  const result = await build({
    absWorkingDir: root,
    entryPoints: SERVER_ENTRIES.map((entry) => path.join('server', `${entry}.ts`)),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    external,
    splitting: true,
    outdir,
    outbase: 'server',
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
    metafile: true,
    // exceljs and its dependencies are CommonJS: inside an ES module chunk their require() of Node's
    // own modules needs a real require.
    banner: {
      js: "import { createRequire as __pmCreateRequire } from 'node:module'; const require = __pmCreateRequire(import.meta.url);",
    },
  });
  // Chunk names carry a hash, so a change leaves the old chunks behind: they are removed after the
  // build (not by emptying the folder first, which would pull files from under a server already
  // running from it), and with them Node's compile cache, whose entries for them are dead weight.
  const written = new Set(Object.keys(result.metafile.outputs).map((file) => path.resolve(root, file)));
  const stale = readdirSync(outdir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !written.has(file));
  for (const file of stale) rmSync(file);
  if (stale.length > 0) rmSync(path.join(outdir, '..', COMPILE_CACHE), { recursive: true, force: true });
}

if (import.meta.filename === process.argv[1]) await buildServer(path.dirname(import.meta.dirname));
