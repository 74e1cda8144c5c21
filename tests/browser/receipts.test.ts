// The receipt (回执) in Chromium: a statistician commits a file and reads its receipt; an approver
// returns one figure with a comment; the statistician finds it, with the comment, on 我的报送.
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
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
const dir = mkdtempSync(path.join(tmpdir(), 'plan-monitor-receipt-'));

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop('SIGTERM');
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

const text = (testId: string) => page.locator(`[data-testid=${testId}]`).first().textContent();

describe('the receipt of a commit in Chromium', { timeout: 180_000 }, () => {
  it('shows the receipt after committing a wide file; a returned figure shows on 我的报送 with the comment', async () => {
    const book = new ExcelJS.Workbook();
    // The wide layout many offices keep all year: a row per indicator, a column per month.
    const ws = book.addWorksheet('报送');
    ws.addRow(['2022年产业用地情况表']);
    ws.addRow(['指标代码', '指标名称', '10月', '11月', '备注']);
    ws.addRow(['I-41-2', '供应产业用地', null, 2345, '含两宗补录']);
    ws.addRow(['I-41-3', '', 110, 120, '']);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const file = path.join(dir, '发改委11月.xlsx');
    writeFileSync(file, bytes);

    await logIn('stat-finance');
    await page.goto(`${server.url}/report?period=2022-11`);
    await page.locator('[data-testid=upload-file]').setInputFiles(file);
    await page.locator('[data-testid=upload-preview]').click();
    await page.locator('[data-testid=upload-preview-result]').waitFor();
    await page.locator('[data-testid=upload-commit]').click();
    // The plan still shows demo data: confirm removing it.
    await page.locator('[data-testid=clear-demo-ok]').click();
    await page.locator('[data-testid=receipt]').waitFor();
    expect(await text('receipt-source')).toBe(
      `文件“发改委11月.xlsx”，工作表“报送”（SHA-256：${createHash('sha256').update(bytes).digest('hex')}）`,
    );
    expect(await text('receipt-counts')).toBe('新增 3 项，修改 0 项，未变 0 项');
    expect(await text('receipt-state')).toBe('待审核');
    const items = await text('receipt-items');
    expect(items).toContain('I-41-2');
    expect(items).toContain('— → 2,345 亩');
    await page.screenshot({ path: 'tests/artifacts/receipt-after-upload.png', fullPage: true });
    await logOut();

    await logIn('approver-dr');
    await page.goto(`${server.url}/review`);
    await page.locator('[data-testid=return-I-41-2]').click();
    await page.getByLabel('退回意见（必填）').fill('请附用地批复文号');
    await page.locator('[data-testid=return-confirm]').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid=return-I-41-2]'));
    await logOut();

    await logIn('stat-finance');
    await page.getByRole('link', { name: '我的报送' }).click();
    await page.locator('[data-testid=my-reports]').waitFor();
    // The receipt with a returned figure opens by itself, the comment beside the figure.
    await page.locator('[data-testid=return-comment]').waitFor();
    expect(await text('return-comment')).toBe('请附用地批复文号（示例审核员）');
    const row = page.locator('[data-testid=receipt-items] tr', { hasText: 'I-41-2' });
    expect(await row.textContent()).toContain('已退回');
    const others = page.locator('[data-testid=receipt-items] tr', { hasText: 'I-41-3' });
    expect(await others.count()).toBe(2); // 10月 and 11月
    for (const other of await others.all()) expect(await other.textContent()).toContain('待审核');
    await page.screenshot({ path: 'tests/artifacts/my-reports.png', fullPage: true });
  });
});
