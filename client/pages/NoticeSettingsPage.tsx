import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Checkbox, Flex, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { NOTICE_EVENT_INFO, emailSchema, type NoticeEvent } from '../../shared/notices';
import { LoadError, Loading } from '../App';
import { t, useLang } from '../i18n';
import { can, errorMessage, useMe } from '../session';
import { useTRPC } from '../trpc';
import { NoticeScheduleCard } from './NoticeScheduleCard';
import { RobotChannels } from './RobotChannels';

type Choice = { event: NoticeEvent; email: boolean; inbox: boolean };

/** 通知设置: the user's own e-mail and subscriptions; administrators also the mail server and group robots. */
export default function NoticeSettingsPage() {
  const lang = useLang();
  const me = useMe();
  const trpc = useTRPC();
  const settings = useQuery(trpc.notices.mySettings.queryOptions());
  if (settings.isPending || me.isPending) return <Loading lang={lang} />;
  if (settings.isError) return <LoadError lang={lang} retry={() => void settings.refetch()} error={settings.error} />;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('noticeSettings', lang)}
      </Typography.Title>
      <MySettings key={JSON.stringify(settings.data)} initial={settings.data} />
      {can(me.data?.role, 'admin') && (
        <>
          <MailStatus />
          <NoticeScheduleCard />
          <RobotChannels />
        </>
      )}
    </Space>
  );
}

function MySettings({ initial }: { initial: { email: string; subscriptions: Choice[] } }) {
  const lang = useLang();
  const zh = lang === 'zh';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [email, setEmail] = useState(initial.email);
  const [subs, setSubs] = useState(initial.subscriptions);
  const emailProblem = emailSchema.safeParse(email).error?.issues[0]?.message ?? null;
  const save = useMutation(
    trpc.notices.saveMySettings.mutationOptions({
      onSuccess: () => {
        void message.success(zh ? '已保存' : 'Saved');
        return queryClient.invalidateQueries({ queryKey: trpc.notices.mySettings.queryKey() });
      },
      onError: (err) => void message.error(errorMessage(err, zh ? '保存失败' : 'Could not save')),
    }),
  );
  const test = useMutation(
    trpc.notices.testEmail.mutationOptions({
      onSuccess: () => void message.success(zh ? '测试邮件已发出，请查收' : 'Test e-mail sent'),
    }),
  );
  const toggle = (event: NoticeEvent, field: 'email' | 'inbox', on: boolean) =>
    setSubs((all) => all.map((s) => (s.event === event ? { ...s, [field]: on } : s)));
  return (
    <Card size="small" title={zh ? '我的通知' : 'My notices'}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Flex gap="small" align="center" wrap>
          <label htmlFor="my-email">{zh ? '邮箱' : 'E-mail'}</label>
          <Input
            id="my-email"
            data-testid="my-email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            status={emailProblem ? 'error' : undefined}
            style={{ maxWidth: 320 }}
            placeholder="wangli@example.com"
          />
          <Button onClick={() => test.mutate()} loading={test.isPending} data-testid="test-email">
            {zh ? '发送测试邮件' : 'Send a test e-mail'}
          </Button>
        </Flex>
        {emailProblem && <Typography.Text type="danger">{emailProblem}</Typography.Text>}
        {test.isError && (
          <Alert type="error" title={errorMessage(test.error, zh ? '测试邮件发送失败' : 'Test e-mail failed')} />
        )}
        <Table
          size="small"
          pagination={false}
          rowKey="event"
          dataSource={subs}
          columns={[
            {
              title: zh ? '通知' : 'Notice',
              dataIndex: 'event',
              render: (e: NoticeEvent) => NOTICE_EVENT_INFO[e][lang],
            },
            {
              title: zh ? '站内' : 'Inbox',
              dataIndex: 'inbox',
              render: (on: boolean, s) => (
                <Checkbox checked={on} onChange={(e) => toggle(s.event, 'inbox', e.target.checked)} />
              ),
            },
            {
              title: zh ? '邮件' : 'E-mail',
              dataIndex: 'email',
              render: (on: boolean, s) => (
                <Checkbox checked={on} onChange={(e) => toggle(s.event, 'email', e.target.checked)} />
              ),
            },
          ]}
        />
        <Button
          type="primary"
          disabled={emailProblem !== null}
          loading={save.isPending}
          onClick={() => save.mutate({ email, subscriptions: subs })}
          data-testid="save-notice-settings"
        >
          {zh ? '保存' : 'Save'}
        </Button>
      </Space>
    </Card>
  );
}

function MailStatus() {
  const lang = useLang();
  const zh = lang === 'zh';
  const trpc = useTRPC();
  const status = useQuery(trpc.notices.mailStatus.queryOptions());
  if (!status.data) return null;
  return status.data.configured ? (
    <Alert
      type="success"
      title={
        zh
          ? `邮件服务器：${status.data.server}，发件人：${status.data.from}`
          : `Mail: ${status.data.server}, from ${status.data.from}`
      }
    />
  ) : (
    <Alert
      type="warning"
      title={
        zh
          ? '未配置邮件服务器：设置环境变量 SMTP_URL（如 smtp://user:pass@host:587）和 MAIL_FROM 后重启，才会发送邮件；站内通知和群机器人不受影响。'
          : 'No mail server: set SMTP_URL and MAIL_FROM and restart to send e-mail; the inbox and robots work without it.'
      }
    />
  );
}
