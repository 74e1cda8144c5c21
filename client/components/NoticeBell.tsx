import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, Flex, List, Popover, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { t, type Lang } from '../i18n';
import { useTRPC } from '../trpc';

/** The header's bell: unread count, the latest notices, mark read. Polls each minute. */
export function NoticeBell({ lang, color = '#fff' }: { lang: Lang; color?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const inbox = useQuery({ ...trpc.notices.inbox.queryOptions(), refetchInterval: 60_000 });
  const markRead = useMutation(
    trpc.notices.markRead.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.notices.inbox.queryKey() }),
    }),
  );
  const unread = inbox.data?.unread ?? 0;
  const content = (
    <Flex vertical gap="small" style={{ width: 360, maxWidth: '80vw' }} data-testid="notice-list">
      {(inbox.data?.items.length ?? 0) === 0 ? (
        <Empty description={t('noNotices', lang)} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <List
          size="small"
          style={{ maxHeight: 400, overflowY: 'auto' }}
          dataSource={inbox.data?.items ?? []}
          renderItem={(item) => (
            <List.Item
              data-testid="notice-item"
              style={{ cursor: 'pointer', background: item.readAt ? undefined : '#e6f4ff', paddingInline: 8 }}
              onClick={() => {
                if (!item.readAt) markRead.mutate({ ids: [item.id] });
                setOpen(false);
                if (item.link) void navigate(item.link);
              }}
            >
              <List.Item.Meta
                title={<span style={{ fontWeight: item.readAt ? 400 : 600 }}>{item.title}</span>}
                description={
                  <>
                    <Typography.Paragraph style={{ whiteSpace: 'pre-line', margin: 0 }} ellipsis={{ rows: 4 }}>
                      {item.body}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {new Date(item.createdAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB')}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      <Flex justify="space-between">
        <Link to="/settings/notices" onClick={() => setOpen(false)}>
          {t('noticeSettings', lang)}
        </Link>
        <Button size="small" disabled={unread === 0} onClick={() => markRead.mutate({})}>
          {t('markAllRead', lang)}
        </Button>
      </Flex>
    </Flex>
  );
  return (
    <Popover open={open} onOpenChange={setOpen} trigger="click" content={content} title={t('notices', lang)}>
      <Badge count={unread} size="small" data-testid="notice-count">
        <Button
          type="text"
          aria-label={`${t('notices', lang)}${unread > 0 ? `（${unread}）` : ''}`}
          data-testid="notice-bell"
          style={{ color, fontSize: 18, minWidth: 44, minHeight: 44 }}
        >
          {/* Drawn, not the 🔔 emoji: machines without an emoji font showed a box. */}
          <svg aria-hidden viewBox="0 0 24 24" width="1em" height="1em" fill="currentColor">
            <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
          </svg>
        </Button>
      </Badge>
    </Popover>
  );
}
