import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Card, Flex, InputNumber, Typography } from 'antd';
import { useState } from 'react';
import { noticeScheduleSchema, type NoticeSchedule } from '../../shared/notices';
import { LoadError, Loading, usePlanId } from '../App';
import { useLang } from '../i18n';
import { errorMessage } from '../session';
import { useTRPC } from '../trpc';

/** 提醒时间: when the plan's "due soon" and overdue reminders go out (administrators). */
export function NoticeScheduleCard() {
  const lang = useLang();
  const planId = usePlanId();
  const trpc = useTRPC();
  const schedule = useQuery(trpc.notices.schedule.queryOptions({ planId }));
  if (schedule.isPending) return <Loading lang={lang} />;
  if (schedule.isError) return <LoadError lang={lang} retry={() => void schedule.refetch()} error={schedule.error} />;
  return <ScheduleForm key={JSON.stringify(schedule.data)} planId={planId} initial={schedule.data} />;
}

function ScheduleForm({ planId, initial }: { planId: string; initial: NoticeSchedule }) {
  const lang = useLang();
  const zh = lang === 'zh';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  // Kept as typed (null while a field is empty) so the schema names what is wrong.
  const [draft, setDraft] = useState<{ dueSoonDays: number | null; overdueEveryDays: number | null }>(initial);
  const parsed = noticeScheduleSchema.safeParse(draft);
  const problem = parsed.error?.issues[0]?.message ?? null;
  const save = useMutation(
    trpc.notices.saveSchedule.mutationOptions({
      onSuccess: () => {
        void message.success(zh ? '提醒时间已保存' : 'Schedule saved');
        return queryClient.invalidateQueries({ queryKey: trpc.notices.schedule.queryKey({ planId }) });
      },
      onError: (err) => void message.error(errorMessage(err, zh ? '保存失败' : 'Could not save')),
    }),
  );
  return (
    <Card size="small" title={zh ? '提醒时间' : 'Reminder schedule'} data-testid="notice-schedule">
      <Flex gap="middle" align="center" wrap>
        <label htmlFor="due-soon-days">{zh ? '截止日期前' : 'Remind'}</label>
        <InputNumber
          id="due-soon-days"
          data-testid="due-soon-days"
          value={draft.dueSoonDays}
          onChange={(v) => setDraft((d) => ({ ...d, dueSoonDays: v }))}
          style={{ width: 90 }}
        />
        <span>
          {zh
            ? '天提醒未报单位；逾期后次日提醒，之后每隔'
            : 'days before the due date; when overdue, the day after and then every'}
        </span>
        <InputNumber
          id="overdue-every-days"
          aria-label={zh ? '逾期提醒间隔天数' : 'Days between overdue reminders'}
          data-testid="overdue-every-days"
          value={draft.overdueEveryDays}
          onChange={(v) => setDraft((d) => ({ ...d, overdueEveryDays: v }))}
          style={{ width: 90 }}
        />
        <span>{zh ? '天再提醒' : 'days'}</span>
        <Button
          type="primary"
          disabled={parsed.error !== undefined}
          loading={save.isPending}
          onClick={() => parsed.data && save.mutate({ planId, ...parsed.data })}
          data-testid="save-schedule"
        >
          {zh ? '保存' : 'Save'}
        </Button>
      </Flex>
      {problem && (
        <Typography.Text type="danger" data-testid="schedule-problem">
          {problem}
        </Typography.Text>
      )}
    </Card>
  );
}
