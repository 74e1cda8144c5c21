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
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../../server/app';
import { startBackgroundCheckpoints } from '../../server/db/checkpointer';
import { openSqlite } from '../../server/db/connect';
import { warmParseWorker } from '../../server/upload/worker-pool';

const db = openSqlite(process.argv[2]!);
// As npm start does (server/main.ts).
await startBackgroundCheckpoints(db, process.argv[2]!, console.error);
const app = await buildApp(db, { logLevel: 'silent', clientDir: '/nonexistent' });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
// As npm start does (server/main.ts).
warmParseWorker();
console.log(`PORT ${typeof address === 'object' && address ? address.port : 0}`);
process.once('SIGTERM', () => void app.close().then(() => db.destroy().then(() => process.exit(0))));

const delay = monitorEventLoopDelay({ resolution: 5 });
process.on('SIGUSR1', () => {
  delay.reset();
  delay.enable();
});
process.on('SIGUSR2', () => {
  delay.disable();
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
