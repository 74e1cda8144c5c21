// Briefings end to end in one process: build a Word and a PowerPoint briefing through the tRPC
// procedures, unzip them and read their XML; download again over HTTP after a figure was revised.
import JSZip from 'jszip';
import { describe, expect } from 'vitest';
import { closeChartPool } from '../../server/briefings/chart-pool';
import { collectBriefing } from '../../server/briefings/collect';
import { recordBriefing } from '../../server/briefings/store';
import { buildApp } from '../../server/app';
import { seedDemo } from '../../server/demo';
import type { Db } from '../../server/db/connect';
import { saveActuals } from '../../server/queries/actuals';
import { measureDetail } from '../../server/queries/board';
import { changping, loggedIn, requestWith, test } from '../fixtures';
import { afterAll } from 'vitest';

const PLAN = 'changping-2022';
// Measures 39 (4 indicators, cumulative), 41 (5: range and cumulative), 57 (1: ceiling), 9 (spread).
const MEASURES = [9, 39, 41, 57];

afterAll(closeChartPool);

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The demo plan with accounts; approval off so a revision shows on the board at once. */
async function setUp(db: Db) {
  await seedDemo(db, changping);
  await db.updateTable('plans').set({ approvalRequired: 0 }).execute();
  const jar = await loggedIn(db, 'leader');
  return { jar, api: () => requestWith(db, jar) };
}

async function build(api: Awaited<ReturnType<typeof setUp>>['api'], format: 'docx' | 'pptx', lang: 'zh' | 'en' = 'zh') {
  const job = await (
    await api()
  ).briefing.start({
    planId: PLAN,
    period: '2022-10',
    scope: { kind: 'measures', measures: MEASURES },
    format,
    lang,
  });
  expect(job.total).toBe(MEASURES.length);
  const seen: number[] = [];
  for (;;) {
    const now = await (await api()).briefing.job({ jobId: job.id });
    seen.push(now.done);
    if (now.state === 'failed') throw new Error(now.error ?? 'failed');
    if (now.state === 'done') return { ...now, seen };
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The sentences and statuses the board shows for the measures in scope. */
async function boardIndicators(db: Db, lang: 'zh' | 'en') {
  const details = await Promise.all(MEASURES.map((no) => measureDetail(db, PLAN, no, '2022-10')));
  return details
    .flatMap((d) => d!.indicators)
    .map((i) => ({ code: i.code, sentence: lang === 'zh' ? i.sentence : i.sentenceEn }));
}

async function download(db: Db, token: string | null, id: string) {
  const app = await buildApp(db, { logLevel: 'silent', publicBoard: true });
  try {
    return await app.inject({
      method: 'GET',
      url: `/api/briefings/${id}`,
      cookies: token ? { pm_session: token } : {},
    });
  } finally {
    await app.close();
  }
}

describe('Word briefing', () => {
  test(
    'is an A4 document with the title, the sentences, one chart per indicator, fonts and page numbers',
    { timeout: 120_000 },
    async ({ accountsDb: db }) => {
      const { jar, api } = await setUp(db);
      const done = await build(api, 'docx');
      expect(done.done).toBe(MEASURES.length);
      const res = await download(db, jar.token, done.briefingId!);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('wordprocessingml');
      const zip = await JSZip.loadAsync(res.rawPayload);
      const doc = await zip.file('word/document.xml')!.async('string');
      expect(doc).toContain('昌平区贯彻落实统筹疫情防控和稳定经济增长措施落实情况（截至2022年10月）');
      const indicators = await boardIndicators(db, 'zh');
      expect(indicators.length).toBe(11);
      for (const ind of indicators) expect(doc).toContain(xmlText(ind.sentence));
      const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
      expect(media).toHaveLength(indicators.length);
      expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
      const styles = await zip.file('word/styles.xml')!.async('string');
      expect(styles).toContain('w:eastAsia="黑体"');
      expect(styles).toContain('w:eastAsia="仿宋"');
      const footers = await Promise.all(
        Object.keys(zip.files)
          .filter((f) => /^word\/footer\d*\.xml$/.test(f))
          .map((f) => zip.file(f)!.async('string')),
      );
      expect(footers.join('')).toMatch(/PAGE/);
    },
  );

  test('is refused to anonymous users and for unknown months or empty scopes, in Chinese', async ({
    accountsDb: db,
  }) => {
    const { api } = await setUp(db);
    const anonymous = await requestWith(db, { token: null, set: () => {}, clear: () => {} });
    await expect(
      anonymous.briefing.start({
        planId: PLAN,
        period: '2022-10',
        scope: { kind: 'plan' },
        format: 'docx',
        lang: 'zh',
      }),
    ).rejects.toThrow(/请先登录/);
    await expect(
      (await api()).briefing.start({
        planId: PLAN,
        period: '2023-05',
        scope: { kind: 'plan' },
        format: 'docx',
        lang: 'zh',
      }),
    ).rejects.toThrow(/2023-05没有报送数据.*2022年1月至2022年10月/);
    await expect(
      (await api()).briefing.start({
        planId: PLAN,
        period: '2022-10',
        scope: { kind: 'sections', sections: [] },
        format: 'docx',
        lang: 'zh',
      }),
    ).rejects.toThrow(/请至少选择一个部分/);
    await expect(
      (await api()).briefing.start({
        planId: PLAN,
        period: '2022-10',
        scope: { kind: 'measures', measures: [99] },
        format: 'pptx',
        lang: 'zh',
      }),
    ).rejects.toThrow(/方案中没有第99条措施/);
    expect((await download(db, null, '00000000-0000-0000-0000-000000000000')).statusCode).toBe(401);
  });
});

describe('PowerPoint briefing', () => {
  test(
    'has a title slide, a summary slide and one slide with a native chart per indicator',
    { timeout: 60_000 },
    async ({ accountsDb: db }) => {
      const { jar, api } = await setUp(db);
      const done = await build(api, 'pptx', 'en');
      const res = await download(db, jar.token, done.briefingId!);
      const zip = await JSZip.loadAsync(res.rawPayload);
      const indicators = await boardIndicators(db, 'en');
      const slides = Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
      expect(slides).toHaveLength(2 + indicators.length);
      const charts = Object.keys(zip.files).filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f));
      expect(charts).toHaveLength(indicators.length);
      // Native charts only: no picture anywhere (pptxgenjs writes an empty ppt/media/ folder entry).
      expect(Object.values(zip.files).some((f) => f.name.startsWith('ppt/media/') && !f.dir)).toBe(false);
      const text = (await Promise.all(slides.map((f) => zip.file(f)!.async('string')))).join('\n');
      expect(text).toContain(xmlText('progress as of October 2022'));
      for (const ind of indicators) expect(text).toContain(xmlText(ind.sentence));
      // The chart's numbers are the board's: I-41-2 (supply of industrial land) cumulative to October.
      const detail = await measureDetail(db, PLAN, 41, '2022-10');
      const october = detail!.indicators.find((i) => i.code === 'I-41-2')!.points.find((p) => p.period === '2022-10')!;
      const chartXml = (await Promise.all(charts.map((f) => zip.file(f)!.async('string')))).join('\n');
      expect(chartXml).toContain(`<c:v>${october.value}</c:v>`);
    },
  );
});

