import { Tag } from 'antd';
import { formatPeriod } from '../../shared/format';
import type { Status } from '../../shared/status';
import { STATUS_STYLE, statusLabel } from '../../shared/status-style';
import type { Lang } from '../i18n';

/**
 * A status chip: colour, symbol and label, so it reads in greyscale too. Given the month of the
 * figure shown (`asOf`), a 未报送 chip names it: "未报送（最近 2022年10月）".
 */
export function StatusTag({
  status,
  lang,
  count,
  onClick,
  active,
  asOf,
}: {
  status: Status;
  asOf?: string | null;
  lang: Lang;
  count?: number;
  onClick?: () => void;
  active?: boolean;
}) {
  const style = STATUS_STYLE[status];
  return (
    <Tag
      color={style.color}
      data-status={status}
      data-count={count}
      onClick={onClick}
      style={{
        marginInlineEnd: 0,
        cursor: onClick ? 'pointer' : undefined,
        outline: active ? `2px solid ${style.color}` : undefined,
        outlineOffset: 1,
      }}
    >
      {style.symbol} {statusLabel(status, lang)}
      {status === 'not_reported' &&
        asOf &&
        (lang === 'zh' ? `（最近 ${formatPeriod(asOf, 'zh')}）` : ` (latest: ${formatPeriod(asOf, 'en')})`)}
      {count !== undefined && ` ${count}`}
    </Tag>
  );
}
