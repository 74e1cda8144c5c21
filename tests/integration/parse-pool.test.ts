// The parse pool's limits (server/upload/worker-pool.ts), each set small here: a parse past its
// time ends its thread, a parse past its heap ends its thread, a full queue turns a file away, and
// /metrics' counts. Each test imports the pool afresh, so it is built with that test's limits.
import { readdirSync, readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Limits from '../../server/upload/limits';

const limits = vi.hoisted(() => ({ heapMb: 512, timeoutMs: 60_000, parallel: 2, queued: 8 }));
vi.mock('../../server/upload/limits', async (actual) => ({
  ...(await actual<typeof Limits>()),
  get WORKER_HEAP_MB() {
    return limits.heapMb;
  },
  get WORKER_TIMEOUT_MS() {
    return limits.timeoutMs;
  },
  get MAX_PARALLEL_PARSES() {
    return limits.parallel;
  },
  get MAX_QUEUED_PARSES() {
    return limits.queued;
  },
}));

beforeEach(() => {
  vi.resetModules();
  Object.assign(limits, { heapMb: 512, timeoutMs: 60_000, parallel: 2, queued: 8 });
});
const freshPool = () => import('../../server/upload/worker-pool');

const csv = (rows: number, columns = 3) => {
  const line = (i: number) => ['I-01-1', '2022-10', ...Array.from({ length: columns - 2 }, () => String(i))].join(',');
  const header = ['指标代码', '月份', '本月数值', ...Array.from({ length: columns - 3 }, (_, c) => `备注${c}`)].join(
    ',',
  );
  return new TextEncoder().encode([header, ...Array.from({ length: rows }, (_, i) => line(i))].join('\n') + '\n');
};
const small = () => ({ bytes: csv(1), report: '2022-10' as const, sheet: null });

/** Thread ids of this process's parse threads (the only ones at nice 10, see limits.ts). */
const parseThreads = () =>
  readdirSync('/proc/self/task').filter((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16] === '10';
  });

/** The refusal's code (UploadRefusal is a class of the freshly imported modules, so not instanceof). */
const refusalCode = (promise: Promise<unknown>) =>
  promise.then(
    () => 'parsed',
    (err: Error & { code?: string }) => err.code ?? String(err),
  );

describe('the parse pool', { timeout: 60_000 }, () => {
  it('counts threads, parses running and waiting; turns a file away beyond the queue', async () => {
    Object.assign(limits, { parallel: 1, queued: 1 });
    const { parseInWorker, parsePoolState, warmParseWorker } = await freshPool();
    expect(parsePoolState()).toEqual({ workers: 0, busy: 0, waiting: 0 });
    warmParseWorker();
    expect(parsePoolState()).toEqual({ workers: 1, busy: 0, waiting: 0 });

    const first = parseInWorker({ ...small(), bytes: csv(50_000) });
    const second = parseInWorker(small());
    await expect(parseInWorker(small())).rejects.toMatchObject({ code: 'busy' });
    await vi.waitFor(() => expect(parsePoolState()).toEqual({ workers: 1, busy: 1, waiting: 1 }));
    expect((await first).rows).toHaveLength(50_000);
    expect((await second).rows).toHaveLength(1);
    expect(parsePoolState()).toEqual({ workers: 1, busy: 0, waiting: 0 });
  });

  it('gives the records to onRows chunk by chunk instead of in rows', async () => {
    const { parseInWorker } = await freshPool();
    const chunks: number[] = [];
    const parsed = await parseInWorker({ ...small(), bytes: csv(30_000) }, (rows) => chunks.push(rows.length));
    expect(parsed.rows).toEqual([]);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.reduce((a, b) => a + b)).toBe(30_000);
  });

  it('refuses a parse past its time and terminates its thread, which is replaced', async () => {
    limits.timeoutMs = 20;
    // Earlier tests' pools keep their threads: this pool's is the one that appears now.
    const earlier = parseThreads();
    const { parseInWorker } = await freshPool();
    await parseInWorker(small()).catch(() => {});
    const mine = parseThreads().filter((tid) => !earlier.includes(tid));
    expect(mine).toHaveLength(1);
    expect(await refusalCode(parseInWorker({ ...small(), bytes: csv(100_000) }))).toBe('timeout');
    await vi.waitFor(() => expect(parseThreads()).not.toContain(mine[0]));
    await vi.waitFor(() => expect(parseThreads().filter((tid) => !earlier.includes(tid))).toHaveLength(1));
  });

  it('refuses a parse that runs out of heap as too complex, and ends only its thread', async () => {
    limits.heapMb = 64;
    const { parseInWorker } = await freshPool();
    const big = parseInWorker({ ...small(), bytes: csv(100_000, 60) });
    const other = parseInWorker(small());
    expect(await refusalCode(big)).toBe('too_complex');
    expect((await other).rows).toHaveLength(1);
    expect((await parseInWorker(small())).rows).toHaveLength(1);
  });
});
