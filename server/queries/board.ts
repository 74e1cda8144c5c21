// Read models for the leaders' board: each page gets one call shaped for it.
import type { SeriesKey } from '../../shared/status';
import { cachedAnswer } from '../db/answer-cache';
import { sql } from 'kysely';
import { today } from '../clock';
import type { Db } from '../db/connect';
import { listIndicatorDefs } from './indicators';
import { targetChangesOf } from './target-changes';
import { planTree } from './plan';
import { reportingUnits } from './reporting-units';
import { figureKey, revisedFigures, seesDrafts, shownPoint, shownUpdate, type DraftScope } from './shown-values';
import { planStatus } from './status';

/**
 * The plan's status for a month, kept until the data changes and shared by the board's answers
 * (the overview, each measure page, the unit view): after a write, the pages many viewers have open
 * are computed again from one evaluation of the plan, not one each. Read it, never change it.
 */
// The clock is part of the key: a reporting deadline passing changes verdicts, not only writes.
export const sharedStatus = (db: Db, planId: string, period?: string) =>
  cachedAnswer(db, JSON.stringify(['status', planId, period, today()]), () => planStatus(db, planId, period));

export type PlanStatus = NonNullable<Awaited<ReturnType<typeof planStatus>>>;

/**
 * The overview: each measure's status and every indicator and milestone for one report month, with
 * what the board shows of them and no more. The page joins it to plan.tree (which it loads anyway)
 * with shared/board/sections.ts. The tree, with every item a second time inside it, was four
 * fifths of the answer.
 */
export async function overview(db: Db, planId: string, period?: string) {
  const status = await sharedStatus(db, planId, period);
  if (!status) return null;
  return {
    planId: status.planId,
    period: status.period,
    corrected: status.corrected,
    periods: status.periods,
    demo: status.demo,
    measures: status.measures,
    indicators: status.indicators.map(
      ({ code, measureNo, kind, unit, unitEn, target, evaluation: e, sentence, sentenceEn }) => ({
        code,
        measureNo,
        kind,
        unit,
        unitEn,
        target,
        evaluation: {
          status: e.status,
          asOf: e.asOf,
          value: e.value,
          taskProgress: e.taskProgress,
          timeProgress: e.timeProgress,
          gap: e.gap,
        },
        sentence,
        sentenceEn,
      }),
    ),
    milestones: status.milestones.map(({ code, measureNo, kind, evaluation, sentence, sentenceEn }) => ({
      code,
      measureNo,
      kind,
      evaluation: { status: evaluation.status, asOf: evaluation.asOf },
      sentence,
      sentenceEn,
    })),
  };
}

/**
 * overview(), kept until the data changes (answer-cache.ts): computed once for many viewers. No
 * period means the latest month with data (planStatus), which only a write changes, not the clock.
 */
export function cachedOverview(db: Db, planId: string, period?: string) {
  return cachedAnswer(db, JSON.stringify(['overview', planId, period, today()]), () => overview(db, planId, period));
}

/**
 * The figure each indicator-month had in the latest briefing that printed it (briefing_figures),
 * keyed `indicatorId/series/period`, for the board's "revised since briefing" marker.
 */
async function latestBriefedFigures(db: Db, ids: number[]) {
  if (ids.length === 0) return new Map<string, never>();
  // Only each point's latest printing leaves the database (a measure briefed every month would
  // otherwise send back every briefing's figures to keep one of each).
  const ranked = db
    .selectFrom('briefingFigures')
    .innerJoin('briefings', 'briefings.id', 'briefingFigures.briefingId')
    .select([
      'briefingFigures.indicatorId',
      'briefingFigures.series',
      'briefingFigures.period',
      'briefingFigures.value',
      'briefings.id as briefingId',
      'briefings.title',
      'briefings.createdAt',
    ])
    .select(
      sql<number>`row_number() over (partition by briefing_figures.indicator_id, briefing_figures.series, briefing_figures.period order by briefings.created_at desc, briefings.id desc)`.as(
        'rank',
      ),
    )
    .where('briefingFigures.indicatorId', 'in', ids);
  const rows = await db
    .selectFrom(ranked.as('r'))
    .select(['indicatorId', 'series', 'period', 'value', 'briefingId', 'title', 'createdAt'])
    .where('r.rank', '=', 1)
    .execute();
  return new Map(rows.map((r) => [`${r.indicatorId}/${r.series}/${r.period}`, r]));
}

