import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../fixtures';
import { launchChromium, startServer, type RunningServer } from './server';

let server: RunningServer;
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
    await expect(page.locator('.ant-select').first().textContent()).resolves.toContain('2022年10月');
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
    await page.locator('.ant-select').first().click();
    await page.locator('.ant-select-item-option[title="2022年6月"]').click();
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
    await page.locator('[data-testid=unit-filter]').click();
    await page.keyboard.type('区金融办');
    await page.locator('.ant-select-item-option[title="区金融办"]').click();
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

  it('switches to English', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForFunction(() => document.body.textContent?.includes('As of June 2022'));
    expect(await page.locator('header').textContent()).toContain('Plan Monitor');
    expect(await page.locator('[data-testid=measure-41]').textContent()).toContain('Lead unit');
    const artifacts = path.join(repoRoot, 'tests/artifacts');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'measures-page-en.png') });
  });
});
