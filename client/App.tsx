import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, ConfigProvider, Flex, Layout, Select, Spin, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { Suspense } from 'react';
import { Link, Outlet, useLocation, useNavigate, useOutletContext, useSearchParams } from 'react-router';
import { ROLE_NAMES, type Role } from '../shared/roles';
import { t, useLang, type Lang, type StringKey } from './i18n';
import { can, useMe } from './session';
import { useTRPC } from './trpc';

interface ShellContext {
  planId: string;
}

/** The plan every page shows: ?plan=<id>, else the newest plan; the header switches plans once there are two. */
export function usePlanId(): string {
  return useOutletContext<ShellContext>().planId;
}

/** Links keep the report month and the language. */
export function useKeptSearch(): string {
  const [params] = useSearchParams();
  const kept = new URLSearchParams();
  for (const key of ['plan', 'period', 'lang']) {
    const value = params.get(key);
    if (value) kept.set(key, value);
  }
  const s = kept.toString();
  return s ? `?${s}` : '';
}

export function LoadError({ lang, retry }: { lang: Lang; retry: () => void }) {
  return (
    <Alert
      type="error"
      title={t('loadFailed', lang)}
      action={
        <Button size="small" onClick={retry}>
          {t('retry', lang)}
        </Button>
      }
    />
  );
}

export function Loading({ lang }: { lang: Lang }) {
  return (
    <Flex justify="center" style={{ padding: 48 }}>
      <Spin description={t('loading', lang)} />
    </Flex>
  );
}

/** Pages in the header; `roles` limits who sees the link (the server checks again). */
const NAV: { path: string; label: StringKey; roles?: Role[]; match: (path: string) => boolean }[] = [
  { path: '/', label: 'overview', match: (p) => p === '/' || p.startsWith('/measures') },
  { path: '/units', label: 'unitsView', match: (p) => p.startsWith('/units') },
  { path: '/report', label: 'entryTitle', roles: ['statistician', 'admin'], match: (p) => p.startsWith('/report') },
  { path: '/review', label: 'reviewTitle', roles: ['approver', 'admin'], match: (p) => p.startsWith('/review') },
  { path: '/chase', label: 'chaseTitle', roles: ['admin', 'leader', 'approver'], match: (p) => p.startsWith('/chase') },
  {
    path: '/briefing',
    label: 'briefingTitle',
    roles: ['admin', 'leader', 'statistician', 'approver'],
    match: (p) => p.startsWith('/briefing'),
  },
  { path: '/admin/users', label: 'usersTitle', roles: ['admin'], match: (p) => p.startsWith('/admin/users') },
  { path: '/admin/plans', label: 'planDraftsTitle', roles: ['admin'], match: (p) => p.startsWith('/admin/plans') },
];

function UserArea({ lang }: { lang: Lang }) {
  const me = useMe();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const keep = useKeptSearch();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        await navigate(`/${keep}`);
      },
    }),
  );
  if (me.isPending) return null;
  if (!me.data)
    return (
      <Link to={`/login${keep}`} style={{ color: '#fff', whiteSpace: 'nowrap' }} data-testid="login-link">
        {t('login', lang)}
      </Link>
    );
  return (
    <Flex gap="small" align="center" style={{ color: '#fff', whiteSpace: 'nowrap' }} data-testid="user-area">
      <span>
        {me.data.displayName}（{ROLE_NAMES[me.data.role][lang]}）
      </span>
      <Button size="small" onClick={() => logout.mutate()} loading={logout.isPending}>
        {t('logout', lang)}
      </Button>
    </Flex>
  );
}

export function App() {
  const lang = useLang();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const keep = useKeptSearch();
  const trpc = useTRPC();
  const plans = useQuery(trpc.plan.list.queryOptions());
  const toggleLang = () => {
    const next = new URLSearchParams(params);
    if (lang === 'zh') next.set('lang', 'en');
    else next.delete('lang');
    setParams(next, { replace: true });
  };
  const plan = plans.data?.find((p) => p.id === params.get('plan')) ?? plans.data?.[0];
  const switchPlan = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('plan', id);
    // Months differ between plans: the new plan opens on its own latest month.
    next.delete('period');
    setParams(next);
  };
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS}>
      <AntApp>
        <Layout style={{ minHeight: '100vh' }}>
          <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24 }}>
            <Typography.Title level={3} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
              {t('appName', lang)}
            </Typography.Title>
            <nav style={{ display: 'flex', gap: 20, flex: 1 }}>
              {NAV.filter((item) => !item.roles || can(me.data?.role, ...item.roles)).map((item) => {
                const current = item.match(location.pathname);
                return (
                  <Link
                    key={item.path}
                    to={`${item.path}${keep}`}
                    aria-current={current ? 'page' : undefined}
                    style={{
                      color: current ? '#fff' : 'rgba(255,255,255,0.65)',
                      borderBottom: current ? '2px solid #1677ff' : '2px solid transparent',
                      paddingBottom: 4,
                      whiteSpace: 'nowrap',
                    }}
                  >
                    {t(item.label, lang)}
                  </Link>
                );
              })}
            </nav>
            {plan && (plans.data?.length ?? 0) > 1 && (
              <Select
                data-testid="plan-switcher"
                aria-label={t('planSwitcher', lang)}
                value={plan.id}
                onChange={switchPlan}
                style={{ maxWidth: 260 }}
                popupMatchSelectWidth={false}
                options={plans.data?.map((p) => ({ value: p.id, label: lang === 'zh' ? p.title : p.titleEn }))}
              />
            )}
            <UserArea lang={lang} />
            <Button onClick={toggleLang}>{t('switchLang', lang)}</Button>
          </Layout.Header>
          <Layout.Content style={{ padding: 24, maxWidth: 1280, width: '100%', margin: '0 auto' }}>
            {plans.isPending ? (
              <Loading lang={lang} />
            ) : plans.isError ? (
              <LoadError lang={lang} retry={() => void plans.refetch()} />
            ) : !plan ? (
              <Alert type="info" title={t('noPlan', lang)} />
            ) : (
              <Suspense fallback={<Loading lang={lang} />}>
                <Outlet context={{ planId: plan.id } satisfies ShellContext} />
              </Suspense>
            )}
          </Layout.Content>
        </Layout>
      </AntApp>
    </ConfigProvider>
  );
}