function revisedSince(
  briefed: { value: number; briefingId: string; title: string; createdAt: string } | undefined,
  value: number,
) {
  if (!briefed || briefed.value === value) return null;
  return { briefingId: briefed.briefingId, title: briefed.title, createdAt: briefed.createdAt, value: briefed.value };
}

/**
 * One measure in depth: every indicator with all its monthly points (revised ones flagged). Drafts
 * (queries/shown-values.ts) only of the units in `drafts`.
 */
export async function measureDetail(db: Db, planId: string, no: number, period?: string, drafts: DraftScope = 'none') {
  const status = await sharedStatus(db, planId, period);
  if (!status) return null;
  const measure = (await planTree(db, planId))
    .flatMap((s) => s.subsections.flatMap((sub) => sub.measures.map((m) => ({ ...m, section: s, subsection: sub }))))
    .find((m) => m.no === no);
  if (!measure) return null;
  const plan = await db
    .selectFrom('plans')
    .select(['issuedOn', 'approvalRequired'])
    .where('id', '=', planId)
    .executeTakeFirstOrThrow();
  const approvedOnly = plan.approvalRequired === 1;
  const defs = (await listIndicatorDefs(db, planId, status.period)).filter((i) => i.def.measure === no);
  const ids = defs.map((d) => d.id);
  const changes = await targetChangesOf(db, planId);
  const points =
    ids.length === 0
      ? []
      : await db
          .selectFrom('actuals')
          .select([
            'indicatorId',
            'series',
            'period',
            'value',
            'approvedValue',
            'reviewState',
            'note',
            'approvedNote',
            'source',
          ])
          .where('indicatorId', 'in', ids)
          .orderBy('period')
          .execute();
  const revisedKey = await revisedFigures(db, ids);
  const briefed = await latestBriefedFigures(db, ids);
  const milestoneRows = await db
    .selectFrom('milestones')
    .innerJoin('measures', 'measures.id', 'milestones.measureId')
    .select(['milestones.id', 'milestones.code'])
    .where('milestones.planId', '=', planId)
    .where('measures.no', '=', no)
    .execute();
  const updates =
    milestoneRows.length === 0
      ? []
      : await db
          .selectFrom('milestoneUpdates')
          .select(['milestoneId', 'period', 'state', 'note', 'approvedState', 'approvedNote'])
          .where(
            'milestoneId',
            'in',
            milestoneRows.map((m) => m.id),
          )
          .orderBy('period')
          .execute();

  const units = Array.isArray(drafts) ? await reportingUnits(db, planId) : null;
  const draftsOf = (unit: { id: number } | undefined) => seesDrafts(drafts, unit?.id);
  const { section, subsection, ...rest } = measure;
  return {
    period: status.period,
    corrected: status.corrected,
    periods: status.periods,
    demo: status.demo,
    measure: {
      ...rest,
      section: { no: section.no, title: section.title, titleEn: section.titleEn },
      subsection: { no: subsection.no, title: subsection.title, titleEn: subsection.titleEn },
      status: status.measures.find((m) => m.no === no)?.status ?? 'no_data',
    },
    issuedOn: plan.issuedOn,
    indicators: defs.map(({ id, def }) => {
      const item = status.indicators.find((i) => i.code === def.code)!;
      const ownDrafts = draftsOf(units?.indicators.get(id));
      return {
        ...item,
        definition: def,
        /** Every target change (调整目标) of the indicator, oldest first: the history. */
        targetChanges: changes.get(id) ?? [],
        // The board's value of each month (the approved one when approval is on); a newer
        // submission shows as `submitted` beside it to those who may see the unit's drafts.
        points: points
          .filter((p) => p.indicatorId === id)
          .flatMap((p) => {
            const shown = shownPoint(p, approvedOnly, ownDrafts);
            if (shown === null) return [];
            return [
              {
                period: p.period,
                value: shown.value,
                series: p.series as SeriesKey,
                note: shown.note,
                demo: p.source === 'demo',
                revised: revisedKey.has(figureKey(id, p.series, p.period)),
                submitted: shown.submitted,
                revisedSinceBriefing: revisedSince(briefed.get(`${id}/${p.series}/${p.period}`), shown.value),
              },
            ];
          }),
      };
    }),
    milestones: milestoneRows.map((ms) => {
      const item = status.milestones.find((m) => m.code === ms.code)!;
      return {
        ...item,
        updates: updates
          .filter((u) => u.milestoneId === ms.id)
          .flatMap((u) => shownUpdate(u, approvedOnly, draftsOf(units?.milestones.get(ms.id))) ?? []),
      };
    }),
  };
}
