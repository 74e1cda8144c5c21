import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { formatPeriod, formatQuantity } from '../../shared/format';
import { LoadError, Loading, useKeptSearch, usePlanId } from '../App';
import { t, useLang } from '../i18n';
import { errorMessage, useMe } from '../session';
import { useTRPC } from '../trpc';
import { ScrollTable } from '../components/ScrollTable';

/** Every value an indicator ever had: who changed it, when, why, from which file; admins can revert. */
export default function HistoryPage() {
  const lang = useLang();
  const zh = lang === 'zh';
  const planId = usePlanId();
  const code = useParams().code ?? '';
  const keep = useKeptSearch();
  const trpc = useTRPC();
  const me = useMe();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const history = useQuery({ ...trpc.history.indicator.queryOptions({ planId, code }), enabled: !!me.data });
  const [reverting, setReverting] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const revert = useMutation(
    trpc.history.revert.mutationOptions({
      onSuccess: async () => {
        setReverting(null);
        setReason('');
        await queryClient.invalidateQueries();
        void message.success(t('saved', lang));
      },
      onError: (err) => void message.error(errorMessage(err, t('saveFailed', lang))),
    }),
  );
  if (me.isPending) return <Loading lang={lang} />;
  if (!me.data) return <Alert type="info" showIcon title={t('loginToSeeHistory', lang)} />;
  if (history.isPending) return <Loading lang={lang} />;
  if (history.isError && history.error.data?.code === 'FORBIDDEN')
    return <Alert type="warning" showIcon title={errorMessage(history.error, t('loadFailed', lang))} />;
  if (history.isError) return <LoadError lang={lang} retry={() => void history.refetch()} error={history.error} />;
  const h = history.data;
  const unit = zh ? h.unit : h.unitEn;
  const value = (v: number | null) => (v === null ? '—' : formatQuantity(v, unit, lang));
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Link to={`/${keep}`}>← {t('back', lang)}</Link>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('historyTitle', lang)}：{h.code} {zh ? h.name : h.nameEn}
      </Typography.Title>
      <ScrollTable
        label={t('historyTitle', lang)}
        data-testid="history-table"
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={[...h.revisions].reverse()}
        columns={[
          {
            title: t('changedAt', lang),
            dataIndex: 'changedAt',
            render: (v: string) => v.replace('T', ' ').slice(0, 19),
          },
          { title: t('reportPeriod', lang), dataIndex: 'period', render: (p: string) => formatPeriod(p, lang) },
          {
            title: t('series', lang),
            dataIndex: 'series',
            render: (s: string) => (s === 'value' ? '' : s.toUpperCase()),
          },
          { title: t('change', lang), key: 'change', render: (_v, r) => `${value(r.oldValue)} → ${value(r.newValue)}` },
          { title: t('reason', lang), dataIndex: 'reason' },
          {
            title: t('source', lang),
            key: 'source',
            render: (_v, r) => (
              <span>
                <Tag>{t(`source_${r.source}`, lang)}</Tag>
                {r.fileName}
                {r.revertOf ? ` ${t('revertOf', lang)} #${r.revertOf}` : ''}
              </span>
            ),
          },
          { title: t('reportedBy', lang), key: 'by', render: (_v, r) => r.changedByName ?? r.changedBy ?? '' },
          ...(me.data.role === 'admin'
            ? [
                {
                  title: t('actions', lang),
                  key: 'revert',
                  render: (_v: unknown, r: (typeof h.revisions)[number]) =>
                    r.oldValue === null ? null : (
                      <Button size="small" onClick={() => setReverting(r.id)}>
                        {t('revert', lang)}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={reverting !== null}
        title={t('revert', lang)}
        onCancel={() => setReverting(null)}
        okButtonProps={{ disabled: !reason.trim(), loading: revert.isPending }}
        onOk={() => reverting !== null && revert.mutate({ planId, revisionId: reverting, reason })}
      >
        <Input.TextArea
          aria-label={t('reason', lang)}
          placeholder={t('reason', lang)}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Space>
  );
}
