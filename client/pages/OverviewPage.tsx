import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Flex, Grid, Input, Space, Tooltip, Typography } from 'antd';
import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { boardSections, type BoardMeasure } from '../../shared/board/sections';
import { formatQuantity } from '../../shared/format';
import { statuses, type Status } from '../../shared/status';
import { STATUS_STYLE } from '../../shared/status-style';
import { LoadError, Loading, useKeptSearch, usePlanId } from '../App';
import {
  filterMeasure,
  itemKinds,
  noFilters,
  parseFilters,
  unitLabels,
  worstGap,
  writeFilters,
  type OverviewFilters,
} from '../../shared/board/filters';
import { FirstScreen, loadProgressChart } from '../components/FirstScreen';
import { firstPaintShown, releaseFirstPaint } from '../first-paint';
import { NativeSelect } from '../components/NativeSelect';
import { Panel } from '../components/Panel';
import { PeriodBar, usePeriodParam } from '../components/PeriodBar';
import { PrintFooter } from '../components/PrintFooter';
import { ProgressBar } from '../components/ProgressBar';
import { StatusTag } from '../components/StatusTag';
import { t, useLang, type Lang } from '../i18n';
import { useTRPC, type RouterOutputs } from '../trpc';

type Overview = RouterOutputs['board']['overview'];
type Measure = BoardMeasure<
  RouterOutputs['plan']['tree']['sections'][number]['subsections'][number]['measures'][number],
  Overview['indicators'][number],
  Overview['milestones'][number]
>;
const NUMERALS = '一二三四五六七八九十';

