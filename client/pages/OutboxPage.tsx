import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Flex, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { NOTICE_EVENT_INFO, type NoticeEvent } from '../../shared/notices';
import { LoadError, Loading } from '../App';
import { t, useLang } from '../i18n';
import { errorMessage } from '../session';
import { useTRPC } from '../trpc';

type Status = 'pending' | 'sent' | 'failed' | 'cancelled';
const STATUS: Record<Status, { zh: string; en: string; color: string }> = {
  pending: { zh: '待发送', en: 'Pending', color: 'blue' },
  sent: { zh: '已发送', en: 'Sent', color: 'green' },
  failed: { zh: '失败', en: 'Failed', color: 'red' },
  cancelled: { zh: '已取消', en: 'Cancelled', color: 'default' },
};
const CHANNEL: Record<string, string> = { email: '邮件', wecom: '企业微信', dingtalk: '钉钉', feishu: '飞书' };

/** 发送队列 (administrators): every notice with its status and last error; retry or cancel. */
export default function OutboxPage() {
  const lang = useLang();
  const zh = lang === 'zh';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [status, setStatus] = useState<Status | 'all'>('all');
  const outbox = useQuery({
    ...trpc.notices.outbox.queryOptions(status === 'all' ? {} : { status }),
    refetchInterval: 10_000,
  });
  const after = {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.notices.outbox.queryKey() }),
    onError: (err: unknown) => void message.error(errorMessage(err, zh ? '操作失败' : 'Failed')),
  };
  const retry = useMutation(trpc.notices.retry.mutationOptions(after));
  const cancel = useMutation(trpc.notices.cancel.mutationOptions(after));
  if (outbox.isPending) return <Loading lang={lang} />;
  if (outbox.isError) return <LoadError lang={lang} retry={() => void outbox.refetch()} error={outbox.error} />;
  const counts = outbox.data.counts;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('outboxTitle', lang)}
      </Typography.Title>
      <Segmented
        value={status}
        onChange={(v) => setStatus(v as Status | 'all')}
        options={[
          { value: 'all', label: zh ? '全部' : 'All' },
          ...(Object.keys(STATUS) as Status[]).map((s) => ({
            value: s,
            label: `${STATUS[s][lang]} ${counts[s] ?? 0}`,
          })),
        ]}
      />
      <Table
        data-testid="outbox"
        size="small"
        rowKey="id"
        dataSource={outbox.data.rows}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: '#', dataIndex: 'id', width: 60 },
          {
            title: zh ? '状态' : 'Status',
            dataIndex: 'status',
            render: (s: Status) => <Tag color={STATUS[s].color}>{STATUS[s][lang]}</Tag>,
          },
          {
            title: zh ? '通知' : 'Notice',
            dataIndex: 'event',
            render: (e: string) => NOTICE_EVENT_INFO[e as NoticeEvent]?.[lang] ?? e,
          },
          { title: zh ? '渠道' : 'Channel', dataIndex: 'channel', render: (c: string) => CHANNEL[c] ?? c },
          { title: zh ? '收件人' : 'To', dataIndex: 'recipient' },
          { title: zh ? '标题' : 'Subject', dataIndex: 'subject' },
          { title: zh ? '尝试' : 'Tries', dataIndex: 'attempts', width: 60 },
          {
            title: zh ? '最近错误' : 'Last error',
            dataIndex: 'lastError',
            render: (e: string | null) => (e ? <Typography.Text type="danger">{e}</Typography.Text> : '—'),
          },
          {
            key: 'actions',
            render: (_v, row) =>
              row.status === 'sent' ? null : (
                <Flex gap="small">
                  <Button size="small" onClick={() => retry.mutate({ id: row.id })}>
                    {zh ? '重试' : 'Retry'}
                  </Button>
                  {row.status !== 'cancelled' && (
                    <Button size="small" danger onClick={() => cancel.mutate({ id: row.id })}>
                      {zh ? '取消' : 'Cancel'}
                    </Button>
                  )}
                </Flex>
              ),
          },
        ]}
      />
    </Space>
  );
}
