import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../fixtures';
import { startServer, type ServerProcess } from '../crash/server-process';
import { launchChromium } from './server';

let server: ServerProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const count = (group: string, status: string) =>
  page.locator(`[data-testid=counts-${group}] [data-status=${status}]`).getAttribute('data-count').then(Number);

describe('the measures page in Chromium', () => {
  it('lists the 59 measures with their status for the latest month with data', async () => {
    await page.goto(server.url);
    await page.locator('[data-testid=measure-59]').waitFor();
    expect(await page.locator('[data-testid^=measure-]').count()).toBe(59);
    await expect(page.locator('[data-testid=demo-banner]').textContent()).resolves.toBe('示例数据');
    expect(await page.locator('[data-testid=period-select]').inputValue()).toBe('2022-10');
    const m41 = page.locator('[data-testid=measure-41]');
    expect(await m41.textContent()).toContain('牵头单位：区发展改革委');
    expect(await page.locator('[data-testid=item-I-41-3]').textContent()).toMatch(
      /截至2022年10月，全区累计建设筹集保障性租赁住房/,
    );
    expect(server.output()).toMatch(/seeded \d+ demo row/);
  });

  it('changes the counts when another month is chosen, and keeps the month in the URL', async () => {
    const octoberNotYetDue = await count('indicators', 'not_yet_due');
    const octoberAchieved = await count('indicators', 'achieved');
    await page.locator('[data-testid=period-select]').selectOption({ label: '2022年6月' });
    await page.waitForFunction(() => document.body.textContent?.includes('截至2022年6月'));
    expect(new URL(page.url()).searchParams.get('period')).toBe('2022-06');
    // the second-half land supply target (I-41-1) starts in July
    expect(await count('indicators', 'not_yet_due')).toBeGreaterThan(octoberNotYetDue);
    expect(await count('indicators', 'achieved')).toBeLessThan(octoberAchieved);
    expect(await page.locator('[data-testid=item-I-41-1]').getAttribute('data-status')).toBe('not_yet_due');

    await page.reload();
    await page.locator('[data-testid=measure-59]').waitFor();
    expect(await page.locator('[data-testid=item-I-41-3]').textContent()).toContain('截至2022年6月');
  });

  it('filters by a responsible unit, and the filter lives in the URL', async () => {
    await page.locator('[data-testid=unit-filter]').selectOption({ label: '区金融办' });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^=measure-]').length < 59);
    const shown = await page
      .locator('[data-testid^=measure-]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(shown).toContain('measure-9');
    expect(shown).not.toContain('measure-41');
    expect(new URL(page.url()).searchParams.get('unit')).toBe('financial-affairs-office');
    await page.getByRole('button', { name: '清除筛选' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^=measure-]').length === 59);
  });

  it('opens measure 41 with drawn charts for land supply and rental housing', async () => {
    await page.locator('[data-testid=measure-41] a').first().click();
    await page.waitForURL(/\/measures\/41/);
    expect(new URL(page.url()).searchParams.get('period')).toBe('2022-06');
    await expect(page.locator('[data-testid=measure-units]').textContent()).resolves.toContain('区发展改革委（牵头）');
    for (const code of ['I-41-2', 'I-41-3']) {
      const chart = page.locator(`[data-testid=chart-${code}] [data-testid=echart]`);
      await chart.scrollIntoViewIfNeeded();
      await page.waitForFunction(
        (c) =>
          document.querySelector(`[data-testid=chart-${c}] [data-testid=echart]`)?.getAttribute('data-drawn') ===
          'true',
        code,
      );
      // a drawn canvas has non-blank pixels
      const inked = await chart
        .locator('canvas')
        .first()
        .evaluate((canvas: HTMLCanvasElement) => {
          const ctx = canvas.getContext('2d')!;
          const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
          let n = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
          return n;
        });
      expect(inked, code).toBeGreaterThan(1000);
    }
    // the same numbers as a table
    await page.locator('[data-testid=chart-I-41-2] .ant-segmented-item').nth(1).click();
    await expect(page.locator('[data-testid=chart-I-41-2] table').textContent()).resolves.toContain('2022年6月');
    await page.locator('[data-testid=chart-I-41-2] .ant-segmented-item').nth(0).click();
  });

  it('switches to English', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForFunction(() => document.body.textContent?.includes('As of June 2022'));
    expect(await page.locator('header').textContent()).toContain('Plan Monitor');
    expect(await page.locator('[data-testid=measure-units]').textContent()).toContain('(lead)');
    const artifactsDir = path.join(repoRoot, 'tests/artifacts');
    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: path.join(artifactsDir, 'measure-41-en.png'), fullPage: true });
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    await page.locator('[data-testid=measure-59]').waitFor();
    expect(await page.locator('[data-testid=measure-41]').textContent()).toContain('Lead unit');
    const artifacts = path.join(repoRoot, 'tests/artifacts');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'measures-page-en.png') });
  });
});
