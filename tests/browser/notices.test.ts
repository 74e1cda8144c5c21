// A figure the approver returns reaches its statistician's bell, with the comment.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../crash/server-process';
import { launchChromium } from './server';

let server: ServerProcess;
let browser: Browser;
let page: Page;
const PLAN = 'changping-2022';

beforeAll(async () => {
  server = await startServer({ env: { TODAY: '2022-12-02' } });
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

/**
 * Logs out and waits until the page says so: going to /login while the logout was still under
 * way let its answer clear the next user's new session cookie.
 */
async function logOut() {
  await page.getByRole('button', { name: /退\s*出/ }).click();
  await page.locator('[data-testid=login-link]').waitFor();
}

/** A tRPC call from the page, as its own scripts make it (same origin, the session cookie). */
function call(procedure: string, input: unknown, method: 'GET' | 'POST' = 'POST') {
  return page.evaluate(
    async ([procedure, input, method]) => {
      const url =
        method === 'GET'
          ? `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`
          : `/trpc/${procedure}`;
      const res = await fetch(url, {
        method,
        headers: method === 'POST' ? { 'content-type': 'application/json' } : {},
        body: method === 'POST' ? JSON.stringify(input) : undefined,
      });
      return (await res.json()) as { result?: { data: unknown }; error?: unknown };
    },
    [procedure, input, method] as const,
  );
}

describe('notices', () => {
  it('a returned figure shows on the statistician’s bell with the comment', async () => {
    await logIn('stat-finance');
    const saved = await call('entry.save', {
      planId: PLAN,
      period: '2022-11',
      rows: [{ code: 'I-41-2', value: 2400 }],
      reason: '更正',
      confirmClearDemo: true,
    });
    expect(saved.error).toBeUndefined();
    const bell = page.locator('[data-testid=notice-bell]');
    await bell.waitFor();
    // The start-up run already reminded this statistician that November is due (TODAY=2022-12-02).
    await page.waitForFunction(() =>
      /（\d+）$/.test(document.querySelector('[data-testid=notice-bell]')?.ariaLabel ?? ''),
    );
    const before = Number(/（(\d+)）$/.exec((await bell.getAttribute('aria-label')) ?? '')?.[1]);
    expect(before).toBe(1);

    await logOut();
    await logIn('approver-dr');
    const queue = (await call('review.queue', { planId: PLAN }, 'GET')) as {
      result: { data: { figures: { id: number; code: string }[] } };
    };
    const figure = queue.result.data.figures.find((f) => f.code === 'I-41-2')!;
    const returned = await call('review.return', {
      planId: PLAN,
      items: [{ kind: 'figure', id: figure.id }],
      comment: '请按累计值报送',
    });
    expect(returned.error).toBeUndefined();

    await logOut();
    await logIn('stat-finance');
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid=notice-bell]')?.ariaLabel === `通知（${n}）`,
      before + 1,
    );
    await bell.click();
    const item = page.locator('[data-testid=notice-item]').first();
    await item.waitFor();
    expect(await item.textContent()).toContain('【退回】“供应产业用地”2022年11月数据被退回');
    expect(await item.textContent()).toContain('退回意见：请按累计值报送');
    await item.click();
    await page.waitForURL(/\/report\?plan=changping-2022&period=2022-11/);
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid=notice-bell]')?.ariaLabel === `通知（${n}）`,
      before,
    );
  });

  it('an administrator sets the reminder schedule on 通知设置, with a message for a bad value', async () => {
    await logOut();
    await logIn('admin');
    await page.goto(`${server.url}/settings/notices?plan=${PLAN}`);
    const due = page.locator('#due-soon-days');
    await due.waitFor();
    expect(await due.inputValue()).toBe('3');
    await due.fill('40');
    await page.locator('[data-testid=schedule-problem]').getByText('提醒天数不能超过 15 天').waitFor();
    expect(await page.locator('[data-testid=save-schedule]').isDisabled()).toBe(true);
    await due.fill('5');
    await page.locator('#overdue-every-days').fill('2');
    await page.locator('[data-testid=save-schedule]').click();
    await page.getByText('提醒时间已保存').waitFor();
    await page.reload();
    await page.locator('#due-soon-days').waitFor();
    expect(await page.locator('#due-soon-days').inputValue()).toBe('5');
    expect(await page.locator('#overdue-every-days').inputValue()).toBe('2');
  });
});
