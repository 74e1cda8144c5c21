// The export menu on each chart card: the image and the numbers come from the server's export
// routes (server/export/routes.ts), so a downloaded chart is drawn with the same font and frame
// (数据来源 line, white background) wherever it is made. Copying needs ClipboardItem and a secure
// context (HTTPS or localhost); where either is missing the action is disabled and says why.
import { App, Button, Dropdown, Tooltip, type MenuProps } from 'antd';
import { t, type Lang } from '../i18n';

export function chartExportUrl(
  planId: string,
  code: string,
  file: 'png' | 'svg' | 'data.xlsx' | 'data.csv',
  period: string,
  lang: Lang,
): string {
  const query = new URLSearchParams({ period, lang });
  const path = `/api/charts/${encodeURIComponent(planId)}/${encodeURIComponent(code)}`;
  return `${path}${file.startsWith('data.') ? `/${file}` : `.${file}`}?${query}`;
}

function canCopyImage(): boolean {
  return (
    typeof window !== 'undefined' &&
    window.isSecureContext &&
    typeof ClipboardItem !== 'undefined' &&
    typeof navigator.clipboard?.write === 'function'
  );
}

async function pngBlob(url: string): Promise<Blob> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${res.status}`);
  return new Blob([await res.arrayBuffer()], { type: 'image/png' });
}

export function ChartExportMenu({
  planId,
  code,
  period,
  lang,
}: {
  planId: string;
  code: string;
  period: string;
  lang: Lang;
}) {
  const { message } = App.useApp();
  const url = (file: Parameters<typeof chartExportUrl>[2]) => chartExportUrl(planId, code, file, period, lang);
  const copyable = canCopyImage();
  const link = (file: Parameters<typeof chartExportUrl>[2], label: string) => (
    <a href={url(file)} download data-testid={`export-${file}-${code}`}>
      {label}
    </a>
  );
  const copy = () => {
    // The promise goes into the ClipboardItem at once: Safari allows the write only within the
    // click, before the image has arrived.
    navigator.clipboard
      .write([new ClipboardItem({ 'image/png': pngBlob(url('png')) })])
      .then(() => message.success(t('copyImageDone', lang)))
      .catch(() => message.error(t('copyImageFailed', lang)));
  };
  const items: MenuProps['items'] = [
    { key: 'png', label: link('png', t('exportPng', lang)) },
    { key: 'svg', label: link('svg', t('exportSvg', lang)) },
    {
      key: 'copy',
      disabled: !copyable,
      label: copyable ? (
        <span data-testid={`export-copy-${code}`}>{t('copyImage', lang)}</span>
      ) : (
        <Tooltip title={t('copyUnavailable', lang)} placement="left">
          <span data-testid={`export-copy-${code}`}>{t('copyImage', lang)}</span>
        </Tooltip>
      ),
      onClick: copyable ? copy : undefined,
    },
    { type: 'divider' },
    { key: 'xlsx', label: link('data.xlsx', t('exportDataXlsx', lang)) },
    { key: 'csv', label: link('data.csv', t('exportDataCsv', lang)) },
  ];
  return (
    <Dropdown menu={{ items }} trigger={['click']} placement="bottomRight">
      <Button size="small" data-testid={`export-menu-${code}`}>
        {t('exportChart', lang)}
      </Button>
    </Dropdown>
  );
}
