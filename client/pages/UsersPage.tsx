import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Form, Input, Modal, Select, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ROLES, ROLE_NAMES, type Role } from '../../shared/roles';
import { LoadError, Loading, usePlanId } from '../App';
import { unitLabels } from '../../shared/board/filters';
import { t, useLang } from '../i18n';
import { errorMessage } from '../session';
import { GoLivePanel } from './GoLivePanel';
import { useTRPC, type RouterOutputs } from '../trpc';
import { ScrollTable } from '../components/ScrollTable';

type User = RouterOutputs['users']['list'][number];

interface UserForm {
  username: string;
  displayName: string;
  password?: string;
  role: Role;
  unitCodes: string[];
}

export default function UsersPage() {
  const lang = useLang();
  const zh = lang === 'zh';
  const trpc = useTRPC();
  const planId = usePlanId();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const users = useQuery(trpc.users.list.queryOptions());
  const unapproved = useQuery(trpc.review.noApprover.queryOptions({ planId }));
  const tree = useQuery(trpc.plan.tree.queryOptions({ planId }));
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [form] = Form.useForm<UserForm>();
  const [pwForm] = Form.useForm<{ password: string }>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const onError = (err: unknown) => void message.error(errorMessage(err, t('saveFailed', lang)));
  const create = useMutation(trpc.users.create.mutationOptions({ onSuccess: refresh, onError }));
  const update = useMutation(trpc.users.update.mutationOptions({ onSuccess: refresh, onError }));
  const reset = useMutation(trpc.users.resetPassword.mutationOptions({ onError }));
  const setCounts = useMutation(
    trpc.review.setNoApproverCounts.mutationOptions({
      onSuccess: (data) => queryClient.setQueryData(trpc.review.noApprover.queryKey({ planId }), data),
      onError,
    }),
  );

  if (users.isPending || tree.isPending) return <Loading lang={lang} />;
  if (users.isError) return <LoadError lang={lang} retry={() => void users.refetch()} error={users.error} />;
  if (tree.isError) return <LoadError lang={lang} retry={() => void tree.refetch()} />;

  const unitOptions = unitLabels(tree.data.sections, zh);
  const roleLabel = (r: Role) => ROLE_NAMES[r][zh ? 'zh' : 'en'];

  const open = (user: User | 'new') => {
    setEditing(user);
    form.setFieldsValue(
      user === 'new'
        ? { username: '', displayName: '', password: '', role: 'statistician', unitCodes: [] }
        : {
            username: user.username,
            displayName: user.displayName,
            role: user.role,
            unitCodes: user.units.map((u) => u.code),
          },
    );
  };
  const save = async () => {
    const values = await form.validateFields();
    if (editing === 'new') await create.mutateAsync({ ...values, password: values.password ?? '' });
    else if (editing)
      await update.mutateAsync({
        id: editing.id,
        displayName: values.displayName,
        role: values.role,
        unitCodes: values.unitCodes,
      });
    setEditing(null);
    void message.success(t('saved', lang));
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('usersTitle', lang)}
        </Typography.Title>
        <Button type="primary" onClick={() => open('new')} data-testid="new-user">
          {t('newUser', lang)}
        </Button>
      </Space>
      {unapproved.data && unapproved.data.units.length > 0 && unapproved.data.approvalRequired && (
        <Alert
          type="warning"
          showIcon
          data-testid="units-without-approver"
          title={t('noApproverTitle', lang).replace('{units}', unapproved.data.units.join('、'))}
          description={
            <Space orientation="vertical">
              <span data-testid="no-approver-policy">
                {t(unapproved.data.counts ? 'noApproverCounts' : 'noApproverWait', lang)}
              </span>
              <Space>
                <Switch
                  size="small"
                  data-testid="no-approver-switch"
                  checked={unapproved.data.counts}
                  loading={setCounts.isPending}
                  aria-label={t('noApproverSwitch', lang)}
                  onChange={(counts) => setCounts.mutate({ planId, counts })}
                />
                {t('noApproverSwitch', lang)}
              </Space>
            </Space>
          }
        />
      )}
      <ScrollTable
        label={t('usersTitle', lang)}
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={users.data}
        data-testid="users-table"
        columns={[
          { title: t('username', lang), dataIndex: 'username' },
          { title: t('displayName', lang), dataIndex: 'displayName' },
          { title: t('role', lang), key: 'role', render: (_v, u) => roleLabel(u.role) },
          {
            title: t('units', lang),
            key: 'units',
            render: (_v, u) =>
              u.units.map((unit) => <Tag key={unit.code}>{unitOptions.get(unit.code) ?? unit.name}</Tag>),
          },
          {
            title: t('enabled', lang),
            key: 'disabled',
            render: (_v, u) => (
              <Switch
                size="small"
                checked={!u.disabled}
                aria-label={t('enabled', lang)}
                onChange={(on) => update.mutate({ id: u.id, disabled: !on })}
              />
            ),
          },
          {
            title: t('actions', lang),
            key: 'actions',
            render: (_v, u) => (
              <Space>
                <Button size="small" onClick={() => open(u)}>
                  {t('edit', lang)}
                </Button>
                <Button
                  size="small"
                  onClick={() => {
                    setResetting(u);
                    pwForm.resetFields();
                  }}
                >
                  {t('resetPassword', lang)}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('newUser', lang) : t('edit', lang)}
        onCancel={() => setEditing(null)}
        onOk={() => void save().catch(() => undefined)}
        confirmLoading={create.isPending || update.isPending}
        destroyOnHidden
        forceRender
      >
        <Form form={form} name="user" layout="vertical">
          <Form.Item
            label={t('username', lang)}
            name="username"
            rules={[{ required: true, message: t('usernameRequired', lang) }]}
          >
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item
            label={t('displayName', lang)}
            name="displayName"
            rules={[{ required: true, message: t('displayNameRequired', lang) }]}
          >
            <Input />
          </Form.Item>
          {editing === 'new' && (
            <Form.Item
              label={t('password', lang)}
              name="password"
              rules={[{ required: true, min: 8, message: t('passwordRule', lang) }]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          )}
          <Form.Item label={t('role', lang)} name="role">
            <Select options={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} />
          </Form.Item>
          <Form.Item label={t('units', lang)} name="unitCodes">
            <Select
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              options={[...unitOptions].map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={resetting !== null}
        title={`${t('resetPassword', lang)}：${resetting?.username ?? ''}`}
        onCancel={() => setResetting(null)}
        onOk={() =>
          void pwForm
            .validateFields()
            .then(async ({ password }) => {
              if (resetting) await reset.mutateAsync({ id: resetting.id, password });
              setResetting(null);
              void message.success(t('saved', lang));
            })
            .catch(() => undefined)
        }
        confirmLoading={reset.isPending}
        forceRender
      >
        <Form form={pwForm} name="reset" layout="vertical">
          <Form.Item
            label={t('newPassword', lang)}
            name="password"
            rules={[{ required: true, min: 8, message: t('passwordRule', lang) }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
      <GoLivePanel planId={planId} lang={lang} />
    </Space>
  );
}
