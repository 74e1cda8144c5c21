// A plan from its text, end to end on the server: an administrator uploads a plan file over a real
// socket (POST /api/plan-drafts), reviews and edits the draft through tRPC (planDrafts.get/save),
// publishes it, and the plan is served at once (plan.list, plan.tree, board.overview). Files that
// hold no plan, and callers who are not administrators, get a Chinese message and create nothing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { describe, expect } from 'vitest';
import { buildApp } from '../../server/app';
import type { Db } from '../../server/db/connect';
import { createCaller } from '../../server/routers/_app';
import { contextForSession } from '../../server/auth/sessions';
import type { PlanDraftInput } from '../../shared/plan-draft-schema';
import { loggedIn, repoRoot, test } from '../fixtures';

const yunxi = new Uint8Array(readFileSync(path.join(repoRoot, 'tests/fixtures/plan-drafting/yunxi-2023/source.txt')));

async function withServer<T>(db: Db, run: (base: string) => Promise<T>): Promise<T> {
  const app: FastifyInstance = await buildApp(db, { logLevel: 'silent', clientDir: '/nonexistent' });
  try {
    return await run(await app.listen({ port: 0, host: '127.0.0.1' }));
  } finally {
    await app.close();
  }
}

async function upload(base: string, token: string | null, body: Uint8Array<ArrayBuffer>, name: string) {
  const res = await fetch(`${base}/api/plan-drafts?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...(token ? { cookie: `pm_session=${token}` } : {}) },
    body,
  });
  return { status: res.status, body: (await res.json()) as { id?: string; error?: { message: string } } };
}

async function drafts(db: Db) {
  return (await db.selectFrom('planDrafts').select('id').execute()).length;
}

describe('a plan drafted from its text', () => {
  test('is uploaded, edited, published and served at once', async ({ accountsDb: db }) => {
    const jar = await loggedIn(db, 'admin');
    const { status, body } = await withServer(db, (base) => upload(base, jar.token, yunxi, '云溪区若干措施.txt'));
    expect(status).toBe(200);
    const admin = createCaller(await contextForSession(db, jar.token));
    const got = await admin.planDrafts.get({ id: body.id! });
    expect(got.problems).toEqual([]);
    expect(got.sourceText).toContain('云溪区稳投资促消费若干政策措施');
    expect(got.draft.measures).toHaveLength(12);
    // Units the Changping registry knows are matched; new ones are proposed.
    expect(got.draft.units.find((u) => u.name === '区财政局')?.code).toBe('finance-bureau');

    // The reviewer fixes an item: the 夜间经济 target becomes a floor of 3 集聚区, and an id is chosen.
    const draft: PlanDraftInput = structuredClone(got.draft);
    draft.id = 'yunxi-2023';
    const at = draft.indicators.findIndex((i) => i.measure === 6);
    const { code, measure, name, nameEn, unit, unitEn, periodStart, periodEnd, source } = draft.indicators[at]!;
    draft.indicators[at] = {
      ...{ code, measure, name, nameEn, unit, unitEn, periodStart, periodEnd, source },
      reporting: 'level',
      kind: 'floor',
      target: 3,
      tolerance: 0,
    };
    expect((await admin.planDrafts.save({ id: body.id!, draft })).problems).toEqual([]);

    // A broken edit is saved as work in progress, listed, and blocks publishing.
    const broken = structuredClone(draft);
    broken.measures[0]!.units = [];
    const { problems } = await admin.planDrafts.save({ id: body.id!, draft: broken });
    expect(problems.join('\n')).toMatch(/measures\.0\.units/);
    await expect(admin.planDrafts.publish({ id: body.id! })).rejects.toThrow(/草稿还有 \d+ 处问题，未发布/);
    expect((await admin.plan.list()).map((p) => p.id)).not.toContain('yunxi-2023');

    await admin.planDrafts.save({ id: body.id!, draft });
    await admin.planDrafts.publish({ id: body.id! });
    expect((await admin.plan.list()).map((p) => p.id)).toContain('yunxi-2023');
    const tree = await admin.plan.tree({ planId: 'yunxi-2023' });
    expect(tree.plan.docNumber).toBe('云政发〔2023〕5号');
    const overview = await admin.board.overview({ planId: 'yunxi-2023' });
    expect(JSON.stringify(overview)).toContain('夜间');
    const indicator = await db
      .selectFrom('indicators')
      .innerJoin('measures', 'measures.id', 'indicators.measureId')
      .select(['indicators.kind', 'indicators.target'])
      .where('measures.planId', '=', 'yunxi-2023')
      .where('measures.no', '=', 6)
      .executeTakeFirstOrThrow();
    expect(indicator).toEqual({ kind: 'floor', target: 3 });
    // New units got codes of their own plan.
    const newUnit = await db
      .selectFrom('units')
      .select('code')
      .where('name', '=', '区行政审批局')
      .executeTakeFirstOrThrow();
    expect(newUnit.code).toMatch(/^yunxi-2023-unit-\d+$/);

    // A draft cannot take the id of another plan.
    const second = await withServer(db, (base) => upload(base, jar.token, yunxi, 'again.txt'));
    const other = structuredClone(draft);
    other.id = 'changping-2022';
    await admin.planDrafts.save({ id: second.body.id!, draft: other });
    await expect(admin.planDrafts.publish({ id: second.body.id! })).rejects.toThrow(/已被另一个方案使用/);
  });

  test('files that hold no plan, and non-administrators, get a Chinese message and create nothing', async ({
    accountsDb: db,
  }) => {
    const admin = await loggedIn(db, 'admin');
    const [statistician] = await db.selectFrom('users').select('username').where('role', '=', 'statistician').execute();
    const other = await loggedIn(db, statistician!.username);
    const cases: [string | null, Uint8Array<ArrayBuffer>, string, number, RegExp][] = [
      [admin.token, new Uint8Array(0), 'empty.txt', 400, /文件是空的/],
      [admin.token, new TextEncoder().encode('%PDF-1.4\n%\xe2\xe3\n1 0 obj'), 'scan.pdf', 400, /PDF/],
      [
        admin.token,
        new TextEncoder().encode('关于做好节日值班的通知\n请各单位做好值班工作。'),
        'a.txt',
        400,
        /没有找到编号的措施/,
      ],
      [admin.token, new Uint8Array(50 * 1024 * 1024).fill(0x41), 'big.txt', 413, /文件过大/],
      [other.token, yunxi, 'a.txt', 403, /只有管理员/],
      [null, yunxi, 'a.txt', 401, /请先登录/],
    ];
    await withServer(db, async (base) => {
      for (const [token, bytes, name, status, message] of cases) {
        const res = await upload(base, token, bytes, name);
        expect([name, res.status]).toEqual([name, status]);
        expect(res.body.error?.message).toMatch(message);
      }
    });
    expect(await drafts(db)).toBe(0);
  });
});