export default function OverviewPage() {
  const lang = useLang();
  const planId = usePlanId();
  const period = usePeriodParam();
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const filters = parseFilters(params);
  const setFilters = (f: OverviewFilters) => setParams(writeFilters(params, f), { replace: true });
  const query = useQuery({
    ...trpc.board.overview.queryOptions({ planId, period }),
    placeholderData: (previous) => previous,
  });
  const plan = useQuery(trpc.plan.tree.queryOptions({ planId }));
  const screen = useQuery({
    ...trpc.firstScreen.get.queryOptions({ planId, period }),
    placeholderData: (previous) => previous,
  });
  const compact = Grid.useBreakpoint().md === false;
  // The server's first screen (client/first-paint.ts) stays until this page can show its own, chart
  // module loaded, or has failed to load.
  const settled =
    query.isError ||
    plan.isError ||
    (!query.isPending && !plan.isPending && (screen.data !== undefined || screen.isError));
  useEffect(() => {
    if (!settled || !firstPaintShown()) return;
    let live = true;
    void loadProgressChart()
      .catch(() => undefined)
      .finally(() => {
        if (live) releaseFirstPaint();
      });
    return () => {
      live = false;
    };
  }, [settled]);

  if (query.isPending || plan.isPending) return <Loading lang={lang} />;
  if (query.isError || plan.isError) return <LoadError lang={lang} retry={() => void query.refetch()} />;
  const data = query.data;
  const zh = lang === 'zh';

  const board = boardSections(plan.data.sections, data);
  const sections = board.map((s) => ({
    ...s,
    measures: s.subsections.flatMap((sub) =>
      sub.measures
        .map((m) => filterMeasure(m, s.no, filters))
        .filter((m): m is Measure => m !== null)
        .map((m) => ({ ...m, subsection: sub })),
    ),
  }));
  const shown = sections.flatMap((s) => s.measures);
  const unitOptions = unitLabels(board, zh);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={2} style={{ marginBottom: 4 }}>
          {zh ? plan.data.plan.title : plan.data.plan.titleEn}
        </Typography.Title>
        <Typography.Text type="secondary">
          {zh ? plan.data.plan.issuer : plan.data.plan.issuerEn} · {plan.data.plan.docNumber}
        </Typography.Text>
      </div>
      <div data-testid="period-bar">
        <PeriodBar
          lang={lang}
          period={data.period}
          periods={data.periods}
          corrected={data.corrected}
          demo={data.demo}
          fetching={query.isFetching}
        />
      </div>
      {screen.isError ? (
        <LoadError lang={lang} retry={() => void screen.refetch()} />
      ) : screen.data ? (
        <FirstScreen data={screen.data} lang={lang} compact={compact} />
      ) : (
        <Loading lang={lang} />
      )}
      <Flex gap="large" wrap>
        {(['indicators', 'milestones'] as const).map((group) => {
          const counts = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<Status, number>;
          for (const item of data[group]) counts[item.evaluation.status]++;
          return (
            <Panel key={group} size="small" title={t(group, lang)} data-testid={`counts-${group}`}>
              <Flex gap="small" wrap>
                {statuses.map((s) => {
                  const active = filters.status === s && filters.group === group;
                  return (
                    <StatusTag
                      key={s}
                      status={s}
                      lang={lang}
                      count={counts[s]}
                      active={active}
                      onClick={() =>
                        setFilters({ ...filters, status: active ? null : s, group: active ? null : group })
                      }
                    />
                  );
                })}
              </Flex>
            </Panel>
          );
        })}
      </Flex>
      <Flex gap="small" wrap align="center" data-testid="filters">
        <NativeSelect
          aria-label={t('allSections', lang)}
          width={200}
          value={filters.section ?? 0}
          onChange={(v: number) => setFilters({ ...filters, section: v || null })}
          options={[
            { value: 0, label: t('allSections', lang) },
            ...board.map((s) => ({
              value: s.no,
              label: zh ? `${NUMERALS[s.no - 1]}、${s.title.slice(0, 12)}…` : `${s.no}. ${s.titleEn.slice(0, 28)}…`,
            })),
          ]}
        />
        <NativeSelect
          data-testid="unit-filter"
          aria-label={t('allUnits', lang)}
          width={220}
          value={filters.unit ?? ''}
          onChange={(v: string) => setFilters({ ...filters, unit: v || null })}
          options={[
            { value: '', label: t('allUnits', lang) },
            ...[...unitOptions].map(([value, label]) => ({ value, label })),
          ]}
        />
        <NativeSelect
          aria-label={t('anyRole', lang)}
          width={130}
          value={filters.unitRole}
          onChange={(unitRole: 'lead' | 'any') => setFilters({ ...filters, unitRole })}
          options={[
            { value: 'any', label: t('anyRole', lang) },
            { value: 'lead', label: t('leadOnly', lang) },
          ]}
        />
        <NativeSelect
          aria-label={t('allKinds', lang)}
          width={140}
          value={filters.kind ?? ''}
          onChange={(v: string) =>
            setFilters({ ...filters, kind: (itemKinds as readonly string[]).includes(v) ? (v as never) : null })
          }
          options={[
            { value: '', label: t('allKinds', lang) },
            ...itemKinds.map((k) => ({ value: k, label: t(`kind_${k}`, lang) })),
          ]}
        />
        <Input.Search
          allowClear
          width={220}
          placeholder={t('search', lang)}
          defaultValue={filters.q}
          onSearch={(q) => setFilters({ ...filters, q })}
        />
        <NativeSelect
          aria-label={t('sortPlan', lang)}
          data-testid="sort-select"
          width={140}
          value={filters.sort}
          onChange={(sort: 'plan' | 'gap') => setFilters({ ...filters, sort })}
          options={[
            { value: 'plan', label: t('sortPlan', lang) },
            { value: 'gap', label: t('sortGap', lang) },
          ]}
        />
        <Button size="small" onClick={() => setFilters(noFilters)}>
          {t('clearFilters', lang)}
        </Button>
        <DataExport planId={planId} period={data.period} filters={filters} lang={lang} />
      </Flex>
      {shown.length === 0 && <Alert type="info" title={t('noMatch', lang)} />}
      {filters.sort === 'gap' ? (
        <Panel>
          {[...shown]
            .sort((a, b) => worstGap(a) - worstGap(b) || a.no - b.no)
            .map((m) => (
              <MeasureRow key={m.no} m={m} lang={lang} />
            ))}
        </Panel>
      ) : (
        sections
          .filter((s) => s.measures.length > 0)
          .map((s, i) => (
            <Panel
              key={s.no}
              className={i > 0 ? 'pm-measure-break' : undefined}
              title={zh ? `${NUMERALS[s.no - 1]}、${s.title}` : `${s.no}. ${s.titleEn}`}
            >
              {s.measures.map((m) => (
                <MeasureRow key={m.no} m={m} lang={lang} />
              ))}
            </Panel>
          ))
      )}
      <PrintFooter period={data.period} demo={data.demo} lang={lang} />
    </Space>
  );
}

