// The chart pool (server/briefings/chart-pool.ts) on its own: warming starts every thread, an SVG
// comes back a PNG, a render that fails rejects with its message, and a closed pool starts afresh.
import { availableParallelism } from 'node:os';
import { afterAll, expect, it } from 'vitest';
import { chartPoolState, closeChartPool, svgToPngInPool, warmChartPool } from '../../server/briefings/chart-pool';

afterAll(closeChartPool);

const svg =
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#c00"/></svg>';
const isPng = (bytes: Uint8Array) => Buffer.from(bytes.subarray(1, 4)).toString() === 'PNG';

it(
  'warms one thread per core (at most two), renders, reports failures, and starts afresh after closing',
  { timeout: 60_000 },
  async () => {
    const threads = Math.min(2, availableParallelism());
    await warmChartPool();
    expect(chartPoolState()).toEqual({ workers: threads, busy: 0, waiting: 0 });

    expect(isPng(await svgToPngInPool({ svg, width: 40, pixelRatio: 2 }))).toBe(true);
    await expect(svgToPngInPool({ svg: 'not an svg', width: 40, pixelRatio: 1 })).rejects.toThrow(
      /^Chart image failed: /,
    );
    expect(chartPoolState()).toEqual({ workers: threads, busy: 0, waiting: 0 });

    await closeChartPool();
    expect(chartPoolState()).toEqual({ workers: 0, busy: 0, waiting: 0 });
    expect(isPng(await svgToPngInPool({ svg, width: 40, pixelRatio: 1 }))).toBe(true);
    expect(chartPoolState().workers).toBe(1);
  },
);
