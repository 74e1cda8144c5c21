import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Flex, Segmented, Space, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { indicatorChartInput, milestoneChartInput } from '../../shared/charts/from-detail';
import { formatDate, formatNumber, formatPeriod, quote } from '../../shared/format';
import { buildIndicatorChart } from '../../shared/charts/indicator-chart';
import { buildMilestoneOption, milestoneTable } from '../../shared/charts/milestone';
import type { ChartOption, ChartTable } from '../../shared/charts/types';
import { LoadError, Loading, useKeptSearch, usePlanId } from '../App';
import { ChartExportMenu } from '../charts/ChartExportMenu';
import { EChart } from '../charts/EChart';
import { PeriodBar, usePeriodParam } from '../components/PeriodBar';
import { PrintFooter } from '../components/PrintFooter';
import { StatusTag } from '../components/StatusTag';
import { TargetChangeButton, TargetChangedTag, TargetChangeHistory } from '../components/TargetChange';
import { t, useLang, type Lang } from '../i18n';
import { can, useMe } from '../session';
import { useTRPC, type RouterOutputs } from '../trpc';
import { ScrollTable } from '../components/ScrollTable';

type Detail = RouterOutputs['board']['measure'];

export default function MeasurePage() {
  const lang = useLang();
  const zh = lang === 'zh';
  const planId = usePlanId();
  const period = usePeriodParam();
  const keep = useKeptSearch();
  const no = Number(useParams().no);
  const trpc = useTRPC();
  const valid = Number.isInteger(no) && no > 0;
  const query = useQuery({
    ...trpc.board.measure.queryOptions({ planId, no: valid ? no : 1, period }),
    enabled: valid,
    placeholderData: (p) => p,
  });
  const tree = useQuery(trpc.plan.tree.queryOptions({ planId }));
  if (!valid || (query.isError && query.error.data?.code === 'NOT_FOUND'))
    return <Alert type="warning" title={t('measureNotFound', lang)} />;
  if (query.isPending || tree.isPending) return <Loading lang={lang} />;
  if (query.isError || tree.isError) return <LoadError lang={lang} retry={() => void query.refetch()} />;
  const data = query.data;
  const m = data.measure;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Link to={`/${keep}`} className="pm-no-print pm-tap">
        ← {t('back', lang)}
      </Link>
      <Flex gap="small" align="center" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {m.no}. {zh ? m.title : m.titleEn}
        </Typography.Title>
        <StatusTag status={m.status} lang={lang} />
      </Flex>
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
      <Card size="small" title={t('fullText', lang)}>
        <Typography.Paragraph style={{ marginBottom: 8 }}>{m.text}</Typography.Paragraph>
        <Flex gap={6} wrap data-testid="measure-units">
          <Typography.Text type="secondary">{t('units', lang)}：</Typography.Text>
          {m.units.map((u, i) => (
            <Tag key={`${u.role ?? ''}-${u.code}`} color={i === 0 ? 'blue' : undefined}>
              {u.role ? `${zh ? u.role : (u.roleEn ?? u.role)}—` : ''}
              {zh ? u.name : u.nameEn}
              {i === 0 ? (zh ? '（牵头）' : ' (lead)') : ''}
            </Tag>
          ))}
        </Flex>
      </Card>
      {data.indicators.map((ind) => (
        <IndicatorCard key={ind.code} ind={ind} period={data.period} lang={lang} />
      ))}
      {data.milestones.map((ms) => (
        <MilestoneCard key={ms.code} ms={ms} period={data.period} issuedOn={data.issuedOn} lang={lang} />
      ))}
      <PrintFooter period={data.period} demo={data.demo} lang={lang} />
    </Space>
  );
}

function ChartOrTable({
  option,
  table,
  label,
  testId,
  marks,
}: {
  option: ChartOption;
  table: ChartTable;
  label: string;
  testId: string;
  /** Month label (the table's first column) → why it is marked (revised since a briefing). */
  marks?: Map<string, string>;
}) {
  const lang = useLang();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  return (
    <div data-testid={testId}>
      <Segmented
        className="pm-no-print"
        size="small"
        value={view}
        onChange={(v) => setView(v as 'chart' | 'table')}
        options={[
          { value: 'chart', label: t('chart', lang) },
          { value: 'table', label: t('table', lang) },
        ]}
      />
      {view === 'chart' ? (
        <EChart option={option} label={label} />
      ) : (
        <ScrollTable
          label={label}
          size="small"
          pagination={false}
          rowKey={(_r, i) => String(i)}
          dataSource={table.rows.map((r) => Object.fromEntries(r.map((v, i) => [String(i), v])))}
          columns={table.columns.map((title, i) => ({
            title,
            dataIndex: String(i),
            render: (v: string | number | null) => {
              const mark = i === 0 && typeof v === 'string' ? marks?.get(v) : undefined;
              return mark ? (
                <Tooltip title={mark}>
                  <span data-testid="revised-since-briefing-cell">{v} ※</span>
                </Tooltip>
              ) : (
                v
              );
            },
          }))}
        />
      )}
    </div>
  );
}

