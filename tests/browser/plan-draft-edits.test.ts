// Split and merge in the draft review, in Chromium, on the Yunxi plan's text (12 measures): an
// indicator is split and merged back, merges across measures, units and sections are refused
// in Chinese, and measures 1 and 2 are merged and split again; the draft stays publishable.
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
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop('SIGTERM');
});

const row = (code: string) => page.locator(`[data-testid=draft-indicators] tr[data-row-key="${code}"]`);
const counts = (text: string) =>
  page.waitForFunction((t) => document.body.textContent?.includes(t), text, { timeout: 15_000 });
const refusal = async (text: string) => {
  await page.locator('[data-testid=edit-error]').getByText(text).waitFor();
};

describe('split and merge in the draft review', () => {
  it('splits and merges indicators and measures, refusing what cannot be merged', { timeout: 240_000 }, async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('demo1234');
    await page
      .getByRole('button', { name: '登 录' })
      .or(page.getByRole('button', { name: '登录' }))
      .click();
    await page.locator('[data-testid=user-area]').waitFor();
    await page.getByRole('link', { name: '方案导入' }).click();
    await page
      .locator('[data-testid=plan-file]')
      .setInputFiles(path.join(repoRoot, 'tests/fixtures/plan-drafting/yunxi-2023/source.txt'));
    await page.waitForURL(/\/admin\/plans\/[0-9a-f-]{36}/);
    await page.locator('[data-testid=draft-measures]').waitFor();
    await counts('12 项措施');

    // Split 老旧小区改造 (I-04-1, 35个) in two, then merge the two back; 背街小巷 (I-04-2) is in 条.
    await row('I-04-1')
      .getByRole('button', { name: '拆 分' })
      .or(row('I-04-1').getByRole('button', { name: '拆分' }))
      .click();
    await row('I-04-3').waitFor();
    await row('I-01-1').locator('input[type=checkbox]').check();
    await row('I-04-1').locator('input[type=checkbox]').check();
    await page.locator('[data-testid=merge-indicators]').click();
    await refusal('只能合并同一措施下的指标（所选指标分属第 1、4 条措施）');
    await row('I-01-1').locator('input[type=checkbox]').uncheck();
    await row('I-04-2').locator('input[type=checkbox]').check();
    await page.locator('[data-testid=merge-indicators]').click();
    await refusal('所选指标的单位不同（个、条），不能合并');
    await row('I-04-2').locator('input[type=checkbox]').uncheck();
    await row('I-04-3').locator('input[type=checkbox]').check();
    await page.locator('[data-testid=merge-indicators]').click();
    await row('I-04-3').waitFor({ state: 'detached' });
    expect(await row('I-04-1').count()).toBe(1);
    expect(await page.locator('[data-testid=edit-error]').count()).toBe(0);

    // Measures 4 and 5 are in different sections; 1 and 2 merge, and split again at 强化项目要素保障.
    await page.locator('[data-testid=merge-measure-4]').click();
    await refusal('第 4 条和第 5 条措施不在同一部分，不能合并');
    await page.locator('[data-testid=merge-measure-1]').click();
    await counts('11 项措施');
    // Measure 2's indicator now belongs to measure 1.
    await row('I-01-4').waitFor();
    await page.locator('[data-testid=split-measure-1]').click();
    await page.getByLabel('第二部分开头的文字').fill('强化项目要素保障');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: '拆 分' })
      .or(page.getByRole('dialog').getByRole('button', { name: '拆分' }))
      .click();
    await counts('12 项措施');
    await row('I-02-1').waitFor();
    expect(await page.locator('[data-testid=draft-problems]').count()).toBe(0);
    expect(await page.locator('[data-testid=publish-draft]').isEnabled()).toBe(true);
  });
});
