// The bell's list of notices (NoticeBell.tsx), loaded the first time the bell is opened: antd's
// List brings pagination and Select, which the first page does without.
import { Button, Empty, Flex, List, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { t, type Lang } from '../i18n';
import type { RouterOutputs } from '../trpc';

type Inbox = RouterOutputs['notices']['inbox'];

export default function NoticeList({
  inbox,
  lang,
  markRead,
  close,
}: {
  inbox: Inbox | undefined;
  lang: Lang;
  /** Marks the given notices read, or all of them without ids. */
  markRead: (ids?: number[]) => void;
  close: () => void;
}) {
  const navigate = useNavigate();
  const unread = inbox?.unread ?? 0;
  return (
    <Flex vertical gap="small" style={{ width: 360, maxWidth: '80vw' }} data-testid="notice-list">
      {(inbox?.items.length ?? 0) === 0 ? (
        <Empty description={t('noNotices', lang)} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <List
          size="small"
          style={{ maxHeight: 400, overflowY: 'auto' }}
          dataSource={inbox?.items ?? []}
          renderItem={(item) => (
            <List.Item
              data-testid="notice-item"
              style={{ cursor: 'pointer', background: item.readAt ? undefined : '#e6f4ff', paddingInline: 8 }}
              onClick={() => {
                if (!item.readAt) markRead([item.id]);
                close();
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
        <Link to="/settings/notices" onClick={() => close()}>
          {t('noticeSettings', lang)}
        </Link>
        <Button size="small" disabled={unread === 0} onClick={() => markRead()}>
          {t('markAllRead', lang)}
        </Button>
      </Flex>
    </Flex>
  );
}
