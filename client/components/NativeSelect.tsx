// A plain <select> styled to sit among antd controls. The board's first screen uses it instead
// of antd's Select, which alone would add ~25 KiB (gzip) to the first page's JavaScript; a
// native select is also keyboard- and screen-reader-friendly, and types ahead on its own.
import type { CSSProperties } from 'react';

const style: CSSProperties = {
  height: 32,
  padding: '0 8px',
  border: '1px solid #d9d9d9',
  borderRadius: 6,
  background: '#fff',
  fontSize: 14,
  color: 'rgba(0,0,0,0.88)',
};

export function NativeSelect<V extends string | number>({
  value,
  options,
  onChange,
  width,
  ...rest
}: {
  value: V;
  options: { value: V; label: string }[];
  onChange: (value: V) => void;
  width?: number;
  id?: string;
  'aria-label'?: string;
  'data-testid'?: string;
}) {
  return (
    <select
      {...rest}
      value={String(value)}
      className="pm-select"
      style={{ ...style, width }}
      onChange={(e) => {
        const picked = options.find((o) => String(o.value) === e.target.value);
        if (picked) onChange(picked.value);
      }}
    >
      {options.map((o) => (
        <option key={String(o.value)} value={String(o.value)}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
