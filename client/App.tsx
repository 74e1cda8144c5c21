import { useQuery } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, ConfigProvider, Flex, Layout, Spin, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { Suspense } from 'react';
import { Link, Outlet, useLocation, useOutletContext, useSearchParams } from 'react-router';
import { t, useLang, type Lang } from './i18n';
import { useTRPC } from './trpc';

interface ShellContext {
  planId: string;
}

/** The plan every page shows (the first plan loaded; a plan switcher comes with more plans). */
export function usePlanId(): string {
  return useOutletContext<ShellContext>().planId;
}

/** Links keep the report month and the language. */
export function useKeptSearch(): string {
  const [params] = useSearchParams();
  const kept = new URLSearchParams();
  for (const key of ['period', 'lang']) {
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

export function App() {
  const lang = useLang();
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
  const plan = plans.data?.[0];
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS}>
      <AntApp>
        <Layout style={{ minHeight: '100vh' }}>
          <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24 }}>
            <Typography.Title level={3} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
              {t('appName', lang)}
            </Typography.Title>
            <nav style={{ display: 'flex', gap: 20, flex: 1 }}>
              {[
                { to: `/${keep}`, key: 'overview', label: t('overview', lang) },
                { to: `/units${keep}`, key: 'units', label: t('unitsView', lang) },
              ].map((item) => {
                const current = (location.pathname.startsWith('/units') ? 'units' : 'overview') === item.key;
                return (
                  <Link
                    key={item.key}
                    to={item.to}
                    aria-current={current ? 'page' : undefined}
                    style={{
                      color: current ? '#fff' : 'rgba(255,255,255,0.65)',
                      borderBottom: current ? '2px solid #1677ff' : '2px solid transparent',
                      paddingBottom: 4,
                    }}
                  >
                    {item.label}
                  </Link>
                );
              })}
            </nav>
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
