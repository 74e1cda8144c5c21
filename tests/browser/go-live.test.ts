// Demo data never leaves by surprise: the entry form asks before its first real figure would
// remove it, and the administrator's go-live button names what it removes.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../crash/server-process';
import { launchChromium } from './server';

let server: ServerProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** A fresh server with the demo data (and page) for each part below. */
function freshServer() {
  beforeAll(async () => {
    server = await startServer();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  });
  afterAll(async () => {
    await page?.close();
    await server?.stop();
  });
}

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

/** Type a figure for land supplied (I-41-2) in October and press save, past a plausibility warning. */
async function saveLand(value: string, expect: 'clear-demo' | 'saved') {
  await page.goto(`${server.url}/report?period=2022-10`);
  await page.locator('[data-testid=entry-table]').waitFor();
  await page.getByLabel(/^I-41-2 .*本月数值$/).fill(value);
  await page.locator('[data-testid=entry-save]').click();
  const awaited = expect === 'saved' ? page.getByText('已保存') : page.locator('[data-testid=clear-demo-text]');
  const warning = page.getByRole('button', { name: '仍然保存' });
  await Promise.race([awaited.waitFor(), warning.waitFor()]);
  if (await warning.isVisible()) await warning.click();
  await awaited.waitFor();
  return awaited;
}

const DEMO_REFUSAL = /^本方案仍在使用示例数据。保存实际数据将清除示例数据：指标数值 \d+ 条、任务进展 \d+ 条/;

describe('the entry form in Chromium, on a plan with demo data', { timeout: 180_000 }, () => {
  freshServer();

  it('names the demo data a save would remove; cancelling writes nothing', async () => {
    await logIn('stat-finance');
    const dialog = await saveLand('2345', 'clear-demo');
    expect(await dialog.textContent()).toMatch(DEMO_REFUSAL);
    await page.getByRole('button', { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.goto(`${server.url}/?period=2022-10`);
    await page.locator('[data-testid=demo-banner]').waitFor();
  });

  it('confirming saves the figure and the demo data is gone', async () => {
    await saveLand('2345', 'clear-demo');
    await page.locator('[data-testid=clear-demo-ok]').click();
    await page.getByText('已保存').waitFor();
    await expect.poll(() => server.output()).toMatch(/went live \(entry\), removed \d+ demo figure/);
    await page.goto(`${server.url}/?period=2022-10`);
    await page.locator('[data-testid=item-I-41-2]').waitFor();
    expect(await page.locator('[data-testid=demo-banner]').count()).toBe(0);
    await logOut();
  });
});

describe('the go-live button in Chromium', { timeout: 180_000 }, () => {
  freshServer();

  it('removes the demo data after a confirmation naming the counts', async () => {
    await logIn('admin');
    await page.goto(`${server.url}/admin/users`);
    const state = page.locator('[data-testid=go-live-state]');
    await state.waitFor();
    const counts = (await state.textContent())!.match(/指标数值 (\d+) 条、任务进展 (\d+) 条/);
    expect(Number(counts?.[1])).toBeGreaterThan(200);
    await page.locator('[data-testid=go-live-button]').click();
    await page.locator('[data-testid=go-live-text]').waitFor();
    expect(await page.locator('[data-testid=go-live-text]').textContent()).toContain(counts![0]);
    await page.locator('.ant-modal-confirm-btns .ant-btn-dangerous').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=go-live-state]')?.textContent?.includes('已正式启用'),
    );
    await expect.poll(() => server.output()).toMatch(/went live \(admin\), removed \d+ demo figure/);
    await logOut();
  });

  it('after going live the form saves without asking', async () => {
    await logIn('stat-finance');
    await saveLand('2345', 'saved');
    expect(await page.locator('[data-testid=clear-demo-text]').count()).toBe(0);
  });
});
