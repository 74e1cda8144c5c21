// A leader builds a small briefing in Chromium, watches it finish, and downloads it.
import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../crash/server-process';
import { launchChromium } from './server';

let server: ServerProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('briefings in Chromium', () => {
  it('asks anonymous users to log in', async () => {
    await page.goto(`${server.url}/briefing`);
    await page.getByText('登录后可生成和下载简报。').waitFor();
  });

  it('builds a Word briefing for two measures with progress, then downloads it', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill('leader');
    await page.getByLabel('密码').fill('demo1234');
    await page.locator('button[type=submit]').click();
    await page.locator('[data-testid=user-area]').waitFor();

    await page.getByRole('link', { name: '简报导出' }).click();
    await page.locator('[data-testid=briefing-period]').waitFor();
    await page.locator('[data-testid=briefing-period]').selectOption('2022-10');
    await page.getByText('指定措施', { exact: true }).click();
    // An empty choice cannot be built.
    await expect(page.locator('[data-testid=briefing-build]').isDisabled()).resolves.toBe(true);
    const picker = page.locator('[data-testid=briefing-pick] input');
    for (const no of ['41', '57']) {
      await picker.fill(`${no}.`);
      await page.keyboard.press('Enter');
    }
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-testid=briefing-pick] .ant-select-selection-item').count()).resolves.toBe(2);
    // Charts of every indicator in 附件2, and the staff's own 下步工作.
    await page.locator('[data-testid=briefing-charts]').getByText('全部指标').click();
    await page.locator('[data-testid=briefing-next-steps]').fill('一是紧盯滞后指标逐项督办。\n二是每月通报整改进展。');
    await page.locator('[data-testid=briefing-build]').click();

    const progress = page.locator('[data-testid=briefing-progress]');
    await progress.waitFor();
    await page.locator('[data-testid=briefing-progress][data-state=done]').waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=briefing-download]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/措施落实情况（截至2022年10月）\.docx$/);
    const file = await download.path();
    const zip = await JSZip.loadAsync(readFileSync(file));
    const doc = await zip.file('word/document.xml')?.async('string');
    expect(doc).toContain('一是紧盯滞后指标逐项督办。');
    expect(doc).toContain('二是每月通报整改进展。');
    expect(doc).toContain('附件1');
    expect(Object.keys(zip.files).filter((f) => f.startsWith('word/media/') && !zip.files[f]!.dir)).toHaveLength(6);

    // The snapshot is listed and can be downloaded again.
    const row = page.locator('[data-testid=briefing-list] tbody tr').first();
    await row.getByText('下载简报').waitFor();
    const [again] = await Promise.all([page.waitForEvent('download'), row.getByText('下载简报').click()]);
    expect(readFileSync(await again.path()).equals(readFileSync(file))).toBe(true);
  });

  it('remembers the options and the 下步工作 draft for the user after a reload', async () => {
    await page.reload();
    await page.locator('[data-testid=briefing-next-steps]').waitFor();
    await expect(page.locator('[data-testid=briefing-next-steps]').inputValue()).resolves.toContain(
      '一是紧盯滞后指标逐项督办。',
    );
    await expect(page.locator('[data-testid=briefing-charts] input[value=all]').isChecked()).resolves.toBe(true);
  });
});
