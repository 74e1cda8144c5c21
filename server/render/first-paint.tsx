// 总览's first screen as plain HTML, sent inside the page itself (server/first-paint-route.ts): the
// headline counts, the progress chart as an SVG drawn by ECharts on the server, and the red list.
// On a phone over a slow network the app's JavaScript takes seconds to arrive and run; this lets a
// leader read "how are we doing" from the first response. It is a real page (its links work
// without JavaScript); the app replaces it once it has drawn the same screen (client/first-paint.ts).
//
// The words, the order, the colours and the chart all come from the rules the app uses
// (shared/board/first-screen.ts, shared/charts/progress-dots.ts, shared/status-style.ts,
// shared/ui-strings.ts); only the layout is written again here, as static CSS.
import { renderToStaticMarkup } from 'react-dom/server';
import { TREND_SYMBOL, redMeasure, trendLabel, type RedItem, type ScreenItem } from '../../shared/board/first-screen';
import { buildProgressOption, progressChartHeight } from '../../shared/charts/progress-dots';
import { formatPeriod, type Lang } from '../../shared/format';
import { statuses, type Status } from '../../shared/status';
import { STATUS_STYLE, statusLabel } from '../../shared/status-style';
import { t } from '../../shared/ui-strings';
import { renderChartSvg } from './chart-svg';

export interface FirstPaintInput {
  plan: { title: string; titleEn: string; issuer: string; issuerEn: string; docNumber: string };
  screen: {
    period: string;
    previousPeriod: string | null;
    demo: boolean;
    indicators: Record<string, number>;
    milestones: Record<string, number>;
    newlyBehind: readonly string[];
    newlyAchieved: readonly string[];
    progress: readonly ScreenItem[];
    red: readonly RedItem[];
  };
  lang: Lang;
  /** The query string links keep (plan, period, lang), with its "?" or empty. */
  keep: string;
}

/** As many red items as the app shows before 显示全部. */
const RED_SHOWN = 8;
/** The chart's drawing widths: the app's chart box on a phone and on a desk. */
const COMPACT_WIDTH = 360;
const WIDE_WIDTH = 820;

// Sizes follow antd's defaults as the app uses them (header 64 px, h2 30 px, cards with 12 px
// padding), so the app taking over moves nothing. Below 768 px (antd's md) the chart is the compact
// one, as in the app.
const CSS = `
html.pm-first-paint #root{display:none}
html.pm-first-paint body{margin:0}
#pm-first{font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Noto Sans',sans-serif;font-size:14px;line-height:1.5715;color:rgba(0,0,0,.88);background:#f5f5f5;min-height:100vh}
#pm-first a{color:#0958d9;text-decoration:underline}
.pmf-head{height:64px;background:#001529;display:flex;align-items:center;padding:0 24px}
.pmf-brand{color:#fff;font-size:24px;font-weight:600;line-height:1.35;margin:0;white-space:nowrap}
.pmf-main{padding:24px;max-width:1280px;margin:0 auto;box-sizing:border-box;display:flex;flex-direction:column;gap:24px}
.pmf-title{font-size:30px;font-weight:600;line-height:1.35;margin:0 0 4px}
.pmf-sub{color:rgba(0,0,0,.65)}
.pmf-flex{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
.pmf-card{background:#fff;border:1px solid #f0f0f0;border-radius:8px;padding:12px;box-sizing:border-box;min-width:0}
.pmf-card-title{font-weight:600;margin-bottom:8px}
.pmf-tags{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}
.pmf-tag{display:inline-block;color:#fff;border-radius:4px;padding:0 7px;font-size:12px;line-height:20px}
.pmf-big{font-size:1.6em;font-weight:600}
.pmf-red{list-style:none;margin:0;padding:0}
.pmf-red li{padding:6px 0;display:flex;flex-wrap:wrap;gap:8px;align-items:baseline}
.pmf-chart svg{display:block;width:100%;height:auto}
.pmf-chart .pmf-compact{display:none}
@media (max-width:767.98px){.pmf-chart .pmf-wide{display:none}.pmf-chart .pmf-compact{display:block}}
@media (max-width:1199.98px){.pmf-head{padding:0 12px}.pmf-main{padding:12px}}
@media print{.pmf-head{display:none}}
`;

function Tag({ status, lang, count }: { status: Status; lang: Lang; count?: number }) {
  const style = STATUS_STYLE[status];
  return (
    <span className="pmf-tag" style={{ background: style.color }} data-status={status}>
      {style.symbol} {statusLabel(status, lang)}
      {count !== undefined && ` ${count}`}
    </span>
  );
}

function shown(counts: Record<string, number>): Status[] {
  return statuses.filter((s) => (counts[s] ?? 0) > 0);
}

