// Board figures measured in Chromium against the real server: time until every visible chart
// has drawn, and the gzip size of the JavaScript the first page loads.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { clientDist } from '../../server/app';
import { launchChromium } from '../browser/server';
import { startServer } from '../crash/server-process';

/** Gzip bytes of the entry script and every module it preloads (what the first page fetches). */
export function firstPageJsGzip(): number {
  const html = readFileSync(path.join(clientDist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  return files.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(clientDist, f))).length, 0);
}

export async function browserFigures() {
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
  const server = await startServer();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Warm the server and the browser cache once, as a returning leader would have it.
    await page.goto(`${server.url}/?period=2022-10`);
    await page.locator('[data-testid=measure-59]').waitFor();

    const t0 = Date.now();
    await page.goto(`${server.url}/?period=2022-10`);
    await page.locator('[data-testid=measure-59]').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[role=meter]').length >= 20);
    const overviewMs = Date.now() - t0;

    const t1 = Date.now();
    await page.goto(`${server.url}/measures/41?period=2022-10`);
    await page.locator('[data-testid=echart]').first().waitFor();
    await page.waitForFunction(() => {
      const charts = [...document.querySelectorAll('[data-testid=echart]')];
      const visible = charts.filter((c) => c.getBoundingClientRect().top < window.innerHeight);
      return visible.length > 0 && visible.every((c) => c.getAttribute('data-drawn') === 'true');
    });
    const measureMs = Date.now() - t1;
    return { overviewMs, measureMs };
  } finally {
    await browser.close();
    await server.stop();
  }
}
