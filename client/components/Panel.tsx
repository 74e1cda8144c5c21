// A card for the overview's first page, drawn as antd's Card draws one (its theme tokens, its
// sizes) without importing it: antd's Card brings Tabs, Menu and Dropdown for its tab list, which
// held the first page's JavaScript above its 300 KiB budget. Other pages use antd's Card.
import { theme } from 'antd';
import type { CSSProperties, ReactNode } from 'react';

export function Panel({
  title,
  size = 'default',
  style,
  headStyle,
  className,
  children,
  'data-testid': testId,
}: {
  title?: ReactNode;
  size?: 'default' | 'small';
  style?: CSSProperties;
  headStyle?: CSSProperties;
  className?: string;
  children?: ReactNode;
  'data-testid'?: string;
}) {
  const { token } = theme.useToken();
  const small = size === 'small';
  const pad = small ? token.paddingSM : token.paddingLG;
  return (
    <div
      className={['pm-panel', className].filter(Boolean).join(' ')}
      data-testid={testId}
      style={{
        background: token.colorBgContainer,
        border: `${token.lineWidth}px solid ${token.colorBorderSecondary}`,
        borderRadius: token.borderRadiusLG,
        color: token.colorText,
        fontSize: token.fontSize,
        lineHeight: token.lineHeight,
        ...style,
      }}
    >
      {title !== undefined && (
        <div
          className="pm-panel-head"
          style={{
            display: 'flex',
            alignItems: 'center',
            minHeight: small ? 38 : 56,
            padding: `0 ${pad}px`,
            fontWeight: token.fontWeightStrong,
            fontSize: small ? token.fontSize : token.fontSizeLG,
            borderBottom: `${token.lineWidth}px solid ${token.colorBorderSecondary}`,
            ...headStyle,
          }}
        >
          {title}
        </div>
      )}
      <div style={{ padding: pad }}>{children}</div>
    </div>
  );
}
