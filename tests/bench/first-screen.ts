// The leader's first screen in Chromium as a phone on a slow network sees it: Slow 4G (Lighthouse's
// DevTools profile: 562.5 ms round trip, 1.47 Mbit/s down, 675 kbit/s up) and the CPU slowed 4×
// through the DevTools protocol, on a cold cache; and unthrottled on a desk. Largest Contentful
// Paint and Cumulative Layout Shift come from the page's own PerformanceObservers, the chart time
// from the moment the first-screen chart reports it has drawn.
import { build } from 'vite';
import { launchChromium } from '../browser/server';
import { startServer } from '../crash/server-process';

export interface ScreenFigures {
  lcpMs: number;
  cls: number;
  chartMs: number;
  /** The app's own chart drawn (it has taken the page over from the server's first paint). */
  appMs: number;
}

const SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1474.56 * 1024) / 8,
  uploadThroughput: (675 * 1024) / 8,
};

// Runs in the page before any of its scripts. The chart counts as drawn when either the server's
// first paint (an SVG in the page) or the app's ECharts canvas is there; `app` is when the app has
// drawn its own, after taking the page over.
const OBSERVE = `
  window.__vitals = { lcp: 0, cls: 0, chart: 0, app: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__vitals.lcp = e.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__vitals.cls += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
  new MutationObserver(() => {
    const v = window.__vitals;
    if (!v.chart && document.querySelector('#pm-first [data-drawn=true], [data-testid=progress-chart] [data-drawn=true]'))
      v.chart = performance.now();
    if (!v.app && document.querySelector('[data-testid=progress-chart] [data-drawn=true]')) v.app = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-drawn'] });
`;

export async function firstScreenFigures(): Promise<{ phone: ScreenFigures; desktop: ScreenFigures }> {
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
  const server = await startServer();
  const browser = await launchChromium();
  const measure = async (throttled: boolean): Promise<ScreenFigures> => {
    const context = await browser.newContext({
      viewport: throttled ? { width: 390, height: 844 } : { width: 1440, height: 900 },
      isMobile: throttled,
      hasTouch: throttled,
    });
    const page = await context.newPage();
    await page.addInitScript(OBSERVE);
    if (throttled) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    }
    await page.goto(`${server.url}/?period=2022-10`);
    // Until the app has taken over and drawn its own chart: its paints and shifts count too.
    await page.locator('[data-testid=progress-chart] [data-drawn=true]').waitFor({ timeout: 120_000 });
    // LCP stops at the first input; until then give late paints a moment to be counted.
    await page.waitForTimeout(1000);
    const v = await page.evaluate(() => (window as unknown as { __vitals: Record<string, number> }).__vitals);
    await context.close();
    return { lcpMs: v.lcp ?? 0, cls: v.cls ?? 0, chartMs: v.chart ?? 0, appMs: v.app ?? 0 };
  };
  try {
    // One unmeasured visit warms the server's caches (not the browser's: each context is fresh).
    await measure(false);
    return { phone: await measure(true), desktop: await measure(false) };
  } finally {
    await browser.close();
    await server.stop();
  }
}
