import { Alert, Flex, Spin, Tag } from 'antd';
import { useSearchParams } from 'react-router';
import { formatPeriod } from '../../shared/format';
import { isPeriod } from '../../shared/period';
import { t, type Lang } from '../i18n';
import { NativeSelect } from './NativeSelect';

/** The report month chosen in the URL (?period=2022-10); undefined means "latest with data". */
export function usePeriodParam(): string | undefined {
  const [params] = useSearchParams();
  const p = params.get('period');
  return p && isPeriod(p) ? p : undefined;
}

/**
 * Report-month picker plus the 示例数据 banner; the whole page follows the chosen month. It offers
 * the months the server judged (up to the latest month with any figure); a URL month outside them
 * comes back `corrected` to the nearest one, which the bar says.
 */
export function PeriodBar({
  lang,
  period,
  periods,
  corrected,
  demo,
  fetching,
}: {
  lang: Lang;
  period: string;
  periods: string[];
  corrected: string | null;
  demo: boolean;
  fetching: boolean;
}) {
  const [params, setParams] = useSearchParams();
  const months = periods.length > 0 ? periods : [period];
  const choose = (value: string) => {
    const next = new URLSearchParams(params);
    next.set('period', value);
    setParams(next, { replace: true });
  };
  return (
    <Flex vertical gap="small">
      <Flex gap="middle" align="center" wrap>
        <label htmlFor="period-select">{t('reportPeriod', lang)}</label>
        <NativeSelect
          id="period-select"
          data-testid="period-select"
          width={160}
          value={period}
          onChange={choose}
          options={months.map((p) => ({ value: p, label: formatPeriod(p, lang) }))}
        />
        {fetching && <Spin size="small" />}
        {demo && (
          <Tag color="orange" data-testid="demo-banner">
            {t('demo', lang)}
          </Tag>
        )}
      </Flex>
      {corrected && (
        <Alert
          type="info"
          showIcon
          data-testid="period-corrected"
          title={
            lang === 'zh'
              ? `${formatPeriod(corrected, 'zh')}不在可选报告期内（${formatPeriod(months[0]!, 'zh')}至${formatPeriod(months.at(-1)!, 'zh')}，截至有数据的最近月份），已显示${formatPeriod(period, 'zh')}。`
              : `${formatPeriod(corrected, 'en')} is outside the months with data (${formatPeriod(months[0]!, 'en')} to ${formatPeriod(months.at(-1)!, 'en')}); showing ${formatPeriod(period, 'en')}.`
          }
        />
      )}
      {demo && <Alert type="warning" showIcon title={t('demoNote', lang)} />}
    </Flex>
  );
}
