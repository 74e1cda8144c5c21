// The server as `npm start` runs it: built by `npm run build:server` (esbuild) into dist/server and
// run as plain JavaScript, with no TypeScript loader in the process or its worker threads. A load
// hook given to Node (worker threads inherit the parent's options) records every module loaded,
// so the test sees the workers start from dist/server and nothing load from server/ or tsx.
import { spawnSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it, onTestFinished } from 'vitest';
import { login, startServer, uploadPreview } from '../crash/server-process';
import { repoRoot } from '../fixtures';

const PLAN = 'changping-2022';

it('runs from dist/server without tsx: ready, a parse in its worker, a chart PNG from its pool', async () => {
  const build = spawnSync('npm', ['run', '-s', 'build:server'], { cwd: repoRoot, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);

  const dir = mkdtempSync(path.join(tmpdir(), 'pm-built-server-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const loaded = path.join(dir, 'loaded.txt');
  const hook = path.join(dir, 'hook.mjs');
  writeFileSync(
    hook,
    `import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
registerHooks({
  load(url, context, next) {
    if (url.startsWith('file:')) appendFileSync(${JSON.stringify(loaded)}, url + '\\n');
    return next(url, context);
  },
});
`,
  );
  const server = await startServer({
    built: { nodeArgs: ['--import', pathToFileURL(hook).href] },
    env: { NODE_OPTIONS: '' },
  });
  onTestFinished(() => server.stop());

  // Ready once the worker pools have started (main.ts warms them after listening).
  let ready = await fetch(`${server.url}/readyz`);
  for (let i = 0; ready.status === 503 && i < 600; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    ready = await fetch(`${server.url}/readyz`);
  }
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({ checks: { database: 'ok', migrations: 'ok', workers: 'ok' } });

  // A statistician's file: read by the parse worker, checked, kept for the commit.
  const cookie = await login(server.url, 'stat-finance', 'demo1234');
  const bytes = Buffer.from('指标代码,本月数值,报告期\r\nI-41-2,1200,2022-10\r\n');
  const preview = await uploadPreview(
    server.url,
    cookie,
    { bytes, name: 'figures.csv' },
    { plan: PLAN, period: '2022-10' },
  );
  expect(preview.uploadId).toBeTruthy();
  expect(preview.summary.new + preview.summary.changed).toBe(1);

  // A chart image: SVG drawn, then made a PNG in the chart pool's worker.
  const png = await fetch(`${server.url}/api/charts/${PLAN}/I-41-2.png`);
  expect(png.status).toBe(200);
  expect(png.headers.get('content-type')).toBe('image/png');
  expect(
    Buffer.from(await png.arrayBuffer())
      .subarray(1, 4)
      .toString(),
  ).toBe('PNG');

  // The indicators workbook, written by exceljs as bundled into dist/server (as CommonJS inside an
  // ES module chunk), read back by exceljs from node_modules.
  const xlsx = await fetch(`${server.url}/api/exports/${PLAN}/indicators.xlsx`, { headers: { cookie } });
  expect(xlsx.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await xlsx.arrayBuffer());
  expect(book.worksheets[0]!.rowCount).toBeGreaterThan(30);

  const urls = readFileSync(loaded, 'utf8').trim().split('\n');
  const built = pathToFileURL(path.join(repoRoot, 'dist', 'server')).href;
  expect(urls).toContain(`${built}/main.js`);
  expect(urls).toContain(`${built}/upload/worker.js`);
  expect(urls).toContain(`${built}/briefings/chart-worker.js`);
  const sources = pathToFileURL(path.join(repoRoot, 'server')).href + '/';
  expect(
    urls.filter((url) => url.startsWith(sources) || /\.tsx?$/.test(url) || url.includes('/node_modules/tsx/')),
  ).toEqual([]);
  // The heavy libraries this test did not use stayed unloaded (server/lazy.ts): they load on first
  // use, not at start-up. ECharts and exceljs are bundled into dist/server, never loaded from node_modules.
  for (const lazy of ['exceljs', 'docx', 'pptxgenjs', 'mammoth', 'echarts'])
    expect(
      urls.filter((url) => url.includes(`/node_modules/${lazy}/`)),
      lazy,
    ).toEqual([]);
  expect(server.output()).not.toMatch(/ERR_|Error:/);
});
