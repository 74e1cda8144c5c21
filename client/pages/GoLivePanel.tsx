// The administrator's go-live step (正式启用) on the admin page: what demo data the plan holds and
// a button that removes it for good, after a confirmation naming the counts (queries/go-live.ts).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Space, Typography } from 'antd';
import { t, type Lang } from '../i18n';
import { errorMessage } from '../session';
import { useTRPC } from '../trpc';

export function GoLivePanel({ planId, lang }: { planId: string; lang: Lang }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message, modal } = AntApp.useApp();
  const demo = useQuery(trpc.plan.demo.queryOptions({ planId }));
  const goLive = useMutation(
    trpc.plan.goLive.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        void message.success(t('wentLive', lang));
      },
    }),
  );
  if (!demo.data) return null;
  const { figures, milestoneUpdates, liveAt } = demo.data;
  const counts = t('demoCounts', lang)
    .replace('{figures}', String(figures))
    .replace('{updates}', String(milestoneUpdates));
  const ask = () =>
    void modal.confirm({
      title: t('goLiveConfirm', lang),
      content: <p data-testid="go-live-text">{`${t('goLiveRemoves', lang)}${counts}`}</p>,
      okText: t('goLive', lang),
      okButtonProps: { danger: true },
      cancelText: t('cancel', lang),
      onOk: () => goLive.mutateAsync({ planId }),
    });
  return (
    <Card size="small" title={t('goLive', lang)} data-testid="go-live">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {liveAt !== null && figures + milestoneUpdates === 0 ? (
          <Typography.Text data-testid="go-live-state">
            {t('liveSince', lang)} {liveAt.slice(0, 10)}
          </Typography.Text>
        ) : figures + milestoneUpdates === 0 ? (
          <Typography.Text data-testid="go-live-state">{t('noDemoData', lang)}</Typography.Text>
        ) : (
          <>
            <Typography.Text data-testid="go-live-state">{`${t('goLiveHint', lang)}${counts}`}</Typography.Text>
            <Button danger onClick={ask} loading={goLive.isPending} data-testid="go-live-button">
              {t('goLive', lang)}
            </Button>
          </>
        )}
        {goLive.isError && <Alert type="error" showIcon title={errorMessage(goLive.error, t('saveFailed', lang))} />}
      </Space>
    </Card>
  );
}
