import { formatPeriod } from '../../shared/format';
import { t, type Lang } from '../i18n';

/** Printed at the foot of every page (global.css repeats it): the report month and the data source. */
export function PrintFooter({ period, demo, lang }: { period: string; demo: boolean; lang: Lang }) {
  const zh = lang === 'zh';
  const sep = zh ? '　' : ' · ';
  return (
    <div className="pm-print-only pm-print-footer" data-testid="print-footer">
      {t('appName', lang)}
      {sep}
      {t('reportPeriod', lang)}
      {zh ? '：' : ': '}
      {formatPeriod(period, lang)}
      {sep}
      {t('dataSource', lang)}
      {zh ? '：' : ': '}
      {t('dataSourceUnits', lang)}
      {demo && `${zh ? '（' : ' ('}${t('demo', lang)}${zh ? '）' : ')'}`}
    </div>
  );
}
