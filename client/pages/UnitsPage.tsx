import { useQuery } from '@tanstack/react-query';
import { Flex, Space, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { formatPercent } from '../../shared/format';
import { statuses } from '../../shared/status';
import { LoadError, Loading, useKeptSearch, usePlanId } from '../App';
import { PeriodBar, usePeriodParam } from '../components/PeriodBar';
import { StatusTag } from '../components/StatusTag';
import { t, useLang } from '../i18n';
import { useTRPC } from '../trpc';

export default function UnitsPage() {
  const lang = useLang();
  const zh = lang === 'zh';
  const planId = usePlanId();
  const period = usePeriodParam();
  const keep = useKeptSearch();
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.board.units.queryOptions({ planId, period }), placeholderData: (p) => p });
  const tree = useQuery(trpc.plan.tree.queryOptions({ planId }));
  if (query.isPending || tree.isPending) return <Loading lang={lang} />;
  if (query.isError || tree.isError) return <LoadError lang={lang} retry={() => void query.refetch()} />;
  const data = query.data;
  const measureLink = (no: number) => (
    <Link key={no} to={`/measures/${no}${keep}`} style={{ marginInlineEnd: 6 }}>
      {no}
    </Link>
  );
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('unitsView', lang)}</Typography.Title>
      <PeriodBar
        lang={lang}
        period={data.period}
        periods={data.periods}
        corrected={data.corrected}
        demo={data.demo}
        fetching={query.isFetching}
      />
      <Typography.Text type="secondary">{t('ranking', lang)}</Typography.Text>
      <Table
        data-testid="units-table"
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={data.units}
        columns={[
          { title: '#', key: 'rank', width: 48, render: (_v, _r, i) => i + 1 },
          { title: t('units', lang), key: 'name', render: (_v, u) => (zh ? u.name : u.nameEn) },
          {
            title: t('laggingShare', lang),
            key: 'share',
            width: 110,
            render: (_v, u) => `${formatPercent(u.laggingShare * 100)}%`,
          },
          {
            title: t('leads', lang),
            key: 'leads',
            render: (_v, u) => u.leads.map(measureLink),
          },
          {
            title: t('supports', lang),
            key: 'supports',
            render: (_v, u) => u.supports.map(measureLink),
          },
          {
            title: t('indicators', lang) + ' / ' + t('milestones', lang),
            key: 'counts',
            render: (_v, u) => (
              <Flex gap={4} wrap>
                {statuses
                  .filter((s) => (u.counts[s] ?? 0) > 0)
                  .map((s) => (
                    <StatusTag key={s} status={s} lang={lang} count={u.counts[s]} />
                  ))}
              </Flex>
            ),
          },
        ]}
      />
    </Space>
  );
}
