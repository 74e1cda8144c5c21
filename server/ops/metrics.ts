// The process's Prometheus metrics that are not tied to one HTTP server: import and briefing
// durations, and Node's own (event-loop delay, memory, CPU). The HTTP server adds its requests, queues
// and database pool in ops/metrics-route.ts and serves all of it at /metrics.
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export const processMetrics = new Registry();
collectDefaultMetrics({ register: processMetrics, prefix: 'plan_monitor_' });

const importSeconds = new Histogram({
  name: 'plan_monitor_import_duration_seconds',
  help: 'Uploads: reading and checking a file (preview), and saving its figures (commit)',
  labelNames: ['step', 'outcome'] as const,
  buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  registers: [processMetrics],
});

const briefingSeconds = new Histogram({
  name: 'plan_monitor_briefing_duration_seconds',
  help: 'Briefings (简报): building one file, from its start to stored',
  labelNames: ['outcome'] as const,
  buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  registers: [processMetrics],
});

type Outcome = 'ok' | 'failed';

/** Time `work`, counting it as failed when it throws. */
async function timed<T>(observe: (outcome: Outcome, seconds: number) => void, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const result = await work();
    observe('ok', (performance.now() - started) / 1000);
    return result;
  } catch (err) {
    observe('failed', (performance.now() - started) / 1000);
    throw err;
  }
}

export const timeImport = <T>(step: 'preview' | 'commit', work: () => Promise<T>) =>
  timed((outcome, s) => importSeconds.observe({ step, outcome }, s), work);

export const timeBriefing = <T>(work: () => Promise<T>) =>
  timed((outcome, s) => briefingSeconds.observe({ outcome }, s), work);
