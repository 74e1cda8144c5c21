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
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function logIn(username: string, password: string) {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page
    .getByRole('button', { name: '登 录' })
    .or(page.getByRole('button', { name: '登录' }))
    .click();
}

describe('accounts in Chromium', () => {
  it('refuses a wrong password with a message and shows the demo accounts', async () => {
    await logIn('admin', 'wrong-password');
    await expect(page.locator('[data-testid=login-error]').textContent()).resolves.toMatch(/用户名或密码|password/i);
    expect(await page.locator('[data-testid=demo-accounts]').textContent()).toContain('stat-finance');
  });

  it('lets the admin log in, create a statistician, and log out', async () => {
    await logIn('admin', 'demo1234');
    await page.locator('[data-testid=user-area]').waitFor();
    expect(await page.locator('[data-testid=user-area]').textContent()).toContain('管理员');
    await page.getByRole('link', { name: '用户管理' }).click();
    await page.locator('[data-testid=users-table]').waitFor();
    await page.locator('[data-testid=new-user]').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill('zhang-san');
    await dialog.getByLabel('姓名').fill('张三');
    await dialog.getByLabel('密码').fill('a-long-password');
    await dialog.getByLabel('责任单位').click();
    await page.keyboard.type('区商务局');
    await page.locator('.ant-select-item-option[title="区商务局"]').click();
    // a multiple select keeps its list open over the buttons: click elsewhere to close it
    await dialog.getByText('新建用户').click();
    await dialog.getByRole('button', { name: /OK|确 定|确定/ }).click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=users-table]')?.textContent?.includes('zhang-san'),
    );
    expect(await page.locator('[data-testid=users-table]').textContent()).toContain('区商务局');

    await page.getByRole('button', { name: /退\s*出/ }).click();
    await page.locator('[data-testid=login-link]').waitFor();
    expect(await page.getByRole('link', { name: '用户管理' }).count()).toBe(0);
  });

  it('lets the new statistician log in, without the admin pages', async () => {
    await logIn('zhang-san', 'a-long-password');
    await page.locator('[data-testid=user-area]').waitFor();
    expect(await page.locator('[data-testid=user-area]').textContent()).toContain('统计员');
    expect(await page.getByRole('link', { name: '用户管理' }).count()).toBe(0);
  });
});
