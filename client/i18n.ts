// The client's side of the UI strings (shared/ui-strings.ts): the language the page is in.
import { useSearchParams } from 'react-router';
import type { Lang } from '../shared/ui-strings';

export { t, type Lang, type StringKey } from '../shared/ui-strings';

/** The UI language lives in the URL (?lang=en), so a shared link opens in the same language. */
export function useLang(): Lang {
  const [params] = useSearchParams();
  return params.get('lang') === 'en' ? 'en' : 'zh';
}
