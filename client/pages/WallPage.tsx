// 大屏: the first screen for a meeting room's wall. Dark, full screen, no scrolling, type sized to
// the screen's width; it cycles through the first screen and each section's behind items and
// refetches its data on a timer without reloading. The URL picks the plan (?plan=), the month
// (?period=, else the latest with data), the seconds per slide (?cycle=, default 20) and between
// refreshes (?refresh=, default 60).
import { useQuery } from '@tanstack/react-query';
import { Button, ConfigProvider, Flex, Spin, theme } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { formatPeriod } from '../../shared/format';
import { isPeriod } from '../../shared/period';
import { Headline, RedRow, type FirstScreenData } from '../components/FirstScreen';
import { t, useLang, type Lang } from '../i18n';
import { useTRPC } from '../trpc';

const ProgressChart = lazy(() => import('../charts/ProgressChart'));

const NUMERALS = '一二三四五六七八九十';

function seconds(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, 3600) : fallback;
}

/** The slides: the first screen, then one per section that has something behind or overdue. */
function slidesOf(data: FirstScreenData) {
  return [
    { key: 'first', section: null },
    ...data.sections
      .filter((s) => data.red.some((r) => r.sectionNo === s.no))
      .map((s) => ({ key: `section-${s.no}`, section: s })),
  ];
}

function useViewportHeight(): number {
  const [height, setHeight] = useState(() => window.innerHeight);
  useEffect(() => {
    const update = () => setHeight(window.innerHeight);
    window.addEventListener('resize', update);
    return () => window.removeEventListener('resize', update);
  }, []);
  return height;
}

export default function WallPage() {
  const lang = useLang();
  const [params] = useSearchParams();
  const trpc = useTRPC();
  const cycle = seconds(params.get('cycle'), 20);
  const refresh = seconds(params.get('refresh'), 60);
  const period = params.get('period');
  const plans = useQuery(trpc.plan.list.queryOptions());
  const planId = params.get('plan') ?? plans.data?.[0]?.id;
  const screen = useQuery({
    ...trpc.firstScreen.get.queryOptions({
      planId: planId ?? '',
      period: period && isPeriod(period) ? period : undefined,
    }),
    enabled: planId !== undefined,
    refetchInterval: refresh * 1000,
    refetchIntervalInBackground: true,
    placeholderData: (previous) => previous,
  });
  const [index, setIndex] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setIndex((i) => i + 1), cycle * 1000);
    return () => clearInterval(timer);
  }, [cycle]);
  const height = useViewportHeight();

  const data = screen.data;
  const slides = data ? slidesOf(data) : [];
  const slide = slides.length > 0 ? slides[index % slides.length] : undefined;
  return (
    <ConfigProvider theme={{ algorithm: theme.darkAlgorithm }}>
      <div
        data-testid="wall"
        className="pm-wall"
        style={{
          position: 'fixed',
          inset: 0,
          overflow: 'hidden',
          background: '#0a0a0a',
          color: '#f0f0f0',
          fontSize: 'clamp(16px, 1.25vw, 56px)',
          padding: '1.2em 1.6em',
          boxSizing: 'border-box',
          display: 'flex',
          flexDirection: 'column',
          gap: '0.8em',
        }}
      >
        {!data ? (
          <Flex justify="center" align="center" style={{ flex: 1 }}>
            {screen.isError || plans.isError ? <span>{t('loadFailed', lang)}</span> : <Spin size="large" />}
          </Flex>
        ) : (
          <>
            <WallHeader data={data} lang={lang} slide={index % slides.length} slides={slides.length} />
            {slide?.section ? (
              <SectionSlide data={data} lang={lang} section={slide.section} />
            ) : (
              <Flex vertical gap="0.8em" style={{ flex: 1, minHeight: 0 }} data-testid="wall-slide" data-slide="first">
                <Headline data={data} lang={lang} dark />
                <Flex gap="1em" style={{ flex: 1, minHeight: 0 }}>
                  <div style={{ flex: '3 1 0', minWidth: 0 }}>
                    <Suspense fallback={null}>
                      <ProgressChart
                        items={data.progress.slice(0, Math.max(8, Math.floor((height * 0.6) / 22)))}
                        lang={lang}
                        compact={false}
                        dark
                        height={Math.round(height * 0.6)}
                      />
                    </Suspense>
                  </div>
                  <ol style={{ flex: '2 1 0', minWidth: 0, margin: 0, padding: 0, overflow: 'hidden' }}>
                    {data.red.slice(0, 8).map((item) => (
                      <RedRow key={item.code} item={item} lang={lang} dark />
                    ))}
                  </ol>
                </Flex>
              </Flex>
            )}
          </>
        )}
      </div>
    </ConfigProvider>
  );
}

function WallHeader({
  data,
  lang,
  slide,
  slides,
}: {
  data: FirstScreenData;
  lang: Lang;
  slide: number;
  slides: number;
}) {
  const zh = lang === 'zh';
  return (
    <Flex justify="space-between" align="center" gap="1em">
      <h1 style={{ margin: 0, fontSize: '1.8em', color: '#fff' }}>
        {t('appName', lang)} · {formatPeriod(data.period, lang)}
        {data.demo && (
          <span style={{ fontSize: '0.5em', marginInlineStart: '1em', color: '#ffd666' }}>{t('demo', lang)}</span>
        )}
      </h1>
      <Flex gap="1em" align="center">
        <span data-testid="wall-position" aria-live="polite">
          {slide + 1} / {slides}
        </span>
        <Button
          size="small"
          onClick={() => void document.documentElement.requestFullscreen?.()}
          aria-label={zh ? '全屏' : 'Full screen'}
        >
          {zh ? '全屏' : 'Full screen'}
        </Button>
      </Flex>
    </Flex>
  );
}

function SectionSlide({
  data,
  lang,
  section,
}: {
  data: FirstScreenData;
  lang: Lang;
  section: FirstScreenData['sections'][number];
}) {
  const zh = lang === 'zh';
  const items = data.red.filter((r) => r.sectionNo === section.no);
  return (
    <div style={{ flex: 1, minHeight: 0 }} data-testid="wall-slide" data-slide={`section-${section.no}`}>
      <h2 style={{ fontSize: '1.5em', margin: '0 0 0.5em', color: '#fff' }}>
        {zh ? `${NUMERALS[section.no - 1] ?? section.no}、${section.title}` : `${section.no}. ${section.titleEn}`}
      </h2>
      <ol style={{ margin: 0, padding: 0, fontSize: '1.2em', overflow: 'hidden' }}>
        {items.slice(0, 10).map((item) => (
          <RedRow key={item.code} item={item} lang={lang} dark />
        ))}
      </ol>
    </div>
  );
}
