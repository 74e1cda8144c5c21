// 调整目标 in Chromium: an administrator changes 供应产业用地 (I-41-2) from 2,500亩 to 2,000亩 from
// July 2022 in the measure page's dialog; an empty reason is refused in Chinese first. The month
// viewed then says the target was adjusted and lists the change; June keeps the old target.
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
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop('SIGTERM');
});

const bodyHas = (text: string) =>
  page.waitForFunction((t) => document.body.textContent?.includes(t), text, { timeout: 30_000 });

describe('the target change dialog', () => {
  it('refuses an empty reason, then changes the target from its month on', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('demo1234');
    await page
      .getByRole('button', { name: '登 录' })
      .or(page.getByRole('button', { name: '登录' }))
      .click();
    await page.locator('[data-testid=user-area]').waitFor();
    await page.goto(`${server.url}/measures/41?period=2022-09`);
    await page.locator('[data-testid=change-target-I-41-2]').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('现行目标：2,500亩').waitFor();
    await dialog.getByLabel('生效月份').fill('2022-07');
    await dialog.getByLabel('新目标').fill('2000');
    await dialog.getByRole('button', { name: '确认调整' }).click();
    await dialog.locator('[data-testid=target-change-problems]').getByText('请填写调整原因').waitFor();

    await dialog.getByLabel('调整原因').fill('区政府常务会议调整供地计划');
    await dialog.getByRole('button', { name: '确认调整' }).click();
    await page.locator('[data-testid=target-changed]').waitFor();
    await bodyHas('目标自2022年7月起由2,500亩调整为2,000亩');
    const history = page.locator('[data-testid=target-history]');
    expect(await history.textContent()).toContain('区政府常务会议调整供地计划');
    expect(await history.textContent()).toContain('示例管理员');

    // June is before the change: the old target, no mark.
    await page.goto(`${server.url}/measures/41?period=2022-06`);
    await page.locator('[data-testid=target-history]').waitFor();
    expect(await page.locator('[data-testid=target-changed]').count()).toBe(0);
    await page.locator('[data-testid=change-target-I-41-2]').click();
    // The dialog starts from the target in force now.
    await page.getByRole('dialog').getByText('现行目标：2,000亩').waitFor();
  });
});
