// A statistician reports through a template, an approver approves, a leader sees the figure.
import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../crash/server-process';
import { launchChromium } from './server';

let server: ServerProcess;
let browser: Browser;
let page: Page;
const dir = mkdtempSync(path.join(tmpdir(), 'plan-monitor-upload-'));

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function logIn(username: string) {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('demo1234');
  await page.locator('button[type=submit]').click();
  await page.locator('[data-testid=user-area]').waitFor();
}

async function logOut() {
  await page.getByRole('button', { name: /退\s*出/ }).click();
  await page.locator('[data-testid=login-link]').waitFor();
}

describe('reporting a month in Chromium', { timeout: 180_000 }, () => {
  it('lets a statistician download the template, fill it, upload, preview and commit', async () => {
    await logIn('stat-finance');
    await page.goto(`${server.url}/report?period=2022-11`);
    await page.locator('[data-testid=entry-table]').waitFor();
    await page.locator('[data-testid=template-unit]').selectOption('development-reform-commission');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=template-xlsx]').click(),
    ]);
    const templatePath = path.join(dir, 'template.xlsx');
    await download.saveAs(templatePath);

    // Fill 本月数值 the way a statistician would, in Excel.
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(templatePath);
    const sheet = book.worksheets[0]!;
    let header = 0;
    let codeCol = 0;
    let valueCol = 0;
    sheet.eachRow((row, n) => {
      row.eachCell((cell, c) => {
        if (cell.text.trim() === '指标代码') [header, codeCol] = [n, c];
        if (cell.text.trim() === '本月数值') valueCol = c;
      });
    });
    expect(header).toBeGreaterThan(0);
    const codes: string[] = [];
    for (let n = header + 1; n <= sheet.rowCount; n++) {
      const code = sheet.getRow(n).getCell(codeCol).text.trim();
      if (!code) continue;
      codes.push(code);
      sheet.getRow(n).getCell(valueCol).value = code === 'I-41-2' ? 2345 : 1;
    }
    expect(codes).toContain('I-41-2');
    const filled = path.join(dir, '11月报表.xlsx');
    writeFileSync(filled, Buffer.from(await book.xlsx.writeBuffer()));

    await page.locator('[data-testid=upload-file]').setInputFiles(filled);
    await page.locator('[data-testid=upload-preview]').click();
    await page.locator('[data-testid=upload-preview-result]').waitFor();
    const previewText = await page.locator('[data-testid=upload-preview-result]').textContent();
    expect(previewText).toContain('I-41-2');
    expect(previewText).toContain('新增');
    await page.locator('[data-testid=upload-commit]').click();
    // The plan still shows demo data: the commit asks first, naming what it removes.
    await page.locator('[data-testid=clear-demo-text]').waitFor();
    expect(await page.locator('[data-testid=clear-demo-text]').textContent()).toMatch(
      /指标数值 \d+ 条、任务进展 \d+ 条/,
    );
    await page.locator('[data-testid=clear-demo-ok]').click();
    await page.waitForFunction(() => document.body.textContent?.includes('已全部导入'));
    await logOut();
  });

  it('lets the approver approve, and the leader then sees the figure on the board', async () => {
    await logIn('approver-dr');
    await page.goto(`${server.url}/review`);
    await page.locator('[data-testid=review-table]').waitFor();
    expect(await page.locator('[data-testid=review-table]').textContent()).toContain('I-41-2');
    await page.locator('[data-testid=review-table] thead input[type=checkbox]').check();
    await page.locator('[data-testid=approve]').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=review-table]')?.textContent?.includes('没有待审核'),
    );
    await logOut();

    await logIn('leader');
    await page.goto(`${server.url}/?period=2022-11`);
    await page.locator('[data-testid=item-I-41-2]').waitFor();
    expect(await page.locator('[data-testid=item-I-41-2]').textContent()).toContain('2,345亩');
    // the first real figures replaced the demo ones (confirmed above)
    expect(await page.locator('[data-testid=demo-banner]').count()).toBe(0);

    // the figure's history names the file it came from
    await page.goto(`${server.url}/history/I-41-2`);
    await page.locator('[data-testid=history-table]').waitFor();
    expect(await page.locator('[data-testid=history-table]').textContent()).toContain('11月报表.xlsx');

    // 催报: units that have not reported November yet
    await page.goto(`${server.url}/chase?period=2022-11`);
    await page.locator('[data-testid=chase-missing]').waitFor();
    const missing = await page.locator('[data-testid=chase-missing]').textContent();
    expect(missing).toContain('区商务局');
    // the commission reported its figures (its milestone tasks may still be outstanding)
    const commission = page.locator('[data-testid=chase-missing] tr', { hasText: '区发展改革委' });
    expect(await commission.textContent()).not.toContain('I-41-2');
  });
});
