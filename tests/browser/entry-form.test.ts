// The web form as a statistician meets it: the month due by the server's clock, nothing counted as
// changed until something is, an inline error for text that is not a number, dialogs that name
// the indicator.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startServer, type RunningServer } from './server';

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer({ TODAY: '2022-11-08' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const value = (code: string) => page.locator(`[data-testid="value-${code}/value"]`);
const inlineError = (code: string) => page.locator(`[data-testid="value-error-${code}/value"]`);

describe('the entry form in Chromium', () => {
  it('opens on the month due, counts only changes, and marks text that is not a number without erasing it', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill('stat-finance');
    await page.getByLabel('密码').fill('demo1234');
    await page.locator('button[type=submit]').click();
    await page.locator('[data-testid=user-area]').waitFor();

    await page.goto(`${server.url}/report`);
    await page.locator('[data-testid=entry-table]').waitFor();
    // 8 November 2022 by the server's clock: October's figures are due.
    expect(await page.locator('[data-testid=entry-period]').inputValue()).toBe('2022-10');
    expect(await page.getByText('已修改 0 项').count()).toBe(1);

    await value('I-41-2').fill('abc');
    await value('I-41-3').click(); // blur
    expect(await value('I-41-2').inputValue()).toBe('abc');
    expect(await inlineError('I-41-2').textContent()).toContain('“abc”不是数字');

    await value('I-41-2').fill('1,2.3');
    expect(await inlineError('I-41-2').textContent()).toContain('“1,2.3”不是数字');
    await page.locator('[data-testid=entry-save]').click();
    expect(await page.locator('[data-testid=entry-error]').textContent()).toContain('请先改正标红的数值');

    await value('I-41-2').fill('12,300.5');
    expect(await inlineError('I-41-2').count()).toBe(0);
    expect(await page.getByText('已修改 1 项').count()).toBe(1);
  });

  it('names the indicator in the warning dialog and asks for a reason', async () => {
    // Far below the plausible range of a running total that already stands higher: a warning.
    await value('I-41-2').fill('0');
    await page.locator('[data-testid=entry-save]').click();
    const dialog = page.locator('[data-testid=entry-warnings]');
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? '';
    expect(text).toContain('I-41-2 供应产业用地：');
    expect(text).not.toMatch(/ \/ [A-Z]/);
    await page.getByRole('button', { name: /取\s*消/ }).click();
  });
});
