// Briefing snapshots: the file's bytes and the exact figures it was built from.
import { createHash, randomUUID } from 'node:crypto';
import { notifyUser } from '../notices/outbox';
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
  /** What it was built from, hashed (see prepareBriefing); none: never matched again. */
  fingerprint?: string;
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
        fingerprint: s.fingerprint ?? null,
      })
      .execute();
    const rows = indicators.flatMap((i) =>
      i.points.map((p) => ({ briefingId: id, indicatorId: i.id, series: p.series, period: p.period, value: p.value })),
    );
    await notifyUser(trx, s.user.id, {
      key: `briefingReady:${id}`,
      event: 'briefingReady',
      subject: `【简报】《${s.title}》已生成`,
      body: `${s.fileName}（${s.data.period}）已生成，可在简报页面下载。`,
      link: `/briefing?plan=${encodeURIComponent(s.data.plan.id)}`,
    });
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

/** The snapshot already built from exactly this request, figures and date, if any. */
export async function briefingByFingerprint(db: Db, planId: string, fingerprint: string) {
  return db
    .selectFrom('briefings')
    .select(['id', 'fileName'])
    .where('planId', '=', planId)
    .where('fingerprint', '=', fingerprint)
    .orderBy('createdAt', 'desc')
    .executeTakeFirst();
}

/** Briefings a user made since `since` (an ISO instant): the per-user quota counts them. */
export async function briefingsMadeSince(db: Db, userId: number, since: string): Promise<number> {
  const row = await db
    .selectFrom('briefings')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('createdBy', '=', userId)
    .where('createdAt', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Drop briefings created before `before` (an ISO instant) with their figures; returns how many. */
export async function pruneBriefings(db: Db, before: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const old = await trx.selectFrom('briefings').select('id').where('createdAt', '<', before).limit(500).execute();
    if (old.length === 0) return 0;
    const ids = old.map((b) => b.id);
    await trx.deleteFrom('briefingFigures').where('briefingId', 'in', ids).execute();
    await trx.deleteFrom('briefings').where('id', 'in', ids).execute();
    return ids.length;
  });
}
