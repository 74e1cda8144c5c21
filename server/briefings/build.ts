// One briefing from choice to stored file: collect the scope's data once, render the charts in
// the worker pool (docx) or build native charts (pptx), assemble the file and record the snapshot.
// `prepareBriefing` runs the checks (month, scope) before any slow work, so a bad choice is
// refused at once; `renderBriefing` reports progress measure by measure.
import { createHash } from 'node:crypto';
import { EXPORT_FONT_FAMILY } from '../render/chart-size';
import { indicatorChartInput } from '../../shared/charts/from-detail';
import { sourceLine } from '../../shared/charts/export-frame';
import type { Lang } from '../../shared/format';
import type { Db } from '../db/connect';
import type { BriefingFormat } from '../db/schema';
import { nextTurn } from '../next-turn';
import { today } from '../clock';
import { renderChartInPool } from './chart-pool';
import { collectBriefing, type BriefingData } from './collect';
import { briefingHeader, nextIssueNo } from './header';
import { briefingExtrasSchema, type BriefingChoice, type BriefingExtras } from './options';
import type { BriefingScope } from './scope';
import { recordBriefing } from './store';
import { briefingTitle, fileNames } from './text';

export interface BriefingRequest {
  planId: string;
  period: string;
  scope: BriefingScope;
  format: BriefingFormat;
  lang: Lang;
  /** 成文日期, 下步工作, 分析意见 and the annex/slide options; defaults when left out. */
  extras?: Partial<BriefingExtras>;
}

export interface Prepared {
  request: BriefingRequest;
  data: BriefingData;
  /** Measures in scope: the progress total. */
  total: number;
  /** The request, the figures collected and the date printed, hashed: equal means the same file. */
  fingerprint: string;
  /** The date printed on it. */
  date: string;
}

export async function prepareBriefing(db: Db, request: BriefingRequest): Promise<Prepared> {
  const data = await collectBriefing(db, request.planId, request.period, request.scope);
  const date = today();
  const fingerprint = createHash('sha256').update(JSON.stringify({ request, date, data })).digest('hex');
  return { request, data, total: data.measures.length, fingerprint, date };
}

export type Progress = (done: number, total: number) => void;

/** The charts of 附件2 as PNGs, all queued at once; `onMeasure` fires as each measure's are ready. */
async function renderCharts(data: BriefingData, choice: BriefingChoice, lang: Lang, onMeasure: (no: number) => void) {
  const charts = new Map<string, Uint8Array>();
  const { chartedIndicators, DOCX_CHART_SIZE } = await import('./docx');
  const wanted = new Set(chartedIndicators(data, choice).map((i) => i.code));
  await Promise.all(
    data.measures.map(async (m) => {
      const source = sourceLine(
        m.units.slice(0, 3).map((u) => (lang === 'zh' ? u.name : u.nameEn)),
        lang,
      );
      await Promise.all(
        m.indicators
          .filter((ind) => wanted.has(ind.code))
          .map(async (ind) => {
            const png = await renderChartInPool({
              input: indicatorChartInput(ind, data.period, lang, EXPORT_FONT_FAMILY),
              source,
              size: DOCX_CHART_SIZE,
              pixelRatio: 2,
            });
            charts.set(ind.code, png);
          }),
      );
      onMeasure(m.no);
    }),
  );
  return charts;
}

export async function renderBriefing(
  db: Db,
  prepared: Prepared,
  user: { id: number; displayName: string },
  now: Date,
  progress: Progress = () => {},
): Promise<{ id: string; fileName: string; size: number }> {
  const { data, request, total, date } = prepared;
  const { lang, format } = request;
  const extras = briefingExtrasSchema.parse(request.extras ?? {});
  const issuedOn = extras.issuedOn ?? date;
  const header = await briefingHeader(db, data.plan.id);
  let done = 0;
  const step = () => progress(++done, total);
  let bytes: Buffer;
  let issue: { year: number; no: number } | null = null;
  if (format === 'docx') {
    const charts = await renderCharts(data, extras.choice, lang, step);
    // The 期号 is taken once the slow part succeeded; a failed build uses no number.
    const year = Number(issuedOn.slice(0, 4));
    issue = { year, no: await nextIssueNo(db, data.plan.id, year) };
    const { buildDocx } = await import('./docx');
    bytes = await buildDocx(data, {
      lang,
      issuedOn,
      header,
      issue,
      notes: extras.notes,
      choice: extras.choice,
      charts,
    });
  } else {
    const { buildPptx } = await import('./pptx');
    bytes = await buildPptx(data, {
      lang,
      issuedOn,
      header,
      choice: extras.choice,
      // Slides are quick to add; yield between measures so progress polls and other requests get in.
      onMeasure: () => nextTurn().then(step),
    });
  }
  const title = briefingTitle(data.plan, data.period, lang);
  const { name } = fileNames(title, data.period, format);
  const id = await recordBriefing(db, {
    data,
    format,
    lang,
    title,
    fileName: name,
    user,
    createdAt: now.toISOString(),
    bytes,
    layout: {
      issueYear: issue?.year ?? null,
      issueNo: issue?.no ?? null,
      issuedOn,
      notes: JSON.stringify({ ...extras.notes, choice: extras.choice }),
    },
    fingerprint: prepared.fingerprint,
  });
  return { id, fileName: name, size: bytes.length };
}
