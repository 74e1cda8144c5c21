// Briefing builds run as jobs in this process: `startBriefing` checks the choice and returns at
// once; the client polls `briefingJob` for { done, total } measures and, when done, downloads the
// stored snapshot. Jobs live in memory (a restart forgets a job in flight, never a stored file) and
// are forgotten a while after they finish. Few builds run at once: each keeps both cores busy.
//
// What keeps one user from filling the disk or the queue (issue 17): each user has at most one
// build in flight; builds wait in one first-come queue (one entry per user, so the queue is fair);
// a user may make `perHour` new files an hour; the same request on unchanged figures is answered
// with the snapshot already stored; and files older than `retentionDays` are dropped.
import { TRPCError } from '@trpc/server';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connect';
import { prepareBriefing, renderBriefing, type BriefingRequest, type Prepared } from './build';
import { briefingByFingerprint, briefingsMadeSince, pruneBriefings } from './store';
import { timeBriefing } from '../ops/metrics';

const MAX_RUNNING = 2;
const KEEP_FINISHED_MS = 15 * 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface BriefingLimits {
  /** New files one user may build in an hour. */
  perHour: number;
  /** Days a stored briefing is kept; 0 keeps them forever. */
  retentionDays: number;
  /** Builds waiting at most (one per user). */
  queueMax: number;
}

export const DEFAULT_BRIEFING_LIMITS: BriefingLimits = { perHour: 10, retentionDays: 365, queueMax: 20 };
let limits = DEFAULT_BRIEFING_LIMITS;

/** Set from the environment at start-up (BRIEFINGS_PER_HOUR, BRIEFING_RETENTION_DAYS) and by tests. */
export function setBriefingLimits(next: Partial<BriefingLimits>) {
  limits = { ...DEFAULT_BRIEFING_LIMITS, ...next };
}

export interface BriefingJob {
  id: string;
  userId: number;
  state: 'running' | 'done' | 'failed';
  /** Builds ahead of this one in the queue; 0 once it is being built. */
  waiting: number;
  done: number;
  total: number;
  briefingId: string | null;
  fileName: string | null;
  error: string | null;
  finishedAt: number | null;
}

interface Entry {
  job: BriefingJob;
  fingerprint: string;
  start: () => void;
}

const jobs = new Map<string, Entry>();
const queue: Entry[] = [];
let running = 0;

function sweep(now: number) {
  for (const [id, { job }] of jobs)
    if (job.finishedAt !== null && now - job.finishedAt > KEEP_FINISHED_MS) jobs.delete(id);
}

const tooMany = (message: string) => new TRPCError({ code: 'TOO_MANY_REQUESTS', message });

/** For /metrics: briefings being built, and waiting for a turn. */
export function briefingQueueState() {
  return { running, waiting: queue.length };
}

/** Set by drainBriefings: the server is stopping, no new briefing starts. */
let stopping = false;
const idleWaiters: (() => void)[] = [];
const STOPPING = '服务正在重启，请稍后重新生成简报 / The server is restarting; build the briefing again shortly';

/**
 * For a graceful stop (SIGTERM): refuse new briefings, fail the waiting ones with a message
 * (their page says so; nothing of theirs was written), and wait for the running ones up to
 * `timeoutMs`. Resolves with how many were still running then: those are cut by the exit, and as a
 * briefing is stored in one insert at its end, a cut one leaves nothing behind.
 */
export async function drainBriefings(timeoutMs: number): Promise<number> {
  stopping = true;
  for (const entry of queue.splice(0))
    Object.assign(entry.job, { state: 'failed', waiting: 0, error: STOPPING, finishedAt: Date.now() });
  if (running === 0) return 0;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    new Promise<void>((resolve) => idleWaiters.push(resolve)),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
  ]);
  clearTimeout(timer);
  return running;
}

function next() {
  while (running < MAX_RUNNING && queue.length > 0) {
    queue.shift()!.start();
    queue.forEach((e, i) => (e.job.waiting = i + 1));
  }
}

