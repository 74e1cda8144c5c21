// The real consumer: LibreOffice opens the Word and PowerPoint briefings and prints them to PDF;
// poppler reads the PDFs back. Slow (LibreOffice starts twice), hence the long timeout. Needs
// `soffice`, `pdfinfo` and `pdftotext` (.ci/run installs them).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect } from 'vitest';
import { prepareBriefing, renderBriefing, type BriefingRequest } from '../../server/briefings/build';
import { closeChartPool } from '../../server/briefings/chart-pool';
import { briefingFile } from '../../server/briefings/store';
import type { Db } from '../../server/db/connect';
import { test } from '../fixtures';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'plan-monitor-office-'));

afterAll(async () => {
  await closeChartPool();
  rmSync(dir, { recursive: true, force: true });
});

async function briefing(db: Db, format: 'docx' | 'pptx', fileStem: string) {
  const request: BriefingRequest = {
    planId: 'changping-2022',
    period: '2022-10',
    scope: { kind: 'measures', measures: [39, 41] },
    format,
    lang: 'zh',
  };
  const prepared = await prepareBriefing(db, request);
  const { id } = await renderBriefing(db, prepared, { id: 1, displayName: 'test' }, new Date());
  const file = await briefingFile(db, id);
  // Distinct stems: report.docx and report.pptx would both become report.pdf.
  const input = path.join(dir, `${fileStem}.${format}`);
  writeFileSync(input, file!.file);
  return { input, indicators: prepared.data.measures.flatMap((m) => m.indicators).length };
}

/** soffice → PDF with a private profile (a shared one makes parallel runs wait on its lock). */
async function toPdf(input: string): Promise<{ pages: number; text: string }> {
  const stem = path.basename(input).replace(/\.\w+$/, '');
  const profile = `file://${path.join(dir, `profile-${stem}`)}`;
  await run(
    'soffice',
    [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, input],
    { timeout: 240_000 },
  );
  const pdf = path.join(dir, `${stem}.pdf`);
  const info = (await run('pdfinfo', [pdf])).stdout;
  const text = (await run('pdftotext', ['-enc', 'UTF-8', pdf, '-'])).stdout;
  return { pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]), text };
}

const TITLE = '昌平区贯彻落实统筹疫情防控和稳定经济增长措施落实情况（截至2022年10月）';
const squash = (s: string) => s.replace(/\s+/g, '');

test(
  'LibreOffice prints the Word and PowerPoint briefings with their Chinese title',
  { timeout: 600_000 },
  async ({ demoDb }) => {
    const word = await briefing(demoDb, 'docx', 'briefing-word');
    const slides = await briefing(demoDb, 'pptx', 'briefing-slides');

    const wordPdf = await toPdf(word.input);
    // Title, overview and 9 indicators, each with a chart and a table: several A4 pages.
    expect(wordPdf.pages).toBeGreaterThanOrEqual(word.indicators / 2);
    expect(squash(wordPdf.text)).toContain(TITLE);
    expect(squash(wordPdf.text)).toContain('建成通车道路');

    const slidesPdf = await toPdf(slides.input);
    // A title slide, a summary slide and one slide per indicator.
    expect(slidesPdf.pages).toBe(2 + slides.indicators);
    expect(squash(slidesPdf.text)).toContain(TITLE);
  },
);
