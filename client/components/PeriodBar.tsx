import { Alert, Flex, Spin, Tag } from 'antd';
import { useSearchParams } from 'react-router';
import { formatPeriod } from '../../shared/format';
import { isPeriod, periodRange } from '../../shared/period';
import { t, type Lang } from '../i18n';
import { NativeSelect } from './NativeSelect';

/** The report month chosen in the URL (?period=2022-10); undefined means "latest with data". */
export function usePeriodParam(): string | undefined {
  const [params] = useSearchParams();
  const p = params.get('period');
  return p && isPeriod(p) ? p : undefined;
}

/** Report-month picker plus the 示例数据 banner; the whole page follows the chosen month. */
export function PeriodBar({
  lang,
  period,
  periods,
  lastPeriod,
  demo,
  fetching,
}: {
  lang: Lang;
  period: string;
  periods: string[];
  lastPeriod: string;
  demo: boolean;
  fetching: boolean;
}) {
  const [params, setParams] = useSearchParams();
  const months = periodRange(periods[0] ?? period, lastPeriod > period ? lastPeriod : period);
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
      {demo && <Alert type="warning" showIcon title={t('demoNote', lang)} />}
    </Flex>
  );
}
