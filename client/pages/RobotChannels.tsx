import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Flex,
  Input,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import {
  NOTICE_EVENTS,
  NOTICE_EVENT_INFO,
  ROBOT_INFO,
  ROBOT_KINDS,
  robotChannelSchema,
  type NoticeEvent,
  type RobotKindName,
} from '../../shared/notices';
import { usePlanId } from '../App';
import { useLang } from '../i18n';
import { errorMessage } from '../session';
import { useTRPC } from '../trpc';

const ROBOT_EVENTS = NOTICE_EVENTS.filter((e) => NOTICE_EVENT_INFO[e].robot);

interface Draft {
  id?: number;
  kind: RobotKindName;
  name: string;
  url: string;
  /** undefined keeps the stored secret. */
  secret?: string;
  events: NoticeEvent[];
  enabled: boolean;
}

const empty: Draft = { kind: 'wecom', name: '', url: '', secret: '', events: ['due', 'overdue'], enabled: true };

/** Group robots of the plan: webhook addresses and secrets are never shown back in full. */
export function RobotChannels() {
  const lang = useLang();
  const zh = lang === 'zh';
  const planId = usePlanId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const channels = useQuery(trpc.notices.channels.queryOptions({ planId }));
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notices.channels.queryKey() });
  const save = useMutation(
    trpc.notices.saveChannel.mutationOptions({
      onSuccess: () => {
        setDraft(null);
        setProblem(null);
        void message.success(zh ? '已保存' : 'Saved');
        return refresh();
      },
      onError: (err) => setProblem(errorMessage(err, zh ? '保存失败' : 'Could not save')),
    }),
  );
  const remove = useMutation(trpc.notices.removeChannel.mutationOptions({ onSuccess: refresh }));
  const [tested, setTested] = useState<{ id: number; ok: boolean; text: string } | null>(null);
  const test = useMutation(
    trpc.notices.testChannel.mutationOptions({
      onSuccess: (_r, v) =>
        setTested({ id: v.id, ok: true, text: zh ? '测试消息已发出，请在群里查看' : 'Test message sent' }),
      onError: (err, v) => setTested({ id: v.id, ok: false, text: errorMessage(err, zh ? '发送失败' : 'Failed') }),
    }),
  );
  const submit = () => {
    if (!draft) return;
    const checked = robotChannelSchema.safeParse(draft);
    if (!checked.success)
      return setProblem(checked.error.issues[0]?.message ?? (zh ? '请检查输入' : 'Check the input'));
    save.mutate({ ...checked.data, planId, ...(draft.id !== undefined ? { id: draft.id } : {}) });
  };
  return (
    <Card
      size="small"
      title={zh ? '群机器人（企业微信 / 钉钉 / 飞书）' : 'Group robots'}
      extra={
        <Button onClick={() => setDraft({ ...empty })} data-testid="add-robot">
          {zh ? '添加' : 'Add'}
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {tested && <Alert type={tested.ok ? 'success' : 'error'} title={tested.text} data-testid="robot-test-result" />}
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          loading={channels.isPending}
          dataSource={channels.data ?? []}
          columns={[
            { title: zh ? '名称' : 'Name', dataIndex: 'name' },
            { title: zh ? '类型' : 'Kind', dataIndex: 'kind', render: (k: RobotKindName) => ROBOT_INFO[k].zh },
            { title: 'Webhook', dataIndex: 'url' },
            { title: zh ? '密钥' : 'Secret', dataIndex: 'secret', render: (s: string | null) => s ?? '—' },
            {
              title: zh ? '通知' : 'Events',
              dataIndex: 'events',
              render: (events: NoticeEvent[]) => events.map((e) => <Tag key={e}>{NOTICE_EVENT_INFO[e][lang]}</Tag>),
            },
            { title: zh ? '启用' : 'On', dataIndex: 'enabled', render: (on: boolean) => (on ? '✓' : '—') },
            {
              key: 'actions',
              render: (_v, c) => (
                <Flex gap="small" wrap>
                  <Button
                    size="small"
                    onClick={() => test.mutate({ id: c.id })}
                    loading={test.isPending && test.variables.id === c.id}
                  >
                    {zh ? '发送测试消息' : 'Send a test'}
                  </Button>
                  <Button
                    size="small"
                    onClick={() =>
                      setDraft({ id: c.id, kind: c.kind, name: c.name, url: '', events: c.events, enabled: c.enabled })
                    }
                  >
                    {zh ? '修改' : 'Edit'}
                  </Button>
                  <Popconfirm
                    title={zh ? '删除这个群机器人？' : 'Remove this robot?'}
                    onConfirm={() => remove.mutate({ id: c.id })}
                  >
                    <Button size="small" danger>
                      {zh ? '删除' : 'Remove'}
                    </Button>
                  </Popconfirm>
                </Flex>
              ),
            },
          ]}
        />
        {draft && (
          <Card
            size="small"
            type="inner"
            title={draft.id ? (zh ? '修改群机器人' : 'Edit robot') : zh ? '添加群机器人' : 'Add robot'}
          >
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Flex gap="small" wrap>
                <Select
                  aria-label={zh ? '类型' : 'Kind'}
                  value={draft.kind}
                  style={{ width: 180 }}
                  onChange={(kind) => setDraft({ ...draft, kind })}
                  options={ROBOT_KINDS.map((k) => ({ value: k, label: ROBOT_INFO[k].zh }))}
                />
                <Input
                  aria-label={zh ? '名称' : 'Name'}
                  placeholder={zh ? '名称，如：统计工作群' : 'Name'}
                  value={draft.name}
                  style={{ maxWidth: 240 }}
                  onChange={(e) => setDraft({ ...draft, name: e.target.value })}
                />
              </Flex>
              <Input
                aria-label="Webhook"
                data-testid="robot-url"
                placeholder={
                  draft.id
                    ? zh
                      ? '重新粘贴完整的 Webhook 地址'
                      : 'Paste the full webhook URL again'
                    : `https://${ROBOT_INFO[draft.kind].host}/…`
                }
                value={draft.url}
                onChange={(e) => setDraft({ ...draft, url: e.target.value })}
              />
              {ROBOT_INFO[draft.kind].secret !== 'none' && (
                <Input.Password
                  aria-label={zh ? '密钥' : 'Secret'}
                  placeholder={
                    draft.id
                      ? zh
                        ? '留空则不修改已保存的密钥'
                        : 'Leave empty to keep the stored secret'
                      : zh
                        ? '加签密钥（可选）'
                        : 'Signing secret (optional)'
                  }
                  value={draft.secret ?? ''}
                  onChange={(e) =>
                    setDraft({ ...draft, secret: draft.id && e.target.value === '' ? undefined : e.target.value })
                  }
                />
              )}
              <Checkbox.Group
                value={draft.events}
                onChange={(events) => setDraft({ ...draft, events })}
                options={ROBOT_EVENTS.map((e) => ({ value: e, label: NOTICE_EVENT_INFO[e][lang] }))}
              />
              <Flex gap="small" align="center">
                <Switch checked={draft.enabled} onChange={(enabled) => setDraft({ ...draft, enabled })} />
                {zh ? '启用' : 'Enabled'}
              </Flex>
              {problem && <Alert type="error" title={problem} data-testid="robot-problem" />}
              <Flex gap="small">
                <Button type="primary" onClick={submit} loading={save.isPending}>
                  {zh ? '保存' : 'Save'}
                </Button>
                <Button onClick={() => (setDraft(null), setProblem(null))}>{zh ? '取消' : 'Cancel'}</Button>
              </Flex>
            </Space>
          </Card>
        )}
      </Space>
    </Card>
  );
}