function IndicatorCard({ ind, period, lang }: { ind: Detail['indicators'][number]; period: string; lang: Lang }) {
  const zh = lang === 'zh';
  const planId = usePlanId();
  const me = useMe();
  const { option, table } = useMemo(
    () => buildIndicatorChart(indicatorChartInput(ind, period, lang)),
    [ind, period, lang],
  );
  // Figures changed after a briefing printed them: marked in the table, listed above the chart.
  const briefingMarks = useMemo(() => {
    const marks = new Map<string, string>();
    for (const p of ind.points) {
      const b = p.revisedSinceBriefing;
      if (!b) continue;
      const month = formatPeriod(p.period, lang);
      const why = t('revisedSinceBriefing', lang)
        .replace('{title}', b.title)
        .replace('{date}', formatDate(b.createdAt.slice(0, 10), lang))
        .replace('{value}', formatNumber(b.value));
      marks.set(month, marks.has(month) ? `${marks.get(month)}；${why}` : why);
    }
    return marks;
  }, [ind, lang]);
  return (
    <Card
      size="small"
      title={
        <Flex gap="small" align="center">
          <span>
            {ind.code} {zh ? ind.name : ind.nameEn}
          </span>
          <StatusTag status={ind.evaluation.status} asOf={ind.evaluation.asOf} lang={lang} />
          {ind.targetChange && <TargetChangedTag def={ind.definition} change={ind.targetChange} lang={lang} />}
        </Flex>
      }
      extra={
        <Space className="pm-no-print">
          {can(me.data?.role, 'admin') && (
            <TargetChangeButton
              planId={planId}
              def={ind.definition}
              changes={ind.targetChanges}
              month={period}
              lang={lang}
            />
          )}
          <ChartExportMenu planId={planId} code={ind.code} period={period} lang={lang} />
        </Space>
      }
    >
      <Typography.Paragraph>{zh ? ind.sentence : ind.sentenceEn}</Typography.Paragraph>
      {ind.targetChanges.length > 0 && (
        <TargetChangeHistory def={ind.definition} changes={ind.targetChanges} lang={lang} />
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {zh ? '原文：' : 'Source: '}
        {quote(ind.definition.source)} · <Link to={`/history/${ind.code}`}>{t('history', lang)}</Link>
      </Typography.Paragraph>
      {briefingMarks.size > 0 && (
        <Typography.Paragraph type="warning" style={{ fontSize: 12 }} data-testid="revised-since-briefing">
          ※ {[...briefingMarks].map(([month, why]) => `${month}：${why}`).join('；')}
        </Typography.Paragraph>
      )}
      <ChartOrTable
        option={option}
        table={table}
        label={zh ? ind.name : ind.nameEn}
        testId={`chart-${ind.code}`}
        marks={briefingMarks}
      />
    </Card>
  );
}

function MilestoneCard({
  ms,
  period,
  issuedOn,
  lang,
}: {
  ms: Detail['milestones'][number];
  period: string;
  issuedOn: string;
  lang: Lang;
}) {
  const zh = lang === 'zh';
  const planId = usePlanId();
  const input = useMemo(() => milestoneChartInput(ms, period, issuedOn, lang), [ms, period, issuedOn, lang]);
  const option = useMemo(() => buildMilestoneOption(input), [input]);
  const table = useMemo(() => milestoneTable(input), [input]);
  return (
    <Card
      size="small"
      title={
        <Flex gap="small" align="center">
          <span>
            {ms.code} {zh ? ms.task : ms.taskEn}
          </span>
          <StatusTag status={ms.evaluation.status} asOf={ms.evaluation.asOf} lang={lang} />
        </Flex>
      }
      extra={
        <span className="pm-no-print">
          <ChartExportMenu planId={planId} code={ms.code} period={period} lang={lang} />
        </span>
      }
    >
      <Typography.Paragraph>{zh ? ms.sentence : ms.sentenceEn}</Typography.Paragraph>
      <ChartOrTable option={option} table={table} label={zh ? ms.task : ms.taskEn} testId={`chart-${ms.code}`} />
    </Card>
  );
}
