// A server process for the HTTP benchmarks: serves an already prepared SQLite file (argv[2]) on a
// free loopback port and prints the port. Started as a child so the load generator does not share
// its event loop or its memory.
//
// Measuring (for the import bench): SIGUSR1 starts an event-loop delay histogram; SIGUSR2 stops it
// and prints `MEASURE {"p99":…,"max":…}` (milliseconds). Memory is read from outside
// (/proc/<pid>/status), so nothing here allocates for it.
//
// PM_BENCH_STALLS=1: every stall of the event loop over 25 ms is printed to stderr with the
// monotonic time it ended (µs, the clock of a --cpu-prof profile: with PM_BENCH_PROFILE the stack
// that held the loop can be found in the profile at that time).
//
// PM_BENCH_MEM=1: while measuring, the main thread's memory (rss, heap used and total, external,
// in MB) is sampled every 20 ms; a timeline (every 100 ms: `ms:rss/heapUsed/heapTotal/external`)
// and the start and peak of each field go to stderr on SIGUSR2. It tells the main thread's heap
// from everything else in the process's growth (parse worker, SQLite, buffers).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../../server/app';
import { startBackgroundCheckpoints } from '../../server/db/checkpointer';
import { openSqlite } from '../../server/db/connect';
import { warmParseWorker } from '../../server/upload/worker-pool';

const db = openSqlite(process.argv[2]!);
// As npm start does (server/main.ts).
await startBackgroundCheckpoints(db, process.argv[2]!, console.error);
// The load's viewers are anonymous: the board is published, as on a public plan's site. As behind
// nginx (deploy/), the client's address comes from X-Forwarded-For set by a proxy on loopback:
// each viewer has an address of its own (http.ts), the abusers (abuse-client.ts) share one.
const app = await buildApp(db, {
  logLevel: 'silent',
  clientDir: '/nonexistent',
  publicBoard: true,
  trustProxy: ['127.0.0.1'],
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
// As npm start does (server/main.ts).
warmParseWorker();
console.log(`PORT ${typeof address === 'object' && address ? address.port : 0}`);
process.once('SIGTERM', () => void app.close().then(() => db.destroy().then(() => process.exit(0))));

const delay = monitorEventLoopDelay({ resolution: 5 });
let memory: { stop(): void } | null = null;

function sampleMemory() {
  const mb = (n: number) => Math.round(n / 1048576);
  const read = () => {
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    return { rss: mb(rss), heapUsed: mb(heapUsed), heapTotal: mb(heapTotal), external: mb(external) };
  };
  const start = read();
  const peak = { ...start };
  const timeline: string[] = [];
  const t0 = performance.now();
  let tick = 0;
  const timer = setInterval(() => {
    const now = read();
    for (const k of Object.keys(peak) as (keyof typeof peak)[]) peak[k] = Math.max(peak[k], now[k]);
    if (++tick % 5 === 0)
      timeline.push(
        `${Math.round(performance.now() - t0)}:${now.rss}/${now.heapUsed}/${now.heapTotal}/${now.external}`,
      );
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      console.error(`MEM timeline ${timeline.join(' ')}`);
      console.error(`MEM start ${JSON.stringify(start)} peak ${JSON.stringify(peak)}`);
    },
  };
}
process.on('SIGUSR1', () => {
  memory = process.env.PM_BENCH_MEM ? sampleMemory() : null;
  delay.reset();
  delay.enable();
});
process.on('SIGUSR2', () => {
  delay.disable();
  memory?.stop();
  console.log(`MEASURE ${JSON.stringify({ p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 })}`);
});

if (process.env.PM_BENCH_STALLS) {
  let last = process.hrtime.bigint();
  setInterval(() => {
    const now = process.hrtime.bigint();
    const ms = Number(now - last) / 1e6;
    if (ms > 25) console.error(`STALL ${ms.toFixed(0)} ms ending at ${now / 1000n} µs`);
    last = now;
  }, 2).unref();
}
