// 总览 arrives drawn (server/first-paint-route.ts): before any of the app's JavaScript has run, a
// phone shows the headline, the progress chart and the red list; the app then takes over in place
// without asking again for what the page brought, and without JavaScript the page still reads
// and its links work.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../crash/server-process';
import { launchChromium } from './server';

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };

/** Hold every script of the app until release() is called: the page as a slow phone first sees it. */
async function holdScripts(page: Page) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/assets/*.js', async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

const visibleBox = async (page: Page, selector: string) => {
  const box = await page.locator(selector).boundingBox();
  return box !== null && box.width > 0 && box.height > 0;
};

describe('the overview drawn by the server', () => {
  it('shows on a phone before the app runs, then the app takes over without asking again', async () => {
    // axe-core goes in as an inline script, which the server's Content-Security-Policy forbids.
    const context = await browser.newContext({ ...PHONE, bypassCSP: true });
    const page = await context.newPage();
    const asked: string[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/trpc/')) asked.push(new URL(req.url()).pathname);
    });
    const release = await holdScripts(page);
    await page.goto(`${server.url}/`, { waitUntil: 'commit' });

    // No script has run: what shows is the server's page.
    const first = page.locator('#pm-first');
    await first.waitFor();
    expect(await page.locator('#root').isVisible()).toBe(false);
    expect(await page.locator('#pm-first-data').count(), 'the data waits for the app').toBe(1);
    expect(await page.locator('#pm-first h2').textContent()).toContain('昌平区');
    expect(await page.locator('#pm-first').textContent()).toContain('报告期');
    // The compact chart at phone width, drawn; the wide one hidden.
    expect(await visibleBox(page, '#pm-first .pmf-compact svg')).toBe(true);
    expect(await page.locator('#pm-first .pmf-wide').isVisible()).toBe(false);
    const redLinks = page.locator('#pm-first ol.pmf-red a');
    expect(await redLinks.count()).toBeGreaterThan(0);
    const firstRed = (await redLinks.first().textContent())!.split(' ')[0]!;
    // Nothing sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The same accessibility bar as the app's pages (tests/browser/screens.test.ts).
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      type Result = { violations: { id: string; nodes: { target: string[] }[] }[] };
      const { axe } = window as unknown as { axe: { run: (ctx: Element, opts: object) => Promise<Result> } };
      const result = await axe.run(document.getElementById('pm-first')!, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      });
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    expect(violations).toEqual([]);

    release();
    await page.locator('[data-testid=progress-chart] [data-drawn=true]').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => !document.documentElement.classList.contains('pm-first-paint'));
    expect(await first.count(), 'the server page is gone').toBe(0);
    expect(await page.locator('#pm-first-data').count()).toBe(0);
    expect(await page.locator('[data-testid=first-paint]').count()).toBe(0);
    expect(await page.locator('#root').isVisible()).toBe(true);
    // The app shows the same red list, and did not ask for the first screen or the plan list.
    expect(await page.locator('#root').textContent()).toContain(firstRed);
    expect(asked.filter((p) => p.includes('firstScreen.get') || p.includes('plan.list'))).toEqual([]);
    await context.close();
  });

  it('at desk width shows the wide chart', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const release = await holdScripts(page);
    await page.goto(`${server.url}/?lang=en`, { waitUntil: 'commit' });
    await page.locator('#pm-first').waitFor();
    expect(await visibleBox(page, '#pm-first .pmf-wide svg')).toBe(true);
    expect(await page.locator('#pm-first .pmf-compact').isVisible()).toBe(false);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('#pm-first').textContent()).toContain('Plan Monitor');
    release();
    await page.locator('[data-testid=progress-chart] [data-drawn=true]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#pm-first').count()).toBe(0);
    await context.close();
  });

  it('other pages come as the app alone', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${server.url}/measures/41`);
    await page.locator('[data-testid=measure-units]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#pm-first').count()).toBe(0);
    expect(await page.locator('html').getAttribute('class')).toBeNull();
    await context.close();
  });

  it('reads and links without JavaScript', async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    expect(await visibleBox(page, '#pm-first .pmf-compact svg')).toBe(true);
    const link = page.locator('#pm-first ol.pmf-red a').first();
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^\/measures\/\d+$/);
    await Promise.all([page.waitForURL(`${server.url}${href}`), link.click()]);
    await context.close();
  });
});
