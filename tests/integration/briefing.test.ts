// Briefings end to end in one process: build a Word and a PowerPoint briefing through the tRPC
// procedures, unzip them and read their XML; download again over HTTP after a figure was revised.
import JSZip from 'jszip';
import { describe, expect } from 'vitest';
import { closeChartPool } from '../../server/briefings/chart-pool';
import { collectBriefing } from '../../server/briefings/collect';
import { recordBriefing } from '../../server/briefings/store';
import { laggingIndicators, urgentMilestones } from '../../server/briefings/findings';
import type { BriefingExtras } from '../../server/briefings/options';
import type { BriefingScope } from '../../server/briefings/scope';
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

async function build(
  api: Awaited<ReturnType<typeof setUp>>['api'],
  format: 'docx' | 'pptx',
  lang: 'zh' | 'en' = 'zh',
  options: { scope?: BriefingScope; extras?: Partial<BriefingExtras> } = {},
) {
  const scope = options.scope ?? { kind: 'measures', measures: MEASURES };
  const job = await (
    await api()
  ).briefing.start({
    planId: PLAN,
    period: '2022-10',
    scope,
    format,
    lang,
    extras: options.extras,
  });
  if (scope.kind === 'measures') expect(job.total).toBe(scope.measures.length);
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

/** A style's XML in styles.xml, by id. */
const styleXml = (styles: string, id: string) =>
  new RegExp(`<w:style [^>]*w:styleId="${id}"[\\s\\S]*?</w:style>`).exec(styles)?.[0] ?? '';

async function docxParts(bytes: Buffer) {
  const zip = await JSZip.loadAsync(bytes);
  const read = (f: string) => zip.file(f)!.async('string');
  const footers = await Promise.all(
    Object.keys(zip.files)
      .filter((f) => /^word\/footer\d*\.xml$/.test(f))
      .map(read),
  );
  return {
    doc: await read('word/document.xml'),
    styles: await read('word/styles.xml'),
    settings: await read('word/settings.xml'),
    footers,
    media: Object.keys(zip.files).filter((f) => f.startsWith('word/media/') && !zip.files[f]!.dir),
  };
}

describe('Word briefing', () => {
  test(
    'is a GB/T 9704 通报: 版头 with 期号, fonts per level, fixed pitch, kept headings, whole rows, black text, 版记',
    { timeout: 300_000 },
    async ({ accountsDb: db }) => {
      const { jar, api } = await setUp(db);
      const extras = {
        issuedOn: '2022-11-10',
        notes: {
          nextSteps: '一是压实牵头责任。\n二是加强调度督办。',
          analysis: [{ measureNo: 1, text: '留抵退税进度偏慢，需区税务局加快审核。' }],
        },
      };
      const done = await build(api, 'docx', 'zh', { scope: { kind: 'plan' }, extras });
      const res = await download(db, jar.token, done.briefingId!);
      expect(res.statusCode).toBe(200);
      const { doc, styles, settings, footers, media } = await docxParts(res.rawPayload);

      // 版头, title, 数据截至, 版记.
      expect(doc).toContain('重点任务落实情况通报');
      expect(doc).toContain('第1期');
      expect(doc).toContain('区政府督查室');
      expect(doc).toContain('2022年11月10日');
      expect(doc).toContain('（数据截至2022年10月）');
      expect(doc).toContain('报：区委、区政府领导');
      expect(doc).toContain('2022年11月10日印发');
      // The staff's text, and no internal codes anywhere.
      expect(doc).toContain('一是压实牵头责任。');
      expect(doc).toContain('二是加强调度督办。');
      expect(doc).toContain('分析意见：留抵退税进度偏慢，需区税务局加快审核。');
      expect(doc).not.toMatch(/I-\d+-\d+|M-\d+/);

      // Every lagging item named with its lead unit; the overdue task with its days.
      const data = await collectBriefing(db, PLAN, '2022-10', { kind: 'plan' });
      const lagging = laggingIndicators(data);
      expect(lagging.length).toBeGreaterThan(0);
      for (const { measure, ind } of lagging) {
        expect(doc).toContain(xmlText(`${measure.title}（牵头单位：${measure.units[0]!.name}）`));
        expect(doc).toContain(xmlText(ind.name));
      }
      const overdue = urgentMilestones(data).filter((u) => u.ms.evaluation.daysLeft < 0);
      expect(overdue.length).toBeGreaterThan(0);
      for (const { ms } of overdue) {
        expect(doc).toContain(xmlText(ms.task));
        expect(doc).toContain(`已超过截止日期${-ms.evaluation.daysLeft}天`);
      }
      // "还有N天" only within 30 days.
      for (const m of doc.matchAll(/还有(\d+)天/g)) expect(Number(m[1])).toBeLessThanOrEqual(30);

      // Fonts per level: title 小标宋 2号, 一、 黑体, （一） 楷体, 1. 仿宋 bold; body 3号 at exactly 28 pt.
      expect(styleXml(styles, 'Title')).toContain('w:eastAsia="方正小标宋简体"');
      expect(styleXml(styles, 'Title')).toContain('<w:sz w:val="44"/>');
      expect(styleXml(styles, 'H1')).toContain('w:eastAsia="黑体"');
      expect(styleXml(styles, 'H2')).toContain('w:eastAsia="楷体"');
      expect(styleXml(styles, 'H3')).toContain('w:eastAsia="仿宋"');
      expect(styleXml(styles, 'H3')).toMatch(/<w:b\/>|<w:b w:val="true"\/>/);
      for (const id of ['H1', 'H2', 'H3']) expect(styleXml(styles, id)).toContain('<w:keepNext/>');
      const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(styles)![0];
      expect(defaults).toContain('w:eastAsia="仿宋"');
      expect(defaults).toContain('<w:sz w:val="32"/>');
      expect(defaults).toMatch(/w:line="560" w:lineRule="exact"/);

      // Tables: no row splits across pages; the header row repeats.
      const rows = doc.match(/<w:tr>|<w:tr /g)!.length;
      expect(doc.match(/<w:cantSplit\/>/g)!.length).toBe(rows);
      expect(doc.match(/<w:tblHeader\/>/g)!.length).toBe(doc.match(/<w:tbl>/g)!.length);
      expect(doc).toContain('w:orient="landscape"');

      // Black text only: the one coloured run is the red masthead (GB/T 9704's 发文机关标志).
      const colours = [...doc.matchAll(/<w:color w:val="([^"]+)"\/>/g)].map((m) => m[1]);
      expect(colours.filter((c) => c !== '000000' && c !== 'auto')).toEqual(['C00000']);

      // Page numbers: odd pages right, even pages left, "— N —".
      expect(settings).toContain('<w:evenAndOddHeaders/>');
      const pageFooters = footers.filter((f) => f.includes('PAGE'));
      expect(pageFooters.some((f) => f.includes('<w:jc w:val="right"/>'))).toBe(true);
      expect(pageFooters.some((f) => f.includes('<w:jc w:val="left"/>'))).toBe(true);
      expect(pageFooters.every((f) => f.includes('— ') && f.includes(' —'))).toBe(true);

      // 附件2: the charts of the lagging indicators only (by default).
      expect(media).toHaveLength(lagging.length);

      // The next briefing of the year gets the next 期号; both are kept with their snapshot.
      const again = await build(api, 'docx', 'zh', { scope: { kind: 'measures', measures: [1] }, extras });
      const second = await docxParts((await download(db, jar.token, again.briefingId!)).rawPayload);
      expect(second.doc).toContain('第2期');
      const stored = await db
        .selectFrom('briefings')
        .select(['issueNo', 'issueYear', 'issuedOn', 'notes'])
        .orderBy('issueNo')
        .execute();
      expect(stored.map((b) => [b.issueYear, b.issueNo, b.issuedOn])).toEqual([
        [2022, 1, '2022-11-10'],
        [2022, 2, '2022-11-10'],
      ]);
      expect(JSON.parse(stored[0]!.notes!)).toMatchObject({ nextSteps: extras.notes.nextSteps });
    },
  );

  test('版头 and 版记 are set per plan by leaders and administrators, with Chinese messages', async ({
    accountsDb: db,
  }) => {
    const { api } = await setUp(db);
    const header = {
      name: '稳经济政策措施落实情况通报',
      issuer: '区政府督查室',
      reportTo: '区委书记、区长',
      copyTo: '区委办',
      printedBy: '区政府办公室',
    };
    expect(await (await api()).briefing.saveHeader({ planId: PLAN, header })).toMatchObject({ ...header, saved: true });
    expect(await (await api()).briefing.header({ planId: PLAN })).toMatchObject(header);
    await expect((await api()).briefing.saveHeader({ planId: PLAN, header: { ...header, name: ' ' } })).rejects.toThrow(
      /请填写简报名称/,
    );
    const statistician = await requestWith(db, await loggedIn(db, 'stat-finance'));
    await expect(statistician.briefing.saveHeader({ planId: PLAN, header })).rejects.toThrow(/此操作仅限/);
    expect((await (await api()).briefing.header({ planId: PLAN })).name).toBe(header.name);
  });

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

/** Each series of a chart part: its name, line dash and colour. */
function chartSeries(xml: string) {
  return xml
    .split('<c:ser>')
    .slice(1)
    .map((ser) => ({
      name: /<c:tx>[\s\S]*?<c:v>([^<]*)<\/c:v>/.exec(ser)![1]!,
      dash: /prstDash val="(\w+)"/.exec(ser)![1]!,
      color: /srgbClr val="(\w+)"/.exec(ser)![1]!,
    }));
}

describe('PowerPoint briefing', () => {
  test(
    'has a title slide, a summary naming units, a red list by gap, one native chart per indicator and task slides',
    { timeout: 120_000 },
    async ({ accountsDb: db }) => {
      const { jar, api } = await setUp(db);
      const done = await build(api, 'pptx', 'zh', {
        scope: { kind: 'plan' },
        extras: { choice: { charts: 'lagging', monthlyTables: false, slides: 'all' } },
      });
      const zip = await JSZip.loadAsync((await download(db, jar.token, done.briefingId!)).rawPayload);
      const data = await collectBriefing(db, PLAN, '2022-10', { kind: 'plan' });
      const indicators = data.measures.flatMap((m) => m.indicators);
      const lagging = laggingIndicators(data);
      const urgent = urgentMilestones(data);
      const slideNo = (f: string) => Number(/(\d+)\.xml$/.exec(f)![1]);
      const slideFiles = Object.keys(zip.files)
        .filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f))
        .sort((a, b) => slideNo(a) - slideNo(b));
      const slides = await Promise.all(slideFiles.map((f) => zip.file(f)!.async('string')));
      const charts = await Promise.all(
        Object.keys(zip.files)
          .filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f))
          .map((f) => zip.file(f)!.async('string')),
      );
      expect(charts).toHaveLength(indicators.length);
      expect(Object.values(zip.files).some((f) => f.name.startsWith('ppt/media/') && !f.dir)).toBe(false);

      // The summary names the lead units with lagging items.
      const summary = slides[1]!;
      for (const { measure } of lagging.filter((l) => l.ind.evaluation.status === 'behind'))
        expect(summary).toContain(measure.units[0]!.name);

      // The red list: every lagging indicator, in the order of their gap, worst first.
      const red = slides.find((x) => x.includes('滞后指标清单'))!;
      const at = lagging.map(({ ind }) => red.indexOf(`<a:t>${xmlText(ind.name)}</a:t>`));
      expect(at.every((i) => i > 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      const gaps = lagging.map((l) => l.ind.evaluation.gap).filter((g) => g !== null);
      expect([...gaps].sort((a, b) => a - b)).toEqual(gaps.slice(0, gaps.length));

      // A cumulative indicator's value axis starts at 0; reference lines are dashed, figures solid.
      const cumulative = indicators.find((i) => i.definition.kind === 'cumulative')!;
      const cumulativeChart = charts.find((c) => c.includes(xmlText(cumulative.name)))!;
      expect(cumulativeChart).toContain('<c:min val="0"/>');
      for (const chart of charts) {
        const series = chartSeries(chart);
        expect(series.some((x) => x.dash === 'solid')).toBe(true);
        for (const ser of series.filter((x) => /目标|序时进度|上限|下限/.test(x.name)))
          expect(ser.dash).not.toBe('solid');
      }
      // 上限 and 下限: dashed, in two different colours.
      const range = charts
        .map(chartSeries)
        .find((s) => s.some((x) => x.name.includes('上限')) && s.some((x) => x.name.includes('下限')));
      if (range) {
        const upper = range.find((x) => x.name.includes('上限'))!;
        const lower = range.find((x) => x.name.includes('下限'))!;
        expect(upper.dash).not.toBe('solid');
        expect(lower.dash).not.toBe('solid');
        expect(upper.color).not.toBe(lower.color);
      }
      // The report month is marked on the category axis.
      expect(charts.every((c) => c.includes('2022年10月（报告期）'))).toBe(true);

      // One slide per overdue or urgent task, naming it and its lead unit.
      expect(urgent.length).toBeGreaterThan(0);
      for (const { measure, ms } of urgent) {
        const slide = slides.find((x) => x.includes(xmlText(ms.task)) && x.includes('任务节点'));
        expect(slide).toBeDefined();
        expect(slide).toContain(measure.units[0]!.name);
      }
    },
  );

  test(
    'in English, with the sentences of the board for the lagging indicators',
    { timeout: 60_000 },
    async ({ accountsDb: db }) => {
      const { jar, api } = await setUp(db);
      const done = await build(api, 'pptx', 'en', {
        extras: { choice: { charts: 'lagging', monthlyTables: false, slides: 'all' } },
      });
      const zip = await JSZip.loadAsync((await download(db, jar.token, done.briefingId!)).rawPayload);
      const slides = Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
      const text = (await Promise.all(slides.map((f) => zip.file(f)!.async('string')))).join('\n');
      expect(text).toContain(xmlText('progress as of October 2022'));
      for (const ind of await boardIndicators(db, 'en')) expect(text).toContain(xmlText(ind.sentence));
      // The chart's numbers are the board's: I-41-2 (supply of industrial land) cumulative to October.
      const detail = await measureDetail(db, PLAN, 41, '2022-10');
      const october = detail!.indicators.find((i) => i.code === 'I-41-2')!.points.find((p) => p.period === '2022-10')!;
      const charts = Object.keys(zip.files).filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f));
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
          confirmClearDemo: true,
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
        confirmClearDemo: true,
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
