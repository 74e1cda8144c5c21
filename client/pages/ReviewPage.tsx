import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Flex, Input, Modal, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { formatNumber, formatPeriod } from '../../shared/format';
import { MILESTONE_STATE_LABEL, statusLabel } from '../../shared/status-style';
import { milestoneStates } from '../../shared/status';
import { LoadError, Loading, usePlanId } from '../App';
import { t, useLang } from '../i18n';
import { errorMessage, useMe } from '../session';
import { useTRPC, type RouterOutputs } from '../trpc';
import { ScrollTable } from '../components/ScrollTable';

type Queue = RouterOutputs['review']['queue'];
type Item = { kind: 'figure' | 'milestone'; id: number; reportedAt: string };

export default function ReviewPage() {
  const lang = useLang();
  const zh = lang === 'zh';
  const planId = usePlanId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const queue = useQuery(trpc.review.queue.queryOptions({ planId }));
  const [selected, setSelected] = useState<Item[]>([]);
  /** The rows a return applies to: the selection, or the one row whose 退回 was clicked. */
  const [returning, setReturning] = useState<Item[] | null>(null);
  const [comment, setComment] = useState('');
  const done = async () => {
    setSelected([]);
    setReturning(null);
    setComment('');
    await queryClient.invalidateQueries();
    void message.success(t('saved', lang));
  };
  const onError = (err: unknown) => void message.error(errorMessage(err, t('saveFailed', lang)));
  const approve = useMutation(trpc.review.approve.mutationOptions({ onSuccess: done, onError }));
  const giveBack = useMutation(trpc.review.return.mutationOptions({ onSuccess: done, onError }));
  const me = useMe();
  const setting = useMutation(trpc.review.setApprovalRequired.mutationOptions({ onSuccess: done, onError }));

  if (queue.isPending) return <Loading lang={lang} />;
  if (queue.isError) return <LoadError lang={lang} retry={() => void queue.refetch()} error={queue.error} />;
  const data: Queue = queue.data;
  const stateName = (s: string | null) => {
    const known = milestoneStates.find((x) => x === s);
    return known ? MILESTONE_STATE_LABEL[known][lang] : '—';
  };
  const rows = [
    ...data.figures.map((f) => ({
      key: `figure-${f.id}`,
      item: { kind: 'figure' as const, id: f.id, reportedAt: f.reportedAt },
      code: f.code,
      name: `${zh ? f.name : f.nameEn}${f.seriesName ? `（${zh ? f.seriesName : f.seriesNameEn}）` : ''}`,
      period: f.period,
      unit: f.reportingUnit.name,
      previous: f.previous
        ? `${formatNumber(f.previous.value)} ${zh ? f.unit : f.unitEn}（${formatPeriod(f.previous.period, lang)}）`
        : '—',
      change: `${formatNumber(f.value)} ${zh ? f.unit : f.unitEn}${
        f.approvedValue !== null && f.approvedValue !== f.value
          ? `（${zh ? '原' : 'was'} ${formatNumber(f.approvedValue)}）`
          : ''
      }`,
      target: zh ? f.target : f.targetEn,
      progress: `${f.taskProgress === null ? '—' : `${formatNumber(f.taskProgress, 1)}%`} / ${
        f.timeProgress === null ? '—' : `${formatNumber(f.timeProgress, 1)}%`
      } · ${statusLabel(f.status, lang)}`,
      note: [
        f.note,
        f.reason && `${t('reason', lang)}：${f.reason}`,
        ...f.warnings.map((w) => `⚠ ${zh ? w.message : w.messageEn}`),
      ]
        .filter(Boolean)
        .join('；'),
      by: f.reportedByName ?? f.reportedBy ?? '',
    })),
    ...data.milestones.map((m) => ({
      key: `milestone-${m.id}`,
      item: { kind: 'milestone' as const, id: m.id, reportedAt: m.reportedAt },
      code: m.code,
      name: zh ? m.task : m.taskEn,
      period: m.period,
      unit: m.reportingUnit.name,
      previous: stateName(m.approvedState),
      change: stateName(m.state),
      target: m.deadline,
      progress: '',
      note: [m.note, m.reason && `${t('reason', lang)}：${m.reason}`].filter(Boolean).join('；'),
      by: m.reportedByName ?? m.reportedBy ?? '',
    })),
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('reviewTitle', lang)}
      </Typography.Title>
      {me.data?.role === 'admin' && (
        <Flex gap="small" align="center">
          <Switch
            checked={data.approvalRequired}
            loading={setting.isPending}
            aria-label={t('approvalRequired', lang)}
            onChange={(required) => setting.mutate({ planId, required })}
          />
          <span>{t('approvalRequired', lang)}</span>
        </Flex>
      )}
      {!data.approvalRequired && <Alert type="info" showIcon title={t('approvalOff', lang)} />}
      <Card size="small">
        <Space style={{ marginBottom: 12 }}>
          <Button
            type="primary"
            data-testid="approve"
            disabled={selected.length === 0}
            loading={approve.isPending}
            onClick={() => approve.mutate({ planId, items: selected })}
          >
            {t('approve', lang)}
          </Button>
          <Button danger disabled={selected.length === 0} onClick={() => setReturning(selected)}>
            {t('giveBack', lang)}
          </Button>
        </Space>
        <ScrollTable
          label={t('reviewTitle', lang)}
          data-testid="review-table"
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={rows}
          locale={{ emptyText: t('queueEmpty', lang) }}
          rowSelection={{
            selectedRowKeys: selected.map((i) => `${i.kind}-${i.id}`),
            onChange: (_keys, picked) => setSelected(picked.map((r) => r.item)),
            // antd names its checkboxes in English ("Select row 1"); these name the row's item.
            getCheckboxProps: (r) => ({
              'aria-label': t('selectItem', lang).replace('{item}', `${r.code} ${formatPeriod(r.period, lang)}`),
            }),
          }}
          columns={[
            { title: t('code', lang), dataIndex: 'code', width: 90 },
            { title: t('indicator', lang), dataIndex: 'name' },
            { title: t('reportPeriod', lang), key: 'period', render: (_v, r) => formatPeriod(r.period, lang) },
            { title: t('units', lang), dataIndex: 'unit' },
            { title: t('previousFigure', lang), dataIndex: 'previous' },
            { title: t('newFigure', lang), dataIndex: 'change' },
            { title: t('target', lang), dataIndex: 'target' },
            { title: t('progressWithNew', lang), dataIndex: 'progress' },
            { title: t('checksAndReason', lang), dataIndex: 'note' },
            { title: t('reportedBy', lang), dataIndex: 'by' },
            {
              title: t('decide', lang),
              key: 'decide',
              render: (_v, r) => (
                <Space size={4}>
                  <Button
                    size="small"
                    data-testid={`approve-${r.code}`}
                    onClick={() => approve.mutate({ planId, items: [r.item] })}
                  >
                    {t('approveOne', lang)}
                  </Button>
                  <Button size="small" danger data-testid={`return-${r.code}`} onClick={() => setReturning([r.item])}>
                    {t('giveBack', lang)}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={returning !== null}
        title={t('giveBack', lang)}
        onCancel={() => setReturning(null)}
        okButtonProps={{
          disabled: !comment.trim(),
          loading: giveBack.isPending,
          ...{ 'data-testid': 'return-confirm' },
        }}
        onOk={() => returning && giveBack.mutate({ planId, items: returning, comment })}
      >
        <Input.TextArea
          aria-label={t('reviewComment', lang)}
          placeholder={t('reviewComment', lang)}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          rows={3}
        />
      </Modal>
    </Space>
  );
}
