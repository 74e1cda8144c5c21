import { Table, type TableProps } from 'antd';

/**
 * antd's Table in a box of its own that scrolls sideways when the table is wider than the screen
 * (the page itself never does). The box is a named, focusable region so that a keyboard alone can
 * scroll it (WCAG 2.1.1; axe-core's scrollable-region-focusable).
 */
export function ScrollTable<T extends object>({ label, ...props }: TableProps<T> & { label: string }) {
  return (
    <div className="pm-scroll" role="region" aria-label={label} tabIndex={0}>
      <Table<T> {...props} />
    </div>
  );
}
