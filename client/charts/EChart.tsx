// The one React component that owns an ECharts instance: created when the chart nears the
// viewport (pages hold dozens of charts), setOption on change, resized with its box, disposed on
// unmount. Options come from the pure builders in shared/charts/, fitted to the box's width
// (shared/charts/fit.ts: compact legend and axis below 600 px).
import * as echarts from 'echarts/core';
import type { ChartOption } from '../../shared/charts/types';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { COMPACT_WIDTH, fitToWidth } from '../../shared/charts/fit';
import { chartModules } from '../../shared/charts/modules';

echarts.use([...chartModules, CanvasRenderer]);

export function EChart({
  option,
  height = 320,
  label,
  onClick,
  fit = true,
}: {
  option: ChartOption;
  height?: number;
  label: string;
  /** Called with the clicked data item's series id and index. */
  onClick?: (seriesId: string, dataIndex: number) => void;
  /** false for a builder that lays itself out for its width already. */
  fit?: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clicked = useRef(onClick);
  const [near, setNear] = useState(false);
  const [width, setWidth] = useState(0);
  const compact = fit && width > 0 && width < COMPACT_WIDTH;
  const fitted = useMemo(() => (fit ? fitToWidth(option, width) : option), [option, width, fit]);

  useEffect(() => {
    clicked.current = onClick;
  }, [onClick]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setNear(true);
          io.disconnect();
        }
      },
      { rootMargin: '300px' },
    );
    io.observe(el);
    // Printing draws every chart, also those never scrolled near (flushSync: before the page is laid out).
    const print = () => flushSync(() => setNear(true));
    window.addEventListener('beforeprint', print);
    // Only crossing the compact width changes the option; other sizes just resize.
    const ro = new ResizeObserver(() => {
      setWidth(el.clientWidth);
      chart.current?.resize();
    });
    ro.observe(el);
    return () => {
      io.disconnect();
      ro.disconnect();
      window.removeEventListener('beforeprint', print);
    };
  }, []);

  useEffect(() => {
    const el = box.current;
    if (!near || !el) return;
    const instance = echarts.init(el);
    chart.current = instance;
    // Tests and benchmarks wait for this attribute to know the chart has drawn.
    instance.on('finished', () => el.setAttribute('data-drawn', 'true'));
    instance.on('click', (params) => {
      if (typeof params.dataIndex === 'number') clicked.current?.(String(params.seriesId ?? ''), params.dataIndex);
    });
    return () => {
      instance.dispose();
      chart.current = null;
    };
  }, [near]);

  const compactKey = compact ? 'compact' : 'wide';
  useEffect(() => {
    chart.current?.setOption(fitted, { notMerge: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new width inside one layout needs no new option
  }, [option, near, compactKey]);

  return (
    <div
      ref={box}
      className="pm-chart"
      role="img"
      aria-label={label}
      data-testid="echart"
      data-compact={compact ? 'true' : undefined}
      style={{ height: compact ? height + 60 : height, width: '100%', cursor: onClick ? 'pointer' : undefined }}
    />
  );
}
