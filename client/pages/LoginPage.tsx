import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ROLE_NAMES } from '../../shared/roles';
import { t, useLang } from '../i18n';
import { errorMessage } from '../session';
import { useTRPC } from '../trpc';
import { ScrollTable } from '../components/ScrollTable';

interface Credentials {
  username: string;
  password: string;
}

export default function LoginPage() {
  const lang = useLang();
  const zh = lang === 'zh';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Credentials>();
  const [error, setError] = useState<string | null>(null);
  const demo = useQuery(trpc.auth.demoAccounts.queryOptions());
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async () => {
        // Everything a user sees may depend on who they are.
        await queryClient.invalidateQueries();
        const next = params.get('next');
        await navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/');
      },
      onError: (err) => setError(errorMessage(err, t('loginFailed', lang))),
    }),
  );
  return (
    <Card title={t('login', lang)} style={{ maxWidth: 420, margin: '40px auto' }}>
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => {
          setError(null);
          login.mutate(values);
        }}
      >
        <Form.Item
          label={t('username', lang)}
          name="username"
          rules={[{ required: true, message: t('usernameRequired', lang) }]}
        >
          <Input autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item
          label={t('password', lang)}
          name="password"
          rules={[{ required: true, message: t('passwordRequired', lang) }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Button type="primary" htmlType="submit" loading={login.isPending} block>
          {t('login', lang)}
        </Button>
      </Form>
      {demo.data && demo.data.length > 0 && (
        <div style={{ marginTop: 24 }} data-testid="demo-accounts">
          <Typography.Text type="secondary">{t('demoAccounts', lang)}</Typography.Text>
          <ScrollTable
            label={t('demoAccounts', lang)}
            size="small"
            pagination={false}
            rowKey="username"
            dataSource={demo.data}
            onRow={(row) => ({
              onClick: () => form.setFieldsValue({ username: row.username, password: row.password }),
              style: { cursor: 'pointer' },
            })}
            columns={[
              { title: t('username', lang), dataIndex: 'username' },
              { title: t('role', lang), key: 'role', render: (_v, row) => ROLE_NAMES[row.role][zh ? 'zh' : 'en'] },
              { title: t('password', lang), dataIndex: 'password' },
            ]}
          />
        </div>
      )}
    </Card>
  );
}
