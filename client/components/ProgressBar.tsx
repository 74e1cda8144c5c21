import type { Status } from '../../shared/status';
import { STATUS_STYLE } from '../../shared/status-style';
import type { Lang } from '../i18n';

/** Task progress as a bar, with a marker at 序时进度 (time elapsed). */
export function ProgressBar({ task, time, status, lang }: { task: number; time: number; status: Status; lang: Lang }) {
  const clamp = (x: number) => Math.max(0, Math.min(100, x));
  const label =
    lang === 'zh'
      ? `完成 ${task.toFixed(1)}%，序时进度 ${time.toFixed(1)}%`
      : `${task.toFixed(1)}% done, ${time.toFixed(1)}% of time elapsed`;
  return (
    <div
      role="meter"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(task * 10) / 10}
      aria-label={label}
      title={label}
      style={{
        position: 'relative',
        height: 10,
        background: '#f0f0f0',
        borderRadius: 5,
        minWidth: 160,
        flex: '0 0 200px',
      }}
    >
      <div
        style={{ width: `${clamp(task)}%`, height: '100%', background: STATUS_STYLE[status].color, borderRadius: 5 }}
      />
      <div
        data-testid="time-marker"
        style={{
          position: 'absolute',
          left: `calc(${clamp(time)}% - 1px)`,
          top: -3,
          width: 2,
          height: 16,
          background: '#262626',
        }}
      />
    </div>
  );
}
