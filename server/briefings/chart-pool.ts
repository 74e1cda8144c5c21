// Chart images for briefings are rendered in a small pool of worker threads (piscina, one per
// core, at most two: thread-pool.ts), so a 59-measure briefing uses both cores and the server's
// event loop stays free. Threads live on between briefings: starting one (ECharts, resvg) costs
// most of a second, and resvg loads the CJK font on each render anyway; one unused for IDLE_MS ends.
import { availableParallelism } from 'node:os';
import { TaskTimeout, threadPool, type PoolState, type ThreadPool } from '../thread-pool';
import type { IndicatorChartInput } from '../../shared/charts/types';
import type { ChartSize } from '../render/chart-size';

export interface ChartRequest {
  input: IndicatorChartInput;
  /** The 数据来源 line under the chart. */
  source: string;
  size: ChartSize;
  pixelRatio: number;
}

/** An SVG already built (an export's chart) to rasterise: resvg's ~150 ms off the main thread. */
export interface SvgRequest {
  svg: string;
  width: number;
  pixelRatio: number;
}

/** A warm task only makes a thread start (see warmChartPool). */
export type ChartTask = ChartRequest | SvgRequest | { warm: true };

const POOL_SIZE = Math.max(1, Math.min(2, availableParallelism()));
const CHART_TIMEOUT_MS = 60_000;
const IDLE_MS = 10 * 60_000;

let pool: ThreadPool<ChartTask, Uint8Array | null> | null = null;

function chartPool() {
  pool ??= threadPool<ChartTask, Uint8Array | null>(
    'briefings/chart-worker',
    { minThreads: 0, maxThreads: POOL_SIZE, idleTimeout: IDLE_MS },
    CHART_TIMEOUT_MS,
  );
  return pool;
}

async function render(task: ChartRequest | SvgRequest): Promise<Uint8Array> {
  try {
    return (await chartPool().run(task))!;
  } catch (err) {
    if (err instanceof TaskTimeout) throw new Error('Chart image timed out', { cause: err });
    throw new Error(`Chart image failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** One chart as a PNG, rendered off the main thread; requests beyond the pool wait in order. */
export function renderChartInPool(request: ChartRequest): Promise<Uint8Array> {
  return render(request);
}

/** An SVG as a PNG, rasterised in the same pool (chart exports). */
export function svgToPngInPool(request: SvgRequest): Promise<Uint8Array> {
  return render(request);
}

/**
 * Start the threads ahead of the first briefing (server start-up, the briefing page, benches);
 * settles when every thread has loaded ECharts and resvg, so a first build costs what a later one
 * does. One warm task per thread: a thread runs a task only once it has loaded the worker module,
 * and piscina gives POOL_SIZE tasks at once to POOL_SIZE threads. A thread that fails to start
 * settles this too (the renders that follow report the failure).
 */
export async function warmChartPool(): Promise<void> {
  const warming = chartPool();
  await Promise.all(Array.from({ length: POOL_SIZE }, () => warming.run({ warm: true }).catch(() => null)));
}

/** For /metrics: chart threads started, busy, and images waiting for one. */
export function chartPoolState(): PoolState {
  return pool ? pool.state() : { workers: 0, busy: 0, waiting: 0 };
}

/** Stop every thread (tests, benches, shutdown); the next render starts a new pool. */
export async function closeChartPool(): Promise<void> {
  const closing = pool;
  pool = null;
  await closing?.destroy();
}
