import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, ConfigProvider, Flex, Grid, Layout, Spin, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { Suspense, lazy, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate, useOutletContext, useSearchParams } from 'react-router';
import { ROLE_NAMES, type Role } from '../shared/roles';
import { accessRefusal } from './access';
import { NoticeBell } from './components/NoticeBell';
import { t, useLang, type Lang, type StringKey } from './i18n';
import { can, useMe } from './session';
import { CONTRAST_THEME } from './theme';
import { useTRPC } from './trpc';

// Out of the first page's JavaScript: what only some visits show.
const ForbiddenView = lazy(() => import('./components/ErrorViews').then((m) => ({ default: m.ForbiddenView })));
const MenuDrawer = lazy(() => import('./components/MenuDrawer'));
const PlanSwitcher = lazy(() => import('./components/PlanSwitcher'));

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

/** A failed load; a refusal (403/401) from the server gets its own page instead. */
export function LoadError({ lang, retry, error }: { lang: Lang; retry: () => void; error?: unknown }) {
  const refusal = accessRefusal(error);
  if (refusal)
    return (
      <Suspense fallback={<Loading lang={lang} />}>
        <ForbiddenView lang={lang} refusal={refusal} />
      </Suspense>
    );
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
  {
    path: '/my-reports',
    label: 'myReportsTitle',
    // Administrators may open it too (/my-reports); the header keeps to the statistician's round.
    roles: ['statistician'],
    match: (p) => p.startsWith('/my-reports') || p.startsWith('/receipts'),
  },
  { path: '/review', label: 'reviewTitle', roles: ['approver', 'admin'], match: (p) => p.startsWith('/review') },
  { path: '/chase', label: 'chaseTitle', roles: ['admin', 'leader', 'approver'], match: (p) => p.startsWith('/chase') },
  {
    path: '/briefing',
    label: 'briefingTitle',
    roles: ['admin', 'leader', 'statistician', 'approver'],
    match: (p) => p.startsWith('/briefing'),
  },
  { path: '/admin/users', label: 'usersTitle', roles: ['admin'], match: (p) => p.startsWith('/admin/users') },
  { path: '/wall', label: 'wallTitle', match: () => false },
  { path: '/admin/plans', label: 'planDraftsTitle', roles: ['admin'], match: (p) => p.startsWith('/admin/plans') },
  { path: '/admin/outbox', label: 'outboxTitle', roles: ['admin'], match: (p) => p.startsWith('/admin/outbox') },
];

function UserArea({ lang, color = '#fff' }: { lang: Lang; color?: string }) {
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
      <Link to={`/login${keep}`} style={{ color, whiteSpace: 'nowrap' }} data-testid="login-link" className="pm-tap">
        {t('login', lang)}
      </Link>
    );
  return (
    <Flex gap="small" align="center" wrap style={{ color }} data-testid="user-area">
      <NoticeBell lang={lang} color={color} />
      <span>
        {me.data.displayName}（{ROLE_NAMES[me.data.role][lang]}）
      </span>
      <Button size="small" onClick={() => logout.mutate()} loading={logout.isPending}>
        {t('logout', lang)}
      </Button>
    </Flex>
  );
}

/** The header's page links: a row on wide screens, a column in the narrow screens' drawer. */
function NavLinks({ lang, vertical, onPick }: { lang: Lang; vertical: boolean; onPick?: () => void }) {
  const me = useMe();
  const location = useLocation();
  const keep = useKeptSearch();
  return (
    <nav
      className="pm-nav"
      aria-label={t('menu', lang)}
      style={{ display: 'flex', flexDirection: vertical ? 'column' : 'row', gap: vertical ? 4 : 20, flex: 1 }}
    >
      {NAV.filter((item) => !item.roles || can(me.data?.role, ...item.roles)).map((item) => {
        const current = item.match(location.pathname);
        return (
          <Link
            key={item.path}
            to={`${item.path}${keep}`}
            onClick={onPick}
            aria-current={current ? 'page' : undefined}
            style={
              vertical
                ? {
                    display: 'flex',
                    alignItems: 'center',
                    minHeight: 44,
                    padding: '0 12px',
                    color: current ? '#0958d9' : 'rgba(0,0,0,0.88)',
                    fontWeight: current ? 600 : undefined,
                    borderInlineStart: current ? '3px solid #0958d9' : '3px solid transparent',
                  }
                : {
                    display: 'flex',
                    alignItems: 'center',
                    height: 64,
                    color: current ? '#fff' : 'rgba(255,255,255,0.8)',
                    // The active tab's underline sits on the header's bottom edge.
                    boxShadow: current ? 'inset 0 -3px 0 #4096ff' : undefined,
                    whiteSpace: 'nowrap',
                  }
            }
          >
            {t(item.label, lang)}
          </Link>
        );
      })}
    </nav>
  );
}

export function App() {
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const trpc = useTRPC();
  const plans = useQuery(trpc.plan.list.queryOptions());
  // Below 1200 px the header's links, the user and the language move into a drawer (all reachable
  // from the menu button); the first render before the breakpoint is known counts as wide.
  const screens = Grid.useBreakpoint();
  const narrow = screens.xl === false;
  const [menuOpen, setMenuOpen] = useState(false);
  // The drawer is loaded on the first open and stays mounted afterwards (its closing animation).
  const [menuLoaded, setMenuLoaded] = useState(false);
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
  const planSwitcher = plan && plans.data && plans.data.length > 1 && (
    <Suspense fallback={null}>
      <PlanSwitcher plans={plans.data} value={plan.id} lang={lang} onChange={switchPlan} />
    </Suspense>
  );
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={CONTRAST_THEME}>
      <AntApp>
        <Layout style={{ minHeight: '100vh' }}>
          <Layout.Header
            data-testid="app-header"
            style={{ display: 'flex', alignItems: 'center', gap: 24, paddingInline: narrow ? 12 : 24 }}
          >
            <Typography.Title
              level={3}
              style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap', flex: narrow ? 1 : undefined }}
            >
              {t('appName', lang)}
            </Typography.Title>
            {narrow ? (
              <>
                <Button
                  aria-label={t('menu', lang)}
                  aria-expanded={menuOpen}
                  data-testid="menu-button"
                  onClick={() => {
                    setMenuLoaded(true);
                    setMenuOpen(true);
                  }}
                  style={{ minWidth: 44, minHeight: 44 }}
                >
                  <span aria-hidden>☰</span> {t('menu', lang)}
                </Button>
                {menuLoaded && (
                  <Suspense fallback={null}>
                    <MenuDrawer
                      open={menuOpen}
                      onClose={() => setMenuOpen(false)}
                      title={t('appName', lang)}
                      key={location.pathname}
                    >
                      <Flex vertical gap="large">
                        <NavLinks lang={lang} vertical onPick={() => setMenuOpen(false)} />
                        {planSwitcher}
                        <UserArea lang={lang} color="rgba(0,0,0,0.88)" />
                        <Button onClick={toggleLang} style={{ alignSelf: 'flex-start' }}>
                          {t('switchLang', lang)}
                        </Button>
                      </Flex>
                    </MenuDrawer>
                  </Suspense>
                )}
              </>
            ) : (
              <>
                <NavLinks lang={lang} vertical={false} />
                {planSwitcher}
                <UserArea lang={lang} />
                <Button onClick={toggleLang}>{t('switchLang', lang)}</Button>
              </>
            )}
          </Layout.Header>
          <Layout.Content
            style={{ padding: narrow ? 12 : 24, maxWidth: screens.xxl ? 1760 : 1280, width: '100%', margin: '0 auto' }}
          >
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