/** Links to the data export (server/export/plan-data.ts) carrying the month and the filters shown. */
function DataExport({
  planId,
  period,
  filters,
  lang,
}: {
  planId: string;
  period: string;
  filters: OverviewFilters;
  lang: Lang;
}) {
  const query = writeFilters(new URLSearchParams({ period, lang }), { ...filters, sort: 'plan' });
  const href = (format: 'xlsx' | 'csv') => `/api/exports/${encodeURIComponent(planId)}/indicators.${format}?${query}`;
  return (
    <Tooltip title={t('exportDataHint', lang)}>
      <Flex gap={4} align="center" data-testid="data-export">
        <Typography.Text type="secondary">{t('exportData', lang)}</Typography.Text>
        <Button size="small" href={href('xlsx')} download data-testid="data-export-xlsx">
          Excel
        </Button>
        <Button size="small" href={href('csv')} download data-testid="data-export-csv">
          CSV
        </Button>
      </Flex>
    </Tooltip>
  );
}

function MeasureRow({ m, lang }: { m: Measure; lang: Lang }) {
  const zh = lang === 'zh';
  const keep = useKeptSearch();
  const lead = m.units[0];
  return (
    <div
      data-testid={`measure-${m.no}`}
      data-status={m.status}
      style={{ borderTop: '1px solid #f0f0f0', padding: '10px 0' }}
    >
      <Flex gap="small" align="baseline" wrap>
        <Link to={`/measures/${m.no}${keep}`}>
          <Typography.Text strong>
            {m.no}. {zh ? m.title : m.titleEn}
          </Typography.Text>
        </Link>
        <StatusTag status={m.status} lang={lang} />
        {lead && (
          <Typography.Text type="secondary">
            {t('leadUnit', lang)}
            {zh ? '：' : ': '}
            {zh ? lead.name : lead.nameEn}
          </Typography.Text>
        )}
      </Flex>
      <ul style={{ margin: '6px 0 0', paddingInlineStart: 20 }}>
        {m.indicators.map((i) => {
          const ev = i.evaluation;
          const unit = zh ? i.unit : i.unitEn;
          return (
            <li key={i.code} data-testid={`item-${i.code}`} data-status={ev.status}>
              <Flex gap="middle" align="center" wrap>
                {ev.taskProgress !== null && ev.timeProgress !== null ? (
                  <ProgressBar task={ev.taskProgress} time={ev.timeProgress} status={ev.status} lang={lang} />
                ) : (
                  <span style={{ color: STATUS_STYLE[ev.status].color }}>{STATUS_STYLE[ev.status].symbol}</span>
                )}
                {ev.value !== null && (
                  <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                    {formatQuantity(ev.value, unit, lang)}
                    {i.target !== null && ` / ${t('target', lang)} ${formatQuantity(i.target, unit, lang)}`}
                  </Typography.Text>
                )}
                {ev.status === 'not_reported' && <StatusTag status={ev.status} asOf={ev.asOf} lang={lang} />}
              </Flex>
              <Typography.Text>{zh ? i.sentence : i.sentenceEn}</Typography.Text>
            </li>
          );
        })}
        {m.milestones.map((i) => (
          <li key={i.code} data-testid={`item-${i.code}`} data-status={i.evaluation.status}>
            <span style={{ color: STATUS_STYLE[i.evaluation.status].color }}>
              {STATUS_STYLE[i.evaluation.status].symbol}
            </span>{' '}
            <Typography.Text>{zh ? i.sentence : i.sentenceEn}</Typography.Text>
          </li>
        ))}
      </ul>
    </div>
  );
}
