// The one React component that owns an ECharts instance: created when the chart nears the
// viewport (pages hold dozens of charts), setOption on change, resized with its box, disposed on
// unmount. Options come from the pure builders in shared/charts/.
import * as echarts from 'echarts/core';
import type { ChartOption } from '../../shared/charts/types';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { chartModules } from '../../shared/charts/modules';

echarts.use([...chartModules, CanvasRenderer]);

export function EChart({ option, height = 320, label }: { option: ChartOption; height?: number; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [near, setNear] = useState(false);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
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
    return () => io.disconnect();
  }, []);

  useEffect(() => {
    const el = box.current;
    if (!near || !el) return;
    const instance = echarts.init(el);
    chart.current = instance;
    // Tests and benchmarks wait for this attribute to know the chart has drawn.
    instance.on('finished', () => el.setAttribute('data-drawn', 'true'));
    const ro = new ResizeObserver(() => instance.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [near]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, near]);

  return <div ref={box} role="img" aria-label={label} data-testid="echart" style={{ height, width: '100%' }} />;
}
