// Issue 16 in Chromium: the month picker ends at the latest month with figures, a month after it
// in the URL is corrected with a notice, and an item without a figure for the month reads 未报送
// with its latest figure's month, never a verdict.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../server/bootstrap';
import { repoRoot, silent } from '../fixtures';
import { startServer, type ServerProcess } from '../crash/server-process';
import { launchChromium } from './server';

let server: ServerProcess;
let browser: Browser;
let page: Page;
let missedInNovember = -1;
const dir = mkdtempSync(path.join(tmpdir(), 'plan-monitor-months-'));

beforeAll(async () => {
  // The demo figures run to October; one unit has reported November early.
  const file = path.join(dir, 'months.sqlite');
  const db = await prepareDatabase(
    { DATABASE_URL: file, DEMO: true, PLANS_DIR: path.join(repoRoot, 'data/plans') },
    silent,
  );
  const housing = await db.selectFrom('indicators').select('id').where('code', '=', 'I-41-2').executeTakeFirstOrThrow();
  await db
    .insertInto('actuals')
    .values({
      indicatorId: housing.id,
      series: 'value',
      period: '2022-11',
      value: 14000,
      note: null,
      source: 'demo',
      reportedBy: null,
      reportedAt: '2022-12-03T09:00:00.000Z',
      reviewState: 'approved',
      approvedValue: 14000,
    })
    .execute();
  await db.destroy();
  server = await startServer({ databaseFile: file, env: { TODAY: '2022-12-06' } });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const options = () =>
  page
    .locator('[data-testid=period-select] option')
    .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));

describe('months in Chromium', () => {
  it('offers months up to the latest with any figure and shows 未报送 with the figure’s month', async () => {
    await page.goto(server.url);
    await page.locator('[data-testid=measure-59]').waitFor();
    expect(await page.locator('[data-testid=period-select]').inputValue()).toBe('2022-11');
    expect((await options()).at(-1)).toBe('2022-11');
    expect(await page.locator('[data-testid=item-I-41-2]').getAttribute('data-status')).not.toBe('not_reported');
    const stale = page.locator('[data-testid=item-I-41-3]');
    expect(await stale.getAttribute('data-status')).toBe('not_reported');
    expect(await stale.textContent()).toContain('未报送（最近 2022年10月）');
    expect(await stale.textContent()).toContain('截至2022年10月');
    // 未完成 only where October already said so (a target period that had ended), never newly.
    missedInNovember = await page.locator('[data-testid^=item-][data-status=missed]').count();
  });

  it('the last month with figures and the month before it read as before', async () => {
    await page.locator('[data-testid=period-select]').selectOption('2022-10');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('period') === '2022-10');
    await page.waitForFunction(() => !document.querySelector('[data-testid=item-I-41-3][data-status=not_reported]'));
    expect(await page.locator('[data-testid=item-I-41-3]').textContent()).toContain('截至2022年10月');
    expect(await page.locator('[data-testid^=item-][data-status=missed]').count()).toBe(missedInNovember);
  });

  it('corrects a URL month after the data, saying so', async () => {
    await page.goto(`${server.url}/?period=2030-01`);
    const notice = page.locator('[data-testid=period-corrected]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('2030年1月不在可选报告期内');
    expect(await page.locator('[data-testid=period-select]').inputValue()).toBe('2022-11');
    expect(await page.locator('body').textContent()).not.toContain('截至2030年1月');
  });

  it('names the figure’s month on the measure page too', async () => {
    await page.goto(`${server.url}/measures/41`);
    await page.getByText('未报送（最近 2022年10月）').first().waitFor();
  });
});
