// Everything a briefing shows, for the whole scope in one pass: one planStatus (the same
// evaluations and sentences the board shows), one read of the figures, milestone updates and
// revisions. measureDetail (server/queries/board.ts) gives the same shape for one measure; calling
// it per measure would evaluate the whole plan 59 times.
import { TRPCError } from '@trpc/server';
import type { ChartPoint } from '../../shared/charts/types';
import type { Lang } from '../../shared/format';
import { formatPeriod } from '../../shared/format';
import type { SeriesKey, Status } from '../../shared/status';
import type { Db } from '../db/connect';
import { listIndicatorDefs } from '../queries/indicators';
import { findPlan, planTree } from '../queries/plan';
import { figureKey, revisedFigures, shownMilestone, shownValue } from '../queries/shown-values';
import { milestoneUpdatesUpTo, planStatus } from '../queries/status';
import { resolveScope, scopeLabel, type BriefingScope } from './scope';

export type BriefingData = Awaited<ReturnType<typeof collectBriefing>>;
export type BriefingMeasure = BriefingData['measures'][number];
export type BriefingIndicator = BriefingMeasure['indicators'][number];

export async function collectBriefing(db: Db, planId: string, period: string, scope: BriefingScope) {
  const plan = await findPlan(db, planId);
  if (!plan) throw new TRPCError({ code: 'NOT_FOUND', message: `没有方案“${planId}” / No plan '${planId}'` });
  const status = (await planStatus(db, planId, period))!;
  // A briefing reports a month somebody reported: an unknown month is refused, not shown empty.
  if (!status.periods.includes(period)) {
    const range =
      status.periods.length === 0
        ? '本方案尚无任何报送数据'
        : `可选月份为${formatPeriod(status.periods[0]!, 'zh')}至${formatPeriod(status.periods.at(-1)!, 'zh')}`;
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `${period}没有报送数据，无法生成简报；${range} / No figures reported for ${period}`,
    });
  }
  const tree = await planTree(db, planId);
  const nos = resolveScope(tree, scope);
  if (nos.length === 0)
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: '所选范围内没有措施 / The chosen scope has no measures',
    });
  const inScope = new Set(nos);
  const approvedOnly = plan.approvalRequired === 1;

  const defs = (await listIndicatorDefs(db, planId, period)).filter((d) => inScope.has(d.def.measure));
  const ids = defs.map((d) => d.id);
  const actuals =
    ids.length === 0
      ? []
      : await db
          .selectFrom('actuals')
          .select(['indicatorId', 'series', 'period', 'value', 'approvedValue'])
          .where('indicatorId', 'in', ids)
          .where('period', '<=', period)
          .orderBy('period')
          .execute();
  const revisedKey = await revisedFigures(db, ids);
  const pointsOf = new Map<number, ChartPoint[]>();
  for (const a of actuals) {
    const value = shownValue(a, approvedOnly);
    if (value === null) continue;
    const list = pointsOf.get(a.indicatorId) ?? [];
    list.push({
      period: a.period,
      value,
      series: a.series as SeriesKey,
      revised: revisedKey.has(figureKey(a.indicatorId, a.series, a.period)),
    });
    pointsOf.set(a.indicatorId, list);
  }

  const milestoneRows = await db.selectFrom('milestones').select(['id', 'code']).where('planId', '=', planId).execute();
  const milestoneId = new Map(milestoneRows.map((m) => [m.code, m.id]));
  const updates = await milestoneUpdatesUpTo(db, planId, period);

  const measureStatus = new Map(status.measures.map((m) => [m.no, m.status]));
  const measures = tree.flatMap((section) =>
    section.subsections.flatMap((sub) =>
      sub.measures
        .filter((m) => inScope.has(m.no))
        .map((m) => ({
          no: m.no,
          title: m.title,
          titleEn: m.titleEn,
          section: { no: section.no, title: section.title, titleEn: section.titleEn },
          units: m.units,
          status: measureStatus.get(m.no) ?? 'no_data',
          indicators: defs
            .filter((d) => d.def.measure === m.no)
            .map(({ id, def }) => ({
              ...status.indicators.find((i) => i.code === def.code)!,
              id,
              definition: def,
              points: pointsOf.get(id) ?? [],
            })),
          milestones: status.milestones
            .filter((ms) => ms.measureNo === m.no)
            .map((ms) => {
              const own = updates.filter((u) => u.milestoneId === milestoneId.get(ms.code));
              return {
                ...ms,
                updates: own.flatMap((u) => {
                  const { state, note } = shownMilestone(u, approvedOnly);
                  return state === null ? [] : [{ period: u.period, state, note }];
                }),
              };
            }),
        })),
    ),
  );

  const count = (items: { evaluation: { status: Status } }[]) => {
    const counts: Partial<Record<Status, number>> = {};
    for (const i of items) counts[i.evaluation.status] = (counts[i.evaluation.status] ?? 0) + 1;
    return counts;
  };
  const indicators = measures.flatMap((m) => m.indicators);
  const milestones = measures.flatMap((m) => m.milestones);
  // The month before, for "change since last month": the same scope evaluated one report earlier.
  const before = status.periods[status.periods.indexOf(period) - 1];
  const previous = before ? await planStatus(db, planId, before) : null;
  const previousCounts = previous && {
    period: before!,
    indicators: count(previous.indicators.filter((i) => inScope.has(i.measureNo))),
    milestones: count(previous.milestones.filter((m) => inScope.has(m.measureNo))),
  };
  return {
    plan: {
      id: plan.id,
      title: plan.title,
      titleEn: plan.titleEn,
      issuer: plan.issuer,
      issuerEn: plan.issuerEn,
      docNumber: plan.docNumber,
      issuedOn: plan.issuedOn,
    },
    period,
    demo: status.demo,
    scope,
    scopeLabel: { zh: scopeLabel(tree, scope, 'zh'), en: scopeLabel(tree, scope, 'en') },
    measures,
    counts: { indicators: count(indicators), milestones: count(milestones) },
    previousCounts,
  };
}

/** The sentence in the briefing's language. */
export function sentenceOf(item: { sentence: string; sentenceEn: string }, lang: Lang): string {
  return lang === 'zh' ? item.sentence : item.sentenceEn;
}
