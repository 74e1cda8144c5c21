// The unit view's ranking with its denominators, and the 404 and 403 pages, in Chromium.
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

describe('the unit view in Chromium', { timeout: 180_000 }, () => {
  it('ranks lead units by lagging items over items led, says so, and lists the others apart', async () => {
    await page.goto(`${server.url}/units?period=2022-10`);
    await page.locator('[data-testid=units-table]').waitFor();
    expect(await page.locator('[data-testid=ranking-rule]').textContent()).toContain('÷ 牵头项数');
    const counts = await page.locator('[data-testid=units-table] [data-testid=led-count]').allTextContents();
    expect(counts.length).toBeGreaterThan(5);
    const shares = counts.map((c) => {
      const [, lagging, led] = /^(\d+) \/ (\d+)/.exec(c)!;
      expect(Number(led)).toBeGreaterThan(0);
      return Number(lagging) / Number(led);
    });
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    const table = (await page.locator('[data-testid=units-table]').textContent())!;
    expect(table).toContain('区金融办');
    expect(table).not.toContain('未来科学城管委会');
    expect(await page.locator('[data-testid=units-apart]').textContent()).toContain('未来科学城管委会');
  });
});

describe('the 404 and 403 pages in Chromium', { timeout: 180_000 }, () => {
  it('an unknown URL gets a 404 page in Chinese (and English) with a way back', async () => {
    await page.goto(`${server.url}/no-such-page`);
    await page.locator('[data-testid=not-found]').waitFor();
    expect(await page.locator('[data-testid=not-found]').textContent()).toContain('404 页面不存在');
    expect(await page.textContent('body')).not.toContain('Hey developer');
    await page.locator('[data-testid=back-home]').click();
    await page.locator('[data-testid=measure-59]').waitFor();
    await page.goto(`${server.url}/no-such-page?lang=en`);
    await page.locator('[data-testid=not-found]').waitFor();
    expect(await page.locator('[data-testid=not-found]').textContent()).toContain('404 Page not found');
  });

  it('a page the role may not open says which role is needed, not that loading failed', async () => {
    await logIn('stat-finance');
    await page.goto(`${server.url}/review`);
    await page.locator('[data-testid=forbidden]').waitFor();
    const text = (await page.locator('[data-testid=forbidden]').textContent())!;
    expect(text).toContain('403 无权访问此页面');
    expect(await page.locator('[data-testid=forbidden-reason]').textContent()).toBe('此操作仅限审核员、管理员');
    expect(text).toContain('示例统计员（统计员）');
    expect(text).not.toContain('数据加载失败');
    await logOut();

    await logIn('leader');
    await page.goto(`${server.url}/admin/users`);
    await page.locator('[data-testid=forbidden]').waitFor();
    expect(await page.locator('[data-testid=forbidden-reason]').textContent()).toBe('此操作仅限管理员');
    await logOut();
  });
});
