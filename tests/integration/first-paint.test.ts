// GET / carries 总览's first screen (server/first-paint-route.ts) for whoever may read the board,
// and nothing of the board for anyone else. The shell here is shaped like the one `vite build`
// writes (a stylesheet link in the head, the empty root).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, onTestFinished } from 'vitest';
import { buildApp } from '../../server/app';
import { seedDemoAccounts } from '../../server/auth/demo-accounts';
import type { Db } from '../../server/db/connect';
import { firstScreen } from '../../server/queries/first-screen';
import { silent, test } from '../fixtures';

const PLAN = 'changping-2022';
const SHELL = `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="UTF-8" />
    <title>方案监测 Plan Monitor</title>
    <script type="module" crossorigin src="/assets/index-x.js"></script>
    <link rel="stylesheet" crossorigin href="/assets/index-x.css">
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`;

async function serve(db: Db, publicBoard: boolean) {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-first-paint-'));
  writeFileSync(path.join(dir, 'index.html'), SHELL);
  const app = await buildApp(db, { logLevel: 'silent', clientDir: dir, publicBoard });
  onTestFinished(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return app;
}
type App = Awaited<ReturnType<typeof serve>>;

async function page(app: App, url = '/', headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'GET', url, headers });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  return res;
}

/** The JSON the page hands the app. */
function embedded(html: string) {
  const match = html.match(/<script type="application\/json" id="pm-first-data">(.*?)<\/script>/s);
  expect(match, 'the first screen data').not.toBeNull();
  return JSON.parse(match![1]!) as {
    input: { planId: string; period?: string };
    screen: { period: string; red: { code: string }[] };
    plans: { id: string }[];
  };
}

describe('GET / with the first screen', () => {
  test('on a public board: the headline, chart and red list of the default month, drawn from the same answer the app asks for', async ({
    demoDb,
  }) => {
    const app = await serve(demoDb, true);
    const res = await page(app);
    const html = res.body;
    const expected = (await firstScreen(demoDb, PLAN))!;
    expect(expected.red.length, 'the demo has measures behind').toBeGreaterThan(0);

    expect(html).toContain('<html lang="zh-CN" class="pm-first-paint">');
    expect(html).toContain(`data-period="${expected.period}"`);
    // Both chart sizes, as SVG from ECharts, and the red list's links to the measures' pages.
    expect(html.match(/<svg /g)?.length).toBe(2);
    expect(html).toContain('data-drawn="true"');
    for (const item of expected.red.slice(0, 8)) {
      expect(html).toContain(`href="/measures/${item.measureNo}"`);
      expect(html).toContain(item.code);
    }
    // The stylesheet moved after the first screen, before the app's root; the app's script stays.
    const sheet = html.indexOf('<link rel="stylesheet"');
    expect(sheet).toBeGreaterThan(html.indexOf('id="pm-first"'));
    expect(sheet).toBeLessThan(html.indexOf('<div id="root"></div>'));
    expect(html).toContain('<script type="module" crossorigin src="/assets/index-x.js"></script>');

    const data = embedded(html);
    expect(data.input).toEqual({ planId: PLAN });
    expect(data.screen).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(data.plans.map((p) => p.id)).toContain(PLAN);

    expect(res.headers['cache-control']).toBe('private, no-cache');
    expect(res.headers['vary']).toMatch(/cookie/);
  });

  test('keeps the month, plan and language asked for in the data and the links; an unknown plan or a bad month falls back', async ({
    demoDb,
  }) => {
    const app = await serve(demoDb, true);
    const june = await page(app, `/?plan=${PLAN}&period=2022-06&lang=en`);
    expect(june.body).toContain('<html lang="en" class="pm-first-paint">');
    expect(june.body).toContain('data-period="2022-06"');
    expect(embedded(june.body).input).toEqual({ planId: PLAN, period: '2022-06' });
    const red = (await firstScreen(demoDb, PLAN, '2022-06'))!.red;
    if (red[0])
      expect(june.body).toContain(`href="/measures/${red[0].measureNo}?plan=${PLAN}&amp;period=2022-06&amp;lang=en"`);
    expect(june.body).toContain('Plan Monitor');

    const fallback = await page(app, '/?plan=nope&period=2022-13');
    const data = embedded(fallback.body);
    expect(data.input).toEqual({ planId: PLAN });
    expect(fallback.body).toContain(`data-period="${(await firstScreen(demoDb, PLAN))!.period}"`);
  });

  test('goes gzipped to a browser that takes it, and is the same page', async ({ demoDb }) => {
    const app = await serve(demoDb, true);
    const plain = (await page(app)).body;
    const zipped = await page(app, '/', { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain);
    expect(zipped.rawPayload.length).toBeLessThan(plain.length / 3);
  });

  test('no string in the data can close its script element', async ({ demoDb }) => {
    await demoDb
      .updateTable('indicators')
      .set({ name: '</script><script>alert(1)</script>' })
      .where('code', '=', 'I-41-2')
      .execute();
    await demoDb
      .updateTable('plans')
      .set({ title: '</script><img src=x onerror=alert(1)>' })
      .where('id', '=', PLAN)
      .execute();
    const app = await serve(demoDb, true);
    const html = (await page(app)).body;
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html.match(/<\/script>/g)?.length, 'the app script and the data script only').toBe(2);
    expect(JSON.stringify(embedded(html).plans)).toContain('</script><img src=x onerror=alert(1)>');
  });
});

describe('GET / when login is required (the default)', () => {
  test('an anonymous visitor gets the plain shell: no figure, no plan, no data', async ({ demoDb }) => {
    const app = await serve(demoDb, false);
    const res = await page(app);
    expect(res.body).toBe(SHELL);
    expect(res.body).not.toContain('pm-first');
    expect(res.headers['cache-control']).toBe('private, no-cache');
    // A forged or expired session is no better.
    const forged = await page(app, '/', { cookie: 'pm_session=not-a-session' });
    expect(forged.body).toBe(SHELL);
  });

  test('a logged-in user gets the first screen', async ({ demoDb }) => {
    await seedDemoAccounts(demoDb, silent);
    const app = await serve(demoDb, false);
    const login = await app.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'stat-finance', password: 'demo1234' }),
    });
    expect(login.statusCode).toBe(200);
    const session = login.cookies.find((c) => c.name === 'pm_session')?.value;
    expect(session).toBeTruthy();
    const res = await page(app, '/', { cookie: `pm_session=${session}` });
    expect(res.body).toContain('id="pm-first"');
    expect(embedded(res.body).input.planId).toBe(PLAN);

    // Logged out, the same browser is back to the shell.
    const logout = await app.inject({
      method: 'POST',
      url: '/trpc/auth.logout',
      headers: { 'content-type': 'application/json', cookie: `pm_session=${session}` },
      payload: '{}',
    });
    expect(logout.statusCode).toBe(200);
    expect((await page(app, '/', { cookie: `pm_session=${session}` })).body).toBe(SHELL);
  });
});