function Headline({ screen, lang }: Pick<FirstPaintInput, 'screen' | 'lang'>) {
  const zh = lang === 'zh';
  return (
    <div className="pmf-flex">
      {(['indicators', 'milestones'] as const).map((group) => {
        const counts = screen[group];
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        return (
          <div key={group} className="pmf-card" style={{ flex: '1 1 260px' }}>
            <strong>
              {t(group, lang)} <span style={{ fontSize: '1.6em' }}>{total}</span>
            </strong>
            <div className="pmf-tags">
              {shown(counts).map((s) => (
                <Tag key={s} status={s} lang={lang} count={counts[s]} />
              ))}
            </div>
          </div>
        );
      })}
      <div className="pmf-card" style={{ flex: '1 1 200px' }}>
        <strong>
          {screen.previousPeriod
            ? zh
              ? `较${formatPeriod(screen.previousPeriod, lang)}`
              : `Since ${formatPeriod(screen.previousPeriod, lang)}`
            : t('noPreviousMonth', lang)}
        </strong>
        <div className="pmf-tags" style={{ gap: 24 }}>
          <span>
            {STATUS_STYLE.behind.symbol} {t('newlyBehind', lang)}{' '}
            <strong style={{ fontSize: '1.6em' }}>{screen.newlyBehind.length}</strong>
          </span>
          <span>
            {STATUS_STYLE.achieved.symbol} {t('newlyAchieved', lang)}{' '}
            <strong style={{ fontSize: '1.6em' }}>{screen.newlyAchieved.length}</strong>
          </span>
        </div>
      </div>
    </div>
  );
}

function RedList({ items, lang, keep }: { items: readonly RedItem[]; lang: Lang; keep: string }) {
  const zh = lang === 'zh';
  return (
    <div className="pmf-card">
      <div className="pmf-card-title" style={{ color: STATUS_STYLE.behind.color }}>
        {STATUS_STYLE.behind.symbol} {t('redList', lang)}（{items.length}）
      </div>
      {items.length === 0 ? (
        t('nothingBehind', lang)
      ) : (
        <ol className="pmf-red">
          {items.slice(0, RED_SHOWN).map((item) => (
            <li key={item.code} data-status={item.status}>
              <Tag status={item.status} lang={lang} />
              <a href={`/measures/${item.measureNo}${keep}`}>
                {item.code} {zh ? item.name : item.nameEn}
              </a>
              {item.lead && (
                <span style={{ color: 'rgba(0,0,0,0.65)' }}>
                  {t('leadUnit', lang)}
                  {zh ? '：' : ': '}
                  {zh ? item.lead.name : item.lead.nameEn}
                </span>
              )}
              <strong>{redMeasure(item, lang)}</strong>
              <span title={trendLabel(item, lang)} aria-label={trendLabel(item, lang)}>
                {TREND_SYMBOL[item.trend]}
              </span>
            </li>
          ))}
        </ol>
      )}
      {items.length > RED_SHOWN && (
        <div style={{ marginTop: 4 }}>
          {zh
            ? `另有 ${items.length - RED_SHOWN} 项，见下方列表`
            : `${items.length - RED_SHOWN} more in the list below`}
        </div>
      )}
    </div>
  );
}

/** An ECharts SVG that scales with its box (the markup keeps its viewBox). */
function chartSvg(items: readonly ScreenItem[], lang: Lang, compact: boolean): string {
  const width = compact ? COMPACT_WIDTH : WIDE_WIDTH;
  const svg = renderChartSvg(buildProgressOption({ items, lang, compact }), {
    width,
    height: progressChartHeight(items.length, compact),
  });
  // Decorative to assistive technology: the wrapper carries the chart's text alternative.
  return svg.replace('<svg ', '<svg aria-hidden="true" focusable="false" ');
}

/** The first screen's markup, to go before the app's root element. */
export function firstPaintHtml({ plan, screen, lang, keep }: FirstPaintInput): string {
  const zh = lang === 'zh';
  const body = renderToStaticMarkup(
    <div id="pm-first" data-testid="first-paint" data-period={screen.period}>
      <div className="pmf-head">
        <span className="pmf-brand">{t('appName', lang)}</span>
      </div>
      <main className="pmf-main">
        <div>
          <h2 className="pmf-title">{zh ? plan.title : plan.titleEn}</h2>
          <span className="pmf-sub">
            {zh ? plan.issuer : plan.issuerEn} · {plan.docNumber}
          </span>
        </div>
        <div>
          {t('reportPeriod', lang)} <strong>{formatPeriod(screen.period, lang)}</strong>
          {screen.demo && (
            <span className="pmf-tag" style={{ background: '#ad4e00', marginInlineStart: 8 }}>
              {t('demo', lang)}
            </span>
          )}
        </div>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
          <Headline screen={screen} lang={lang} />
          <div className="pmf-flex">
            <div className="pmf-card" style={{ flex: '2 1 520px' }}>
              <div className="pmf-card-title">{t('progressChartTitle', lang)}</div>
              <div
                className="pmf-chart"
                role="img"
                aria-label={t('progressChartLabel', lang)}
                data-testid="first-paint-chart"
                data-drawn="true"
              >
                <div
                  className="pmf-wide"
                  dangerouslySetInnerHTML={{ __html: chartSvg(screen.progress, lang, false) }}
                />
                <div
                  className="pmf-compact"
                  dangerouslySetInnerHTML={{ __html: chartSvg(screen.progress, lang, true) }}
                />
              </div>
            </div>
            <div style={{ flex: '1 1 320px', minWidth: 0 }}>
              <RedList items={screen.red} lang={lang} keep={keep} />
            </div>
          </div>
        </div>
      </main>
    </div>,
  );
  return `<style>${CSS}</style>${body}`;
}
