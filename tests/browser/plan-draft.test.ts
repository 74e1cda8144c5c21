// Loading a plan from its Word file in Chromium: the admin uploads a .docx (made here with the
// `docx` package from the Yunxi fixture's text), fixes one item, publishes, and lands on the new
// plan's board with the plan switcher showing both plans.
import { Document, Packer, Paragraph } from 'docx';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../fixtures';
import { startServer, type ServerProcess } from '../crash/server-process';
import { launchChromium } from './server';

let server: ServerProcess;
let browser: Browser;
let page: Page;
let docxPath: string;

beforeAll(async () => {
  const text = new TextDecoder('gbk').decode(
    readFileSync(path.join(repoRoot, 'tests/fixtures/plan-drafting/yunxi-2023/source.txt')),
  );
  const doc = new Document({ sections: [{ children: text.split('\n').map((line) => new Paragraph(line)) }] });
  docxPath = path.join(mkdtempSync(path.join(tmpdir(), 'plan-docx-')), '云溪区若干措施.docx');
  writeFileSync(docxPath, await Packer.toBuffer(doc));
  server = await startServer();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a plan loaded from its Word file', () => {
  it('is drafted, corrected, published and opens on its own board', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('demo1234');
    await page
      .getByRole('button', { name: '登 录' })
      .or(page.getByRole('button', { name: '登录' }))
      .click();
    await page.locator('[data-testid=user-area]').waitFor();
    await page.getByRole('link', { name: '方案导入' }).click();
    await page.locator('[data-testid=plan-file]').setInputFiles(docxPath);
    await page.waitForURL(/\/admin\/plans\/[0-9a-f-]{36}/);
    await page.locator('[data-testid=low-confidence]').waitFor();
    // The drafted items are marked in the source text.
    expect(await page.locator('mark[data-item^="indicator:"]').count()).toBe(15);

    // Fix one item: the first indicator of measure 1 gets a new target.
    const target = page.locator('input[data-testid="target-I-01-1"], [data-testid="target-I-01-1"] input').first();
    await target.fill('125');
    await page.locator('[data-testid=plan-id]').fill('yunxi-2023');
    await page.locator('[data-testid=publish-draft]').click();
    await page.waitForURL(/\?plan=yunxi-2023/);
    await page.locator('[data-testid=plan-switcher]').waitFor();
    await page.waitForFunction(() => document.body.textContent?.includes('云溪区稳投资促消费若干政策措施'));
    // The board's list loads after the header: wait for the new plan's first measure.
    await page.waitForFunction(() => document.body.textContent?.includes('加快重大项目建设'), null, {
      timeout: 30_000,
    });
  });
});
