import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  ConfigProvider,
  Flex,
  Layout,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { formatPeriod } from '../shared/format';
import { periodRange } from '../shared/period';
import { statuses, type Status } from '../shared/status';
import { STATUS_STYLE, statusLabel } from '../shared/status-style';
import { t, type Lang } from './i18n';
import { useTRPC, type RouterOutputs } from './trpc';
import { useUrlParam } from './url-state';

type PlanStatus = RouterOutputs['status']['forPeriod'];
type Tree = RouterOutputs['plan']['tree'];

export function App() {
  const [langParam, setLang] = useUrlParam('lang');
  const lang: Lang = langParam === 'en' ? 'en' : 'zh';
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS}>
      <AntApp>
        <Layout style={{ minHeight: '100vh' }}>
          <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
            <Typography.Title level={3} style={{ color: '#fff', margin: 0 }}>
              {t('appName', lang)}
            </Typography.Title>
            <Button onClick={() => setLang(lang === 'zh' ? 'en' : null)}>{t('switchLang', lang)}</Button>
          </Layout.Header>
          <Layout.Content style={{ padding: 24, maxWidth: 1200, width: '100%', margin: '0 auto' }}>
            <PlanPage lang={lang} />
          </Layout.Content>
        </Layout>
      </AntApp>
    </ConfigProvider>
  );
}

function PlanPage({ lang }: { lang: Lang }) {
  const trpc = useTRPC();
  const plans = useQuery(trpc.plan.list.queryOptions());
  if (plans.isPending) return <Spin tip={t('loading', lang)} />;
  if (plans.isError) return <LoadError lang={lang} retry={() => void plans.refetch()} />;
  const plan = plans.data[0];
  if (!plan) return <Alert type="info" title={t('noPlan', lang)} />;
  return <PlanStatusView planId={plan.id} lang={lang} />;
}

function LoadError({ lang, retry }: { lang: Lang; retry: () => void }) {
  return (
    <Alert
      type="error"
      title={t('loadFailed', lang)}
      action={
        <Button size="small" onClick={retry}>
          {t('retry', lang)}
        </Button>
      }
    />
  );
}

function PlanStatusView({ planId, lang }: { planId: string; lang: Lang }) {
  const trpc = useTRPC();
  const [periodParam, setPeriod] = useUrlParam('period');
  const period = periodParam && /^\d{4}-\d{2}$/.test(periodParam) ? periodParam : undefined;
  const tree = useQuery(trpc.plan.tree.queryOptions({ planId }));
  const status = useQuery({
    ...trpc.status.forPeriod.queryOptions({ planId, period }),
    placeholderData: (previous) => previous,
  });

  if (tree.isPending || status.isPending) return <Spin tip={t('loading', lang)} />;
  if (tree.isError || status.isError)
    return <LoadError lang={lang} retry={() => void Promise.all([tree.refetch(), status.refetch()])} />;

  const { plan, sections } = tree.data;
  const data = status.data;
  const months = periodRange(data.periods[0] ?? data.period, plan.validTo.slice(0, 7));
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={2} style={{ marginBottom: 4 }}>
          {lang === 'zh' ? plan.title : plan.titleEn}
        </Typography.Title>
        <Typography.Text type="secondary">
          {lang === 'zh' ? plan.issuer : plan.issuerEn} · {plan.docNumber}
        </Typography.Text>
      </div>
      <Flex gap="middle" align="center" wrap>
        <label htmlFor="period-select">{t('reportPeriod', lang)}</label>
        <Select
          id="period-select"
          data-testid="period-select"
          style={{ width: 180 }}
          value={data.period}
          onChange={(value: string) => setPeriod(value)}
          options={months.map((p) => ({ value: p, label: formatPeriod(p, lang) }))}
        />
        {status.isFetching && <Spin size="small" />}
        {data.demo && (
          <Tag color="orange" data-testid="demo-banner">
            {t('demo', lang)}
          </Tag>
        )}
      </Flex>
      {data.demo && <Alert type="warning" showIcon title={t('demoNote', lang)} />}
      <Counts data={data} lang={lang} />
      {sections.map((section) => (
        <SectionCard key={section.no} section={section} data={data} lang={lang} />
      ))}
    </Space>
  );
}

function countStatuses(items: { evaluation: { status: Status } }[]) {
  const counts = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<Status, number>;
  for (const item of items) counts[item.evaluation.status]++;
  return counts;
}

function Counts({ data, lang }: { data: PlanStatus; lang: Lang }) {
  const groups = [
    { key: 'indicators', label: t('indicators', lang), counts: countStatuses(data.indicators) },
    { key: 'milestones', label: t('milestones', lang), counts: countStatuses(data.milestones) },
  ];
  return (
    <Flex gap="large" wrap>
      {groups.map((g) => (
        <Card key={g.key} size="small" title={g.label} data-testid={`counts-${g.key}`} style={{ minWidth: 320 }}>
          <Flex gap="small" wrap>
            {statuses.map((s) => (
              <StatusTag key={s} status={s} lang={lang} count={g.counts[s]} />
            ))}
          </Flex>
        </Card>
      ))}
    </Flex>
  );
}

function StatusTag({ status, lang, count }: { status: Status; lang: Lang; count?: number }) {
  const style = STATUS_STYLE[status];
  return (
    <Tag color={style.color} data-status={status} data-count={count} style={{ marginInlineEnd: 0 }}>
      {style.symbol} {statusLabel(status, lang)}
      {count !== undefined && ` ${count}`}
    </Tag>
  );
}

function SectionCard({ section, data, lang }: { section: Tree['sections'][number]; data: PlanStatus; lang: Lang }) {
  const zh = lang === 'zh';
  return (
    <Card
      title={zh ? `${'一二三四五六七八九十'[section.no - 1]}、${section.title}` : `${section.no}. ${section.titleEn}`}
    >
      {section.subsections.map((sub) => (
        <div key={sub.no} style={{ marginBottom: 16 }}>
          <Typography.Title level={5}>
            {zh ? `（${'一二三四五六七八九十'[sub.no - 1]}）${sub.title}` : sub.titleEn}
          </Typography.Title>
          {sub.measures.map((m) => {
            const status = data.measures.find((x) => x.no === m.no)?.status ?? 'no_data';
            const items = [
              ...data.indicators.filter((i) => i.measureNo === m.no),
              ...data.milestones.filter((i) => i.measureNo === m.no),
            ];
            const lead = m.units[0];
            return (
              <div
                key={m.no}
                data-testid={`measure-${m.no}`}
                data-status={status}
                style={{ borderTop: '1px solid #f0f0f0', padding: '8px 0' }}
              >
                <Flex gap="small" align="baseline" wrap>
                  <Typography.Text strong>
                    {m.no}. {zh ? m.title : m.titleEn}
                  </Typography.Text>
                  <StatusTag status={status} lang={lang} />
                  {lead && (
                    <Typography.Text type="secondary">
                      {t('leadUnit', lang)}：{zh ? lead.name : lead.nameEn}
                    </Typography.Text>
                  )}
                </Flex>
                <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                  {items.map((item) => (
                    <li key={item.code} data-testid={`item-${item.code}`} data-status={item.evaluation.status}>
                      <Typography.Text>
                        <span style={{ color: STATUS_STYLE[item.evaluation.status].color }}>
                          {STATUS_STYLE[item.evaluation.status].symbol}
                        </span>{' '}
                        {zh ? item.sentence : item.sentenceEn}
                      </Typography.Text>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </div>
      ))}
    </Card>
  );
}
