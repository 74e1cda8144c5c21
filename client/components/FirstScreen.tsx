// The top of 总览: how we are doing this month, in five seconds. Headline counts with the change
// since last month, the progress chart (lazy: it brings ECharts), and the red list. The wall mode
// shows the same pieces in its dark theme.
import { Button, Flex, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { TREND_SYMBOL, redMeasure, trendLabel, type RedItem } from '../../shared/board/first-screen';
import { formatPeriod } from '../../shared/format';
import { statuses, type Status } from '../../shared/status';
import { STATUS_STYLE } from '../../shared/status-style';
import { useKeptSearch } from '../App';
import { t, type Lang } from '../i18n';
import type { RouterOutputs } from '../trpc';
import { Panel } from './Panel';
import { StatusTag } from './StatusTag';

/** The chart's module (it brings ECharts): loaded when first shown, or earlier by loadProgressChart(). */
export const loadProgressChart = () => import('../charts/ProgressChart');
const ProgressChart = lazy(loadProgressChart);

export type FirstScreenData = RouterOutputs['firstScreen']['get'];

const RED_SHOWN = 8;

/** Statuses in the engine's order, then any it added that this page does not know yet. */
function shownStatuses(counts: Record<string, number>): Status[] {
  const extra = Object.keys(counts).filter((s) => !(statuses as readonly string[]).includes(s));
  return [...statuses, ...(extra as Status[])].filter((s) => (counts[s] ?? 0) > 0);
}

export function Headline({ data, lang, dark = false }: { data: FirstScreenData; lang: Lang; dark?: boolean }) {
  const zh = lang === 'zh';
  const groups = [
    ['indicators', data.indicators],
    ['milestones', data.milestones],
  ] as const;
  const text = dark ? { color: '#f0f0f0' } : undefined;
  return (
    <Flex gap="middle" wrap data-testid="headline">
      {groups.map(([group, counts]) => {
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        return (
          <Panel key={group} size="small" style={{ flex: '1 1 260px', minWidth: 0 }} data-testid={`headline-${group}`}>
            <Typography.Text strong style={text}>
              {t(group, lang)} <span style={{ fontSize: '1.6em' }}>{total}</span>
            </Typography.Text>
            <Flex gap={6} wrap style={{ marginTop: 6 }}>
              {shownStatuses(counts).map((s) => (
                <StatusTag key={s} status={s} lang={lang} count={counts[s]} />
              ))}
            </Flex>
          </Panel>
        );
      })}
      <Panel size="small" style={{ flex: '1 1 200px', minWidth: 0 }} data-testid="headline-change">
        <Typography.Text strong style={text}>
          {data.previousPeriod
            ? zh
              ? `较${formatPeriod(data.previousPeriod, lang)}`
              : `Since ${formatPeriod(data.previousPeriod, lang)}`
            : t('noPreviousMonth', lang)}
        </Typography.Text>
        <Flex gap="large" wrap style={{ marginTop: 6 }}>
          <span data-testid="newly-behind" data-count={data.newlyBehind.length} style={text}>
            {STATUS_STYLE.behind.symbol} {t('newlyBehind', lang)}{' '}
            <strong style={{ fontSize: '1.6em' }}>{data.newlyBehind.length}</strong>
          </span>
          <span data-testid="newly-achieved" data-count={data.newlyAchieved.length} style={text}>
            {STATUS_STYLE.achieved.symbol} {t('newlyAchieved', lang)}{' '}
            <strong style={{ fontSize: '1.6em' }}>{data.newlyAchieved.length}</strong>
          </span>
        </Flex>
      </Panel>
    </Flex>
  );
}

export function RedRow({ item, lang, dark = false }: { item: RedItem; lang: Lang; dark?: boolean }) {
  const zh = lang === 'zh';
  const keep = useKeptSearch();
  const ink = dark ? '#f0f0f0' : undefined;
  return (
    <li data-testid={`red-${item.code}`} data-status={item.status} style={{ padding: '6px 0', listStyle: 'none' }}>
      <Flex gap="small" align="baseline" wrap>
        <StatusTag status={item.status} lang={lang} />
        <Link
          to={`/measures/${item.measureNo}${keep}`}
          style={dark ? { color: '#91caff' } : undefined}
          className="pm-tap"
        >
          {item.code} {zh ? item.name : item.nameEn}
        </Link>
        {item.lead && (
          <span style={{ color: ink ?? 'rgba(0,0,0,0.65)' }}>
            {t('leadUnit', lang)}
            {zh ? '：' : ': '}
            {zh ? item.lead.name : item.lead.nameEn}
          </span>
        )}
        <strong style={{ color: ink }}>{redMeasure(item, lang)}</strong>
        <span title={trendLabel(item, lang)} aria-label={trendLabel(item, lang)} style={{ color: ink }}>
          {TREND_SYMBOL[item.trend]}
        </span>
      </Flex>
    </li>
  );
}

export function RedList({ items, lang }: { items: readonly RedItem[]; lang: Lang }) {
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, RED_SHOWN);
  return (
    <Panel
      size="small"
      data-testid="red-list"
      title={`${STATUS_STYLE.behind.symbol} ${t('redList', lang)}（${items.length}）`}
      headStyle={{ color: STATUS_STYLE.behind.color }}
    >
      {items.length === 0 ? (
        <Typography.Text>{t('nothingBehind', lang)}</Typography.Text>
      ) : (
        <ol style={{ margin: 0, padding: 0 }}>
          {shown.map((item) => (
            <RedRow key={item.code} item={item} lang={lang} />
          ))}
        </ol>
      )}
      {items.length > RED_SHOWN && (
        <Button className="pm-no-print" type="link" onClick={() => setAll(!all)} style={{ paddingInline: 0 }}>
          {all ? t('showFewer', lang) : `${t('showAll', lang)}（${items.length}）`}
        </Button>
      )}
    </Panel>
  );
}

export function FirstScreen({ data, lang, compact }: { data: FirstScreenData; lang: Lang; compact: boolean }) {
  return (
    <Flex vertical gap="middle" data-testid="first-screen">
      <Headline data={data} lang={lang} />
      <Flex gap="middle" wrap align="flex-start">
        <Panel
          size="small"
          title={t('progressChartTitle', lang)}
          style={{ flex: '2 1 520px', minWidth: 0 }}
          data-testid="progress-card"
        >
          <Suspense fallback={<div style={{ height: 320 }} />}>
            <ProgressChart items={data.progress} lang={lang} compact={compact} />
          </Suspense>
        </Panel>
        <div style={{ flex: '1 1 320px', minWidth: 0 }}>
          <RedList items={data.red} lang={lang} />
        </div>
      </Flex>
    </Flex>
  );
}
