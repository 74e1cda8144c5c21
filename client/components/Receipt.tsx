// A receipt (回执) as the statistician reads and prints it: right after a commit (upload or web
// form), on its own page (/receipts/<id>), and under each submission on 我的报送.
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { formatNumber, formatPeriod } from '../../shared/format';
import {
  ITEM_STATE_LABEL,
  beijingTime,
  receiptCountsText,
  receiptSourceText,
  receiptState,
  type ItemState,
} from '../../shared/receipt';
import { MILESTONE_STATE_LABEL } from '../../shared/status-style';
import type { MilestoneState } from '../../shared/status';
import { LoadError, Loading, useKeptSearch } from '../App';
import { t, type Lang } from '../i18n';
import { useTRPC, type RouterOutputs } from '../trpc';

export type ReceiptData = RouterOutputs['receipts']['get'];
type Item = ReceiptData['items'][number];

const STATE_COLOR: Record<ItemState, string> = {
  submitted: 'gold',
  approved: 'green',
  returned: 'red',
  superseded: 'default',
};

export function ItemStateTag({ state, lang }: { state: ItemState; lang: Lang }) {
  return (
    <Tag color={STATE_COLOR[state]} data-state={state}>
      {ITEM_STATE_LABEL[state][lang]}
    </Tag>
  );
}

function oldToNew(i: Item, lang: Lang) {
  if (i.kind === 'milestone') {
    const label = (s: string | null) => (s === null ? '—' : (MILESTONE_STATE_LABEL[s as MilestoneState]?.[lang] ?? s));
    return `${label(i.oldState)} → ${label(i.newState)}`;
  }
  const n = (v: number | null) => (v === null ? '—' : formatNumber(v, 6));
  return `${n(i.oldValue)} → ${n(i.newValue)}${i.unit ? ` ${i.unit}` : ''}`;
}

/** The items of a receipt with their review state now and, when returned, the approver's comment. */
export function ReceiptItems({ receipt, lang }: { receipt: ReceiptData; lang: Lang }) {
  return (
    <Table<Item>
      size="small"
      pagination={receipt.items.length > 50 ? { pageSize: 50 } : false}
      rowKey={(i) => `${i.kind}:${i.code}:${i.series ?? ''}:${i.period}`}
      dataSource={receipt.items}
      data-testid="receipt-items"
      columns={[
        { title: t('code', lang), dataIndex: 'code', width: 90 },
        { title: t('receiptItem', lang), dataIndex: 'name' },
        { title: t('units', lang), dataIndex: 'unitName', width: 120 },
        { title: t('reportPeriod', lang), key: 'period', width: 100, render: (_v, i) => formatPeriod(i.period, lang) },
        { title: t('receiptOldNew', lang), key: 'change', render: (_v, i) => oldToNew(i, lang) },
        {
          title: t('receiptState', lang),
          key: 'state',
          width: 100,
          render: (_v, i) => <ItemStateTag state={i.state} lang={lang} />,
        },
        {
          title: t('receiptComment', lang),
          key: 'comment',
          render: (_v, i) =>
            i.comment ? (
              <Typography.Text type="danger" data-testid="return-comment">
                {i.comment}
                {i.reviewedBy ? `（${i.reviewedBy}）` : ''}
              </Typography.Text>
            ) : null,
        },
      ]}
    />
  );
}

/** Print only the receipt, wherever it sits on the page (global.css, `pm-printing-receipt`). */
function printReceipt() {
  document.body.classList.add('pm-printing-receipt');
  window.addEventListener('afterprint', () => document.body.classList.remove('pm-printing-receipt'), { once: true });
  window.print();
}

/** The receipt's header lines, the same wording as its .xlsx (shared/receipt.ts). */
export function ReceiptCard({ receipt, lang, linked }: { receipt: ReceiptData; lang: Lang; linked?: boolean }) {
  const keep = useKeptSearch();
  const r = receipt;
  return (
    <Card
      size="small"
      className="pm-receipt"
      data-testid="receipt"
      title={`${t('receiptTitle', lang)} · ${formatPeriod(r.period, lang)}`}
      extra={
        <Flex gap="small" className="pm-no-print" wrap>
          {linked && <Link to={`/receipts/${r.id}${keep}`}>{t('receiptOpen', lang)}</Link>}
          <Button size="small" onClick={printReceipt} data-testid="receipt-print">
            {t('receiptPrint', lang)}
          </Button>
          <a href={`/api/receipts/${r.id}.xlsx`} download data-testid="receipt-xlsx">
            {t('receiptXlsx', lang)}
          </a>
        </Flex>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label={t('receiptNo', lang)}>{r.id}</Descriptions.Item>
        <Descriptions.Item label={t('receiptState', lang)}>
          <span data-testid="receipt-state">{receiptState(r.pending, lang)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('reportPeriod', lang)}>{formatPeriod(r.period, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('receiptUnits', lang)}>{r.units.join('、')}</Descriptions.Item>
        <Descriptions.Item label={t('receiptBy', lang)}>
          {r.submittedBy.displayName}（{r.submittedBy.username}）
        </Descriptions.Item>
        <Descriptions.Item label={t('receiptAt', lang)}>{beijingTime(r.createdAt, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('receiptSource', lang)} span={2}>
          <span data-testid="receipt-source" style={{ wordBreak: 'break-all' }}>
            {receiptSourceText(r, lang)}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('receiptCounts', lang)} span={2}>
          <span data-testid="receipt-counts">{receiptCountsText(r, lang)}</span>
        </Descriptions.Item>
        {r.reason && (
          <Descriptions.Item label={t('reason', lang)} span={2}>
            {r.reason}
          </Descriptions.Item>
        )}
      </Descriptions>
      <div style={{ marginTop: 12 }}>
        <ReceiptItems receipt={r} lang={lang} />
        {r.itemCount > r.items.length && (
          <Typography.Text type="secondary">
            {t('receiptMore', lang)
              .replace('{n}', formatNumber(r.itemCount))
              .replace('{listed}', formatNumber(r.items.length))}
          </Typography.Text>
        )}
      </div>
    </Card>
  );
}

/** Load and show one receipt. */
export function Receipt({ id, lang, linked }: { id: string; lang: Lang; linked?: boolean }) {
  const trpc = useTRPC();
  const receipt = useQuery(trpc.receipts.get.queryOptions({ id }));
  if (receipt.isPending) return <Loading lang={lang} />;
  if (receipt.isError)
    return receipt.error.data?.code === 'NOT_FOUND' ? (
      <Alert type="warning" showIcon title={receipt.error.message} />
    ) : (
      <LoadError lang={lang} retry={() => void receipt.refetch()} error={receipt.error} />
    );
  return <ReceiptCard receipt={receipt.data} lang={lang} linked={linked} />;
}
