import { Tag } from 'antd';
import type { Status } from '../../shared/status';
import { STATUS_STYLE, statusLabel } from '../../shared/status-style';
import type { Lang } from '../i18n';

/** A status chip: colour, symbol and label, so it reads in greyscale too. */
export function StatusTag({
  status,
  lang,
  count,
  onClick,
  active,
}: {
  status: Status;
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
      {count !== undefined && ` ${count}`}
    </Tag>
  );
}
