// The pages for a URL that names nothing (404) and for a page the user may not open (403, from a
// tRPC FORBIDDEN or UNAUTHORIZED answer): distinct from a failed load ("数据加载失败"), and each
// with a way on. The 403 view shows the server's refusal (client/access.ts tells one apart), which
// names the role or unit needed. Loaded when needed: antd's Result brings large illustrations.
import { Button, Result } from 'antd';
import { Link, useLocation, useSearchParams } from 'react-router';
import { ROLE_NAMES } from '../../shared/roles';
import { t, type Lang } from '../i18n';
import { useMe } from '../session';

/** The server's message in the page's language ("中文 / English"). */
function inLang(message: string, lang: Lang): string {
  const cut = message.indexOf(' / ');
  if (cut < 0) return message;
  return lang === 'zh' ? message.slice(0, cut) : message.slice(cut + 3);
}

function useLangSearch(): string {
  const [params] = useSearchParams();
  return params.get('lang') === 'en' ? '?lang=en' : '';
}

function BackHome({ lang }: { lang: Lang }) {
  const search = useLangSearch();
  return (
    <Link to={`/${search}`} data-testid="back-home">
      <Button type="primary">{t('back', lang)}</Button>
    </Link>
  );
}

export function NotFoundView({ lang }: { lang: Lang }) {
  const { pathname } = useLocation();
  return (
    <Result
      status="404"
      data-testid="not-found"
      title={`404 ${t('notFoundTitle', lang)}`}
      subTitle={`${t('notFoundText', lang)}${pathname}`}
      extra={<BackHome lang={lang} />}
    />
  );
}

export function ForbiddenView({ lang, refusal }: { lang: Lang; refusal: { status: 403 | 401; message: string } }) {
  const me = useMe();
  const search = useLangSearch();
  const who = me.data
    ? `${t('signedInAs', lang)}${me.data.displayName}（${ROLE_NAMES[me.data.role][lang]}）`
    : t('notSignedIn', lang);
  return (
    <Result
      status="403"
      data-testid="forbidden"
      title={`${refusal.status} ${t(refusal.status === 401 ? 'loginNeeded' : 'forbiddenTitle', lang)}`}
      subTitle={
        <>
          <div data-testid="forbidden-reason">{inLang(refusal.message, lang)}</div>
          <div>{who}</div>
        </>
      }
      extra={[
        <BackHome key="home" lang={lang} />,
        <Link key="login" to={`/login${search}`}>
          <Button>{t(me.data ? 'switchAccount' : 'login', lang)}</Button>
        </Link>,
      ]}
    />
  );
}
