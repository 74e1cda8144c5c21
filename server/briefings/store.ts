// Briefing snapshots: the file's bytes and the exact figures it was built from.
import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../db/connect';
import type { BriefingFormat } from '../db/schema';
import type { BriefingData } from './collect';

export interface NewSnapshot {
  data: BriefingData;
  format: BriefingFormat;
  lang: 'zh' | 'en';
  title: string;
  fileName: string;
  user: { id: number; displayName: string };
  createdAt: string;
  bytes: Buffer;
  /** 期号, 成文日期 and the staff's text (server/briefings/options.ts), when the build had them. */
  layout?: { issueYear: number | null; issueNo: number | null; issuedOn: string; notes: string };
}

export async function recordBriefing(db: Db, s: NewSnapshot): Promise<string> {
  const id = randomUUID();
  const indicators = s.data.measures.flatMap((m) => m.indicators);
  // Statuses and sentences as printed; the values themselves go row by row into briefing_figures.
  const figures = {
    measures: s.data.measures.map((m) => ({ no: m.no, status: m.status })),
    indicators: indicators.map((i) => ({
      code: i.code,
      status: i.evaluation.status,
      value: i.evaluation.value,
      sentence: i.sentence,
      sentenceEn: i.sentenceEn,
    })),
    milestones: s.data.measures.flatMap((m) =>
      m.milestones.map((ms) => ({ code: ms.code, status: ms.evaluation.status, state: ms.evaluation.state ?? null })),
    ),
    counts: s.data.counts,
    demo: s.data.demo,
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('briefings')
      .values({
        id,
        planId: s.data.plan.id,
        period: s.data.period,
        scope: JSON.stringify(s.data.scope),
        format: s.format,
        lang: s.lang,
        title: s.title,
        fileName: s.fileName,
        createdBy: s.user.id,
        createdByName: s.user.displayName,
        createdAt: s.createdAt,
        measureCount: s.data.measures.length,
        indicatorCount: indicators.length,
        figures: JSON.stringify(figures),
        fileSize: s.bytes.length,
        sha256: createHash('sha256').update(s.bytes).digest('hex'),
        file: s.bytes,
        ...s.layout,
      })
      .execute();
    const rows = indicators.flatMap((i) =>
      i.points.map((p) => ({ briefingId: id, indicatorId: i.id, series: p.series, period: p.period, value: p.value })),
    );
    // SQLite allows at most 32,766 bound parameters per statement: insert in chunks.
    for (let k = 0; k < rows.length; k += 1000)
      await trx
        .insertInto('briefingFigures')
        .values(rows.slice(k, k + 1000))
        .execute();
  });
  return id;
}

export async function listBriefings(db: Db, planId: string, limit = 50) {
  return db
    .selectFrom('briefings')
    .select([
      'id',
      'period',
      'scope',
      'format',
      'lang',
      'title',
      'fileName',
      'createdByName',
      'createdAt',
      'measureCount',
      'indicatorCount',
      'fileSize',
    ])
    .where('planId', '=', planId)
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function briefingFile(db: Db, id: string) {
  return db
    .selectFrom('briefings')
    .select(['id', 'format', 'fileName', 'period', 'file', 'sha256'])
    .where('id', '=', id)
    .executeTakeFirst();
}
