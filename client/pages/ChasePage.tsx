import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Card, Flex, Space, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { formatPeriod } from '../../shared/format';
import { dueMonth, isPeriod, maxPeriod, minPeriod, periodRange } from '../../shared/period';
import { LoadError, Loading, usePlanId } from '../App';
import { NativeSelect } from '../components/NativeSelect';
import { t, useLang } from '../i18n';
import { errorMessage } from '../session';
import { useTRPC } from '../trpc';
import { ScrollTable } from '../components/ScrollTable';

/** 催报: who has not reported what for a month, how late, and each unit's on-time rate. */
export default function ChasePage() {
  const lang = useLang();
  const zh = lang === 'zh';
  const planId = usePlanId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [params, setParams] = useSearchParams();
  const tree = useQuery(trpc.plan.tree.queryOptions({ planId }));
  // Months up to the one due by the server clock (never months whose reports cannot be late yet).
  const first = tree.data?.plan.issuedOn.slice(0, 7) ?? '2022-01';
  const last = tree.data
    ? maxPeriod(first, minPeriod(tree.data.plan.validTo.slice(0, 7), dueMonth(tree.data.today)))
    : '2022-12';
  const requested = params.get('period');
  const period = requested && isPeriod(requested) ? requested : last;
  const missing = useQuery(trpc.chase.missing.queryOptions({ planId, period }));
  const remind = useMutation(
    trpc.notices.remindNow.mutationOptions({
      onSuccess: (r) =>
        void message.success(t('reminded', lang).replace('{units}', String(r.units)).replace('{n}', String(r.notices))),
      onError: (err) => void message.error(errorMessage(err, t('loadFailed', lang))),
    }),
  );
  // Reminders are for the month due by the server's clock.
  const canRemind = period === last;
  const rates = useQuery(trpc.chase.onTimeRates.queryOptions({ planId, year: Number(period.slice(0, 4)) }));
  if (tree.isPending || missing.isPending || rates.isPending) return <Loading lang={lang} />;
  if (tree.isError || missing.isError || rates.isError)
    return (
      <LoadError
        lang={lang}
        retry={() => void Promise.all([missing.refetch(), rates.refetch()])}
        error={missing.error ?? rates.error}
      />
    );

  const download = async () => {
    try {
      const file = await queryClient.fetchQuery(trpc.chase.exportXlsx.queryOptions({ planId, period }));
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file.fileName;
      a.click();
      URL.revokeObjectURL(url);
    } catch (err) {
      void message.error(errorMessage(err, t('loadFailed', lang)));
    }
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('chaseTitle', lang)}
      </Typography.Title>
      <Flex gap="middle" align="center" wrap>
        <label htmlFor="chase-period">{t('reportPeriod', lang)}</label>
        <NativeSelect
          id="chase-period"
          value={period}
          width={160}
          onChange={(p) => {
            const next = new URLSearchParams(params);
            next.set('period', p);
            setParams(next, { replace: true });
          }}
          options={periodRange(first, last).map((p) => ({
            value: p,
            label: formatPeriod(p, lang),
          }))}
        />
        <Typography.Text type="secondary">
          {t('dueDate', lang)}：{missing.data.dueDate}
          {missing.data.overdueDays > 0 &&
            ` · ${t('overdueDays', lang).replace('{n}', String(missing.data.overdueDays))}`}
        </Typography.Text>
        <Button onClick={() => void download()} data-testid="chase-export">
          {t('exportXlsx', lang)}
        </Button>
        {canRemind && missing.data.units.length > 0 && (
          <Button onClick={() => remind.mutate({ planId })} loading={remind.isPending} data-testid="remind-all">
            {t('remindAll', lang)}
          </Button>
        )}
      </Flex>
      <Card size="small" title={t('notReported', lang)}>
        <ScrollTable
          label={t('notReported', lang)}
          data-testid="chase-missing"
          size="small"
          pagination={false}
          rowKey="unitCode"
          dataSource={missing.data.units}
          locale={{ emptyText: t('allReported', lang) }}
          columns={[
            { title: t('units', lang), dataIndex: 'unitName', width: 200 },
            ...(canRemind
              ? [
                  {
                    // A header for screen readers too (axe: empty-table-header).
                    title: t('remindNow', lang),
                    key: 'remind',
                    width: 80,
                    render: (_v: unknown, u: { unitCode: string }) => (
                      <Button size="small" onClick={() => remind.mutate({ planId, unitCodes: [u.unitCode] })}>
                        {t('remindNow', lang)}
                      </Button>
                    ),
                  },
                ]
              : []),
            {
              title: t('notReportedItems', lang),
              key: 'missing',
              render: (_v, u) => (
                <Flex gap={4} wrap>
                  {u.missing.map((m) => (
                    <Tag key={m.code} title={zh ? m.name : m.nameEn}>
                      {m.code}
                    </Tag>
                  ))}
                </Flex>
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('onTimeRanking', lang)}>
        <ScrollTable
          label={t('onTimeRanking', lang)}
          size="small"
          pagination={false}
          rowKey="unitCode"
          dataSource={rates.data.units}
          columns={[
            { title: '#', dataIndex: 'rank', width: 48 },
            { title: t('units', lang), dataIndex: 'unitName' },
            { title: t('onTimeRate', lang), dataIndex: 'rate', render: (r: number) => `${r.toFixed(1)}%` },
            {
              title: t('lateMonths', lang),
              dataIndex: 'late',
              render: (late: string[]) => late.map((p) => formatPeriod(p, lang)).join('、'),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
