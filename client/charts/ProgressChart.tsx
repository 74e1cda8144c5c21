// The first screen's progress chart with its table view (the chart's text alternative). Loaded
// lazily, so ECharts stays out of the overview's first JavaScript.
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import type { ScreenItem } from '../../shared/board/first-screen';
import { buildProgressOption, progressChartHeight, progressTable } from '../../shared/charts/progress-dots';
import { useKeptSearch } from '../App';
import { t, type Lang } from '../i18n';
import { EChart } from './EChart';

export default function ProgressChart({
  items,
  lang,
  compact,
  dark = false,
  height,
}: {
  items: readonly ScreenItem[];
  lang: Lang;
  compact: boolean;
  dark?: boolean;
  /** A fixed height (the wall); otherwise the chart grows with its rows. */
  height?: number;
}) {
  const navigate = useNavigate();
  const keep = useKeptSearch();
  const [showTable, setShowTable] = useState(false);
  const option = useMemo(() => buildProgressOption({ items, lang, compact, dark }), [items, lang, compact, dark]);
  const table = useMemo(() => progressTable({ items, lang }), [items, lang]);
  return (
    <div data-testid="progress-chart">
      <EChart
        option={option}
        fit={false}
        height={height ?? progressChartHeight(items.length, compact)}
        label={t('progressChartLabel', lang)}
        onClick={(_series, index) => {
          const item = items[index];
          if (item) void navigate(`/measures/${item.measureNo}${keep}`);
        }}
      />
      {!dark && (
        <details
          className="pm-no-print"
          open={showTable}
          onToggle={(e) => setShowTable(e.currentTarget.open)}
          data-testid="progress-table"
        >
          <summary className="pm-tap" style={{ cursor: 'pointer', padding: '8px 0' }}>
            {t('tableView', lang)}
          </summary>
          {showTable && (
            <div style={{ overflowX: 'auto' }}>
              <table style={{ borderCollapse: 'collapse', width: '100%', fontSize: 13 }}>
                <thead>
                  <tr>
                    {table.columns.map((c) => (
                      <th key={c} style={{ textAlign: 'left', borderBottom: '1px solid #d9d9d9', padding: 4 }}>
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {table.rows.map((row, r) => (
                    <tr key={String(row[0] ?? r)}>
                      {row.map((cell, c) => (
                        <td key={c} style={{ borderBottom: '1px solid #f0f0f0', padding: 4 }}>
                          {cell ?? '—'}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </details>
      )}
    </div>
  );
}
