// Chart images for briefings are rendered in a small pool of worker threads (one per core, at
// most two), so a 59-measure briefing uses both cores and the server's event loop stays free.
// Workers live on between briefings: starting one (ECharts, resvg) costs most of a second,
// and resvg loads the CJK font on each render anyway. Idle workers do not keep the process alive.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startServerWorker } from '../worker-entry';
import type { IndicatorChartInput } from '../../shared/charts/types';
import type { ChartSize } from '../render/chart-size';

export interface ChartRequest {
  id: number;
  input: IndicatorChartInput;
  /** The 数据来源 line under the chart. */
  source: string;
  size: ChartSize;
  pixelRatio: number;
}

/** An SVG already built (an export's chart) to rasterise: resvg's ~150 ms off the main thread. */
export interface SvgRequest {
  id: number;
  svg: string;
  width: number;
  pixelRatio: number;
}

type PoolRequest = ChartRequest | SvgRequest;

export type ChartAnswer = { id: number; ok: true; png: Uint8Array } | { id: number; ok: false; failure: string };

const POOL_SIZE = Math.max(1, Math.min(2, availableParallelism()));
const CHART_TIMEOUT_MS = 60_000;
const IDLE_MS = 10 * 60_000;

interface Task {
  request: Omit<ChartRequest, 'id'> | Omit<SvgRequest, 'id'>;
  resolve: (png: Uint8Array) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  task: (Task & { id: number; timer: NodeJS.Timeout }) | null;
  /** Ends an idle worker after IDLE_MS (each holds ECharts, resvg and a heap). */
  idle: NodeJS.Timeout | null;
  /** Settles when the worker has loaded its modules (or failed to start). */
  ready: Promise<void>;
}

const slots: Slot[] = [];
const queue: Task[] = [];
let nextId = 1;

function retire(slot: Slot, err: Error) {
  if (slot.idle) clearTimeout(slot.idle);
  const i = slots.indexOf(slot);
  if (i >= 0) slots.splice(i, 1);
  if (slot.task) {
    clearTimeout(slot.task.timer);
    slot.task.reject(err);
    slot.task = null;
  }
  void slot.worker.terminate();
  pump();
}

function addSlot(): Slot {
  const worker = startServerWorker('briefings/chart-worker');
  const ready = new Promise<void>((resolve) => {
    const done = () => resolve();
    worker.on('message', (m: { ready?: boolean }) => m.ready && done());
    worker.once('error', done);
    worker.once('exit', done);
  });
  const slot: Slot = { worker, task: null, idle: null, ready };
  slot.worker.on('message', (answer: ChartAnswer | { ready: true }) => {
    if ('ready' in answer) return;
    const task = slot.task;
    if (!task || task.id !== answer.id) return;
    clearTimeout(task.timer);
    slot.task = null;
    if (answer.ok) task.resolve(answer.png);
    else task.reject(new Error(`Chart image failed: ${answer.failure}`));
    pump();
  });
  slot.worker.on('error', (err: Error) => retire(slot, err));
  slot.worker.on('exit', (code) => retire(slot, new Error(`Chart worker exited with code ${code}`)));
  slots.push(slot);
  return slot;
}

function pump() {
  while (queue.length > 0) {
    const slot = slots.find((s) => !s.task) ?? (slots.length < POOL_SIZE ? addSlot() : undefined);
    if (!slot) return;
    const task = queue.shift()!;
    const id = nextId++;
    const timer = setTimeout(() => retire(slot, new Error('Chart image timed out')), CHART_TIMEOUT_MS);
    slot.task = { ...task, id, timer };
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = null;
    slot.worker.ref();
    slot.worker.postMessage({ ...task.request, id } satisfies PoolRequest);
  }
  for (const s of slots) if (!s.task) idle(s);
}

function idle(slot: Slot) {
  // An idle worker does not keep the process alive, and goes after a while unused.
  slot.worker.unref();
  if (slot.idle) return;
  slot.idle = setTimeout(() => {
    slot.idle = null;
    if (!slot.task) retire(slot, new Error('Chart worker idle'));
  }, IDLE_MS);
  slot.idle.unref();
}

/** One chart as a PNG, rendered off the main thread; requests beyond the pool wait in order. */
export function renderChartInPool(request: Omit<ChartRequest, 'id'>): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    queue.push({ request, resolve, reject });
    pump();
  });
}

/** An SVG as a PNG, rasterised in the same pool (chart exports). */
export function svgToPngInPool(request: Omit<SvgRequest, 'id'>): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    queue.push({ request, resolve, reject });
    pump();
  });
}

/**
 * Start the workers ahead of the first briefing (server start-up, the briefing page, benches);
 * settles when every worker has loaded ECharts and resvg, so a first build costs what a later one does.
 */
export function warmChartPool(): Promise<void> {
  while (slots.length < POOL_SIZE) addSlot();
  // Workers stay referenced while they start (so a caller awaiting this is kept alive), idle after.
  return Promise.all(
    slots.map((s) =>
      s.ready.then(() => {
        if (!s.task && slots.includes(s)) idle(s);
      }),
    ),
  ).then(() => {});
}

/** For /metrics: chart workers started, busy, and images waiting for one. */
export function chartPoolState() {
  return { workers: slots.length, busy: slots.filter((s) => s.task).length, waiting: queue.length };
}

/** Stop every worker (tests, benches); the next render starts new ones. */
export async function closeChartPool(): Promise<void> {
  const all = slots.splice(0);
  for (const s of all) if (s.idle) clearTimeout(s.idle);
  await Promise.all(all.map((s) => s.worker.terminate()));
}
