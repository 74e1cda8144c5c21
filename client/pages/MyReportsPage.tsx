// 我的报送: every submission of the user (one receipt each), newest first, with each figure's
// review state now; returned figures show the approver's comment, and their receipts open first.
import { useQuery } from '@tanstack/react-query';
import { Collapse, Empty, Flex, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { formatPeriod } from '../../shared/format';
import { beijingTime, receiptCountsText, receiptSourceText, type ItemState } from '../../shared/receipt';
import { LoadError, Loading, useKeptSearch, usePlanId } from '../App';
import { ItemStateTag, ReceiptItems } from '../components/Receipt';
import { t, useLang } from '../i18n';
import { useTRPC } from '../trpc';

const STATES: ItemState[] = ['returned', 'submitted', 'approved', 'superseded'];

export default function MyReportsPage() {
  const lang = useLang();
  const trpc = useTRPC();
  const planId = usePlanId();
  const keep = useKeptSearch();
  const mine = useQuery(trpc.receipts.mine.queryOptions({ planId }));
  if (mine.isPending) return <Loading lang={lang} />;
  if (mine.isError) return <LoadError lang={lang} retry={() => void mine.refetch()} error={mine.error} />;
  const tally = (items: { state: ItemState }[]) =>
    STATES.map((s) => [s, items.filter((i) => i.state === s).length] as const).filter(([, n]) => n > 0);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('myReportsTitle', lang)}
      </Typography.Title>
      {mine.data.length === 0 ? (
        <Empty description={t('myReportsEmpty', lang)} />
      ) : (
        <Collapse
          data-testid="my-reports"
          defaultActiveKey={mine.data.filter((r) => r.items.some((i) => i.state === 'returned')).map((r) => r.id)}
          items={mine.data.map((r) => ({
            key: r.id,
            label: (
              <Flex gap="small" wrap align="center" data-testid="my-report">
                <Typography.Text strong>{formatPeriod(r.period, lang)}</Typography.Text>
                <Typography.Text type="secondary">{beijingTime(r.createdAt, lang)}</Typography.Text>
                <span>{r.source === 'upload' ? r.fileName : receiptSourceText(r, lang)}</span>
                <Typography.Text type="secondary">{receiptCountsText(r, lang)}</Typography.Text>
                {tally(r.items).map(([state, n]) => (
                  <span key={state}>
                    <ItemStateTag state={state} lang={lang} />
                    <Tag bordered={false}>{n}</Tag>
                  </span>
                ))}
              </Flex>
            ),
            children: (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Link to={`/receipts/${r.id}${keep}`}>{t('receiptOpen', lang)}</Link>
                <ReceiptItems receipt={r} lang={lang} />
              </Space>
            ),
          }))}
        />
      )}
    </Space>
  );
}
