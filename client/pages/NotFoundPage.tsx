import { NotFoundView } from '../components/ErrorViews';
import { useLang } from '../i18n';

export default function NotFoundPage() {
  return <NotFoundView lang={useLang()} />;
}
