import { useQuery } from '@tanstack/react-query';
import { Flex, Space, Typography } from 'antd';
import { Link } from 'react-router';
import type { RoleTally, UnitRank } from '../../shared/board/unit-ranking';
import { formatPercent } from '../../shared/format';
import { statuses } from '../../shared/status';
import { LoadError, Loading, useKeptSearch, usePlanId } from '../App';
import { PeriodBar, usePeriodParam } from '../components/PeriodBar';
import { StatusTag } from '../components/StatusTag';
import { t, useLang, type Lang } from '../i18n';
import { useTRPC } from '../trpc';
import { ScrollTable } from '../components/ScrollTable';

function Tally({ tally, lang }: { tally: RoleTally; lang: Lang }) {
  return (
    <Flex gap={4} wrap>
      {statuses
        .filter((s) => (tally.counts[s] ?? 0) > 0)
        .map((s) => (
          <StatusTag key={s} status={s} lang={lang} count={tally.counts[s]} />
        ))}
    </Flex>
  );
}

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
  const measureLinks = (nos: number[]) =>
    nos.map((no) => (
      <Link key={no} to={`/measures/${no}${keep}`} style={{ marginInlineEnd: 6 }}>
        {no}
      </Link>
    ));
  const name = { title: t('units', lang), key: 'name', render: (_v: unknown, u: UnitRank) => (zh ? u.name : u.nameEn) };
  const supported = {
    title: t('supportRole', lang),
    key: 'supports',
    render: (_v: unknown, u: UnitRank) => (
      <Space orientation="vertical" size={0}>
        <span>{measureLinks(u.supports)}</span>
        {u.supported.items > 0 && (
          <Typography.Text type="secondary" data-testid="supported-count">
            {`${t('laggingOf', lang)} ${u.supported.lagging} / ${u.supported.items}`}
          </Typography.Text>
        )}
      </Space>
    ),
  };
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
      <Typography.Text type="secondary" data-testid="ranking-rule">
        {t('ranking', lang)}
      </Typography.Text>
      <ScrollTable
        label={t('unitsView', lang)}
        data-testid="units-table"
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={data.ranked}
        columns={[
          { title: '#', key: 'rank', width: 48, render: (_v, _r, i) => i + 1 },
          name,
          {
            title: t('laggingLed', lang),
            key: 'share',
            width: 150,
            render: (_v, u) => (
              <span data-testid="led-count">
                {`${u.led.lagging} / ${u.led.items}`}
                <Typography.Text type="secondary">{`（${formatPercent(u.laggingShare * 100)}%）`}</Typography.Text>
              </span>
            ),
          },
          { title: t('leads', lang), key: 'leads', render: (_v, u) => measureLinks(u.leads) },
          { title: t('ledItems', lang), key: 'counts', render: (_v, u) => <Tally tally={u.led} lang={lang} /> },
          supported,
        ]}
      />
      {data.apart.length > 0 && (
        <>
          <Typography.Title level={4}>{t('leadsNothing', lang)}</Typography.Title>
          <ScrollTable
            label={t('leadsNothing', lang)}
            data-testid="units-apart"
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={data.apart}
            columns={[name, supported]}
          />
        </>
      )}
    </Space>
  );
}
