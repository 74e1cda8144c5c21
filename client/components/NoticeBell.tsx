import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Popover, Spin } from 'antd';
import { Suspense, lazy, useState } from 'react';
import { t, type Lang } from '../i18n';
import { useTRPC } from '../trpc';

const NoticeList = lazy(() => import('./NoticeList'));

/** The header's bell: unread count, the latest notices, mark read. Polls each minute. */
export function NoticeBell({ lang, color = '#fff' }: { lang: Lang; color?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const inbox = useQuery({ ...trpc.notices.inbox.queryOptions(), refetchInterval: 60_000 });
  const markRead = useMutation(
    trpc.notices.markRead.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.notices.inbox.queryKey() }),
    }),
  );
  const unread = inbox.data?.unread ?? 0;
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      content={
        open && (
          <Suspense fallback={<Spin size="small" />}>
            <NoticeList
              inbox={inbox.data}
              lang={lang}
              markRead={(ids) => markRead.mutate(ids ? { ids } : {})}
              close={() => setOpen(false)}
            />
          </Suspense>
        )
      }
      title={t('notices', lang)}
    >
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