describe('snapshots', () => {
  test(
    'download again byte for byte after a revision, and the board marks the revised figure',
    { timeout: 120_000 },
    async ({ accountsDb: db }) => {
      const { jar, api } = await setUp(db);
      const done = await build(api, 'docx');
      const first = await download(db, jar.token, done.briefingId!);
      const listed = await (await api()).briefing.list({ planId: PLAN });
      expect(listed[0]).toMatchObject({
        id: done.briefingId,
        period: '2022-10',
        format: 'docx',
        createdByName: expect.any(String) as unknown,
      });

      const ind = await db.selectFrom('indicators').select('id').where('code', '=', 'I-41-2').executeTakeFirstOrThrow();
      const before = (await measureDetail(db, PLAN, 41, '2022-10'))!.indicators.find((i) => i.code === 'I-41-2')!;
      const old = before.points.find((p) => p.period === '2022-10')!;
      expect(old.revisedSinceBriefing).toBeNull();
      await saveActuals(
        db,
        PLAN,
        [{ indicatorId: ind.id, series: 'value', period: '2022-10', value: old.value + 100 }],
        {
          source: 'entry',
          by: 'leader',
          reason: '核实后更正',
          reportPeriod: '2022-10',
        },
      );

      const again = await download(db, jar.token, done.briefingId!);
      expect(Buffer.compare(again.rawPayload, first.rawPayload)).toBe(0);
      const after = (await measureDetail(db, PLAN, 41, '2022-10'))!.indicators.find((i) => i.code === 'I-41-2')!;
      const point = after.points.find((p) => p.period === '2022-10')!;
      expect(point.value).toBe(old.value + 100);
      expect(point.revisedSinceBriefing).toMatchObject({ briefingId: done.briefingId, value: old.value });
    },
  );
});

describe('revised since a briefing', () => {
  test('is measured against the latest briefing that printed the figure, not an older one', async ({
    accountsDb: db,
  }) => {
    await setUp(db);
    const user = await db.selectFrom('users').select(['id', 'displayName']).executeTakeFirstOrThrow();
    const ind = await db.selectFrom('indicators').select('id').where('code', '=', 'I-41-2').executeTakeFirstOrThrow();
    const brief = async (createdAt: string) =>
      recordBriefing(db, {
        data: await collectBriefing(db, PLAN, '2022-10', { kind: 'measures', measures: [41] }),
        format: 'docx',
        lang: 'zh',
        title: `简报 ${createdAt}`,
        fileName: 'briefing.docx',
        user,
        createdAt,
        bytes: Buffer.from('not a real file'),
      });
    const revise = (value: number) =>
      saveActuals(db, PLAN, [{ indicatorId: ind.id, series: 'value', period: '2022-10', value }], {
        source: 'entry',
        by: 'leader',
        reason: '核实后更正',
        reportPeriod: '2022-10',
      });
    const shown = async () =>
      (await measureDetail(db, PLAN, 41, '2022-10'))!.indicators
        .find((i) => i.code === 'I-41-2')!
        .points.find((p) => p.period === '2022-10')!;

    const first = (await shown()).value;
    await brief('2022-11-01T02:00:00.000Z');
    await revise(first + 100);
    const latest = await brief('2022-11-05T02:00:00.000Z');
    // The latest briefing printed today's value: not revised, although the first one differs.
    expect(await shown()).toMatchObject({ value: first + 100, revisedSinceBriefing: null });

    await revise(first + 200);
    expect((await shown()).revisedSinceBriefing).toMatchObject({ briefingId: latest, value: first + 100 });
  });
});
