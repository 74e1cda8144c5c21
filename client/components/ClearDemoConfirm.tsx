// The one dialog for a write the server refused because it would remove the plan's demo data
// (PRECONDITION_FAILED, queries/go-live.ts): it shows the server's words, which name the counts,
// and sends the same write again with confirmClearDemo when the user agrees.
import { TRPCClientError } from '@trpc/client';
import { Modal } from 'antd';
import { t, type Lang } from '../i18n';

export function isClearDemoRefusal(err: unknown): err is Error {
  return err instanceof TRPCClientError && (err.data as { code?: string } | undefined)?.code === 'PRECONDITION_FAILED';
}

/** The server's message in the page's language ("中文 / English"). */
function inLang(message: string, lang: Lang): string {
  const cut = message.indexOf(' / ');
  if (cut < 0) return message;
  return lang === 'zh' ? message.slice(0, cut) : message.slice(cut + 3);
}

export function confirmClearDemo(err: Error, lang: Lang, resend: () => void): void {
  Modal.confirm({
    title: t('clearDemoTitle', lang),
    content: <p data-testid="clear-demo-text">{inLang(err.message, lang)}</p>,
    okText: t('clearDemoOk', lang),
    okButtonProps: { danger: true, 'data-testid': 'clear-demo-ok' },
    cancelText: t('cancel', lang),
    onOk: resend,
  });
}
