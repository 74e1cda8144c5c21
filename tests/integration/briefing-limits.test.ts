// What keeps one user from filling the disk with briefings (issue 17, item 8): the same request on
// unchanged figures answers with the stored snapshot, one build in flight per user, a per-user
// hourly quota, and stored files older than the retention setting are dropped.
import { afterAll, afterEach, describe, expect } from 'vitest';
import { closeChartPool } from '../../server/briefings/chart-pool';
import { collectBriefing } from '../../server/briefings/collect';
import { setBriefingLimits } from '../../server/briefings/jobs';
import { recordBriefing } from '../../server/briefings/store';
import type { Db } from '../../server/db/connect';
import { seedDemo } from '../../server/demo';
import { changping, loggedIn, requestWith, test } from '../fixtures';

const PLAN = 'changping-2022';

afterAll(closeChartPool);
afterEach(() => setBriefingLimits({}));

async function setUp(db: Db) {
  await seedDemo(db, changping);
  const jar = await loggedIn(db, 'leader');
  return () => requestWith(db, jar);
}

type Api = Awaited<ReturnType<typeof setUp>>;

const request = (measures: number[], format: 'docx' | 'pptx' = 'pptx', lang: 'zh' | 'en' = 'zh') => ({
  planId: PLAN,
  period: '2022-10',
  scope: { kind: 'measures' as const, measures },
  format,
  lang,
});

async function finished(api: Api, jobId: string) {
  for (;;) {
    const job = await (await api()).briefing.job({ jobId });
    if (job.state === 'failed') throw new Error(job.error ?? 'failed');
    if (job.state === 'done') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const stored = (db: Db) => db.selectFrom('briefings').select(['id', 'createdAt']).execute();

describe('briefing limits', () => {
  test('the same request on unchanged figures is answered with the stored snapshot', async ({ accountsDb: db }) => {
    const api = await setUp(db);
    const first = await finished(api, (await (await api()).briefing.start(request([57]))).id);
    const again = await (await api()).briefing.start(request([57]));
    expect(again).toMatchObject({ state: 'done', briefingId: first.briefingId });
    expect(await stored(db)).toHaveLength(1);
    // Another format is another file.
    await finished(api, (await (await api()).briefing.start(request([57], 'pptx', 'en'))).id);
    expect(await stored(db)).toHaveLength(2);
  });

  test('one build in flight per user', { timeout: 120_000 }, async ({ accountsDb: db }) => {
    const api = await setUp(db);
    const slow = await (await api()).briefing.start(request([9, 39, 41, 57], 'docx'));
    await expect((await api()).briefing.start(request([57]))).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringContaining('还在生成') as string,
    });
    // Asking again for the one in flight is not refused: it is the same job.
    expect((await (await api()).briefing.start(request([9, 39, 41, 57], 'docx'))).id).toBe(slow.id);
    await finished(api, slow.id);
  });

  test('a user may build at most the hourly quota of new files', async ({ accountsDb: db }) => {
    setBriefingLimits({ perHour: 2 });
    const api = await setUp(db);
    for (const measures of [[57], [39]])
      await finished(api, (await (await api()).briefing.start(request(measures))).id);
    await expect((await api()).briefing.start(request([41]))).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringContaining('每人每小时最多生成 2 份') as string,
    });
    // Already built ones are still answered.
    expect(await (await api()).briefing.start(request([57]))).toMatchObject({ state: 'done' });
  });

  test('files older than the retention setting are dropped with their figures', async ({ accountsDb: db }) => {
    setBriefingLimits({ retentionDays: 30 });
    const api = await setUp(db);
    const user = await db.selectFrom('users').select(['id', 'displayName']).executeTakeFirstOrThrow();
    const old = await recordBriefing(db, {
      data: await collectBriefing(db, PLAN, '2022-10', { kind: 'measures', measures: [41] }),
      format: 'docx',
      lang: 'zh',
      title: '旧简报',
      fileName: 'old.docx',
      user,
      createdAt: new Date(Date.now() - 31 * 86_400_000).toISOString(),
      bytes: Buffer.from('old'),
    });
    const fresh = await finished(api, (await (await api()).briefing.start(request([57]))).id);
    expect((await stored(db)).map((b) => b.id)).toEqual([fresh.briefingId]);
    const figures = await db.selectFrom('briefingFigures').select('briefingId').where('briefingId', '=', old).execute();
    expect(figures).toEqual([]);
  });
});