export async function startBriefing(
  db: Db,
  request: BriefingRequest,
  user: { id: number; displayName: string },
  now: Date,
  log: (err: unknown) => void = (err) => console.error('Briefing build failed', err),
): Promise<BriefingJob> {
  if (stopping) throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: STOPPING });
  sweep(Date.now());
  const mine = [...jobs.values()].find((e) => e.job.userId === user.id && e.job.state === 'running');
  // Bad months and scopes are refused here, before a job exists.
  const prepared = await prepareBriefing(db, request);
  if (mine) {
    if (mine.fingerprint === prepared.fingerprint) return { ...mine.job };
    throw tooMany('您的上一份简报还在生成，请等它完成后再生成下一份 / Your previous briefing is still being built');
  }
  const stored = await briefingByFingerprint(db, request.planId, prepared.fingerprint);
  if (stored) return finishedJob(user.id, prepared, stored.id, stored.fileName);
  const made = await briefingsMadeSince(db, user.id, new Date(now.getTime() - HOUR_MS).toISOString());
  if (made >= limits.perHour)
    throw tooMany(
      `每人每小时最多生成 ${limits.perHour} 份新简报，请稍后再试，或下载已生成的简报 / At most ${limits.perHour} new briefings an hour per user`,
    );
  if (running >= MAX_RUNNING && queue.length >= limits.queueMax)
    throw tooMany('正在排队生成的简报较多，请稍后再试 / Too many briefings are waiting; try again shortly');

  const job: BriefingJob = {
    id: randomUUID(),
    userId: user.id,
    state: 'running',
    waiting: 0,
    done: 0,
    total: prepared.total,
    briefingId: null,
    fileName: null,
    error: null,
    finishedAt: null,
  };
  const entry: Entry = {
    job,
    fingerprint: prepared.fingerprint,
    start: () => {
      running++;
      job.waiting = 0;
      void build(db, prepared, user, now, job, log).finally(() => {
        running--;
        next();
        if (running === 0) for (const resolve of idleWaiters.splice(0)) resolve();
      });
    },
  };
  jobs.set(job.id, entry);
  queue.push(entry);
  job.waiting = queue.length;
  next();
  return { ...job };
}

function finishedJob(userId: number, prepared: Prepared, briefingId: string, fileName: string): BriefingJob {
  const job: BriefingJob = {
    id: randomUUID(),
    userId,
    state: 'done',
    waiting: 0,
    done: prepared.total,
    total: prepared.total,
    briefingId,
    fileName,
    error: null,
    finishedAt: Date.now(),
  };
  jobs.set(job.id, { job, fingerprint: prepared.fingerprint, start: () => {} });
  return { ...job };
}

async function build(
  db: Db,
  prepared: Prepared,
  user: { id: number; displayName: string },
  now: Date,
  job: BriefingJob,
  log: (err: unknown) => void,
) {
  try {
    const out = await timeBriefing(() => renderBriefing(db, prepared, user, now, (done) => (job.done = done)));
    // Old files go before the job reads as done, so whoever waits on it sees the store settled.
    if (limits.retentionDays > 0)
      await pruneBriefings(db, new Date(Date.now() - limits.retentionDays * DAY_MS).toISOString()).catch(log);
    Object.assign(job, {
      state: 'done',
      done: job.total,
      briefingId: out.id,
      fileName: out.fileName,
      finishedAt: Date.now(),
    });
  } catch (err) {
    log(err);
    Object.assign(job, {
      state: 'failed',
      error: '生成简报失败，请重试 / The briefing could not be built; please try again',
      finishedAt: Date.now(),
    });
    return;
  }
}

/** A job as its owner sees it; other users get NOT_FOUND, as for a job that never existed. */
export function briefingJob(id: string, userId: number): BriefingJob {
  const entry = jobs.get(id);
  if (!entry || entry.job.userId !== userId)
    throw new TRPCError({ code: 'NOT_FOUND', message: `没有这个简报任务 / No briefing job '${id}'` });
  return { ...entry.job };
}
