// Briefing builds run as jobs in this process: `startBriefing` checks the choice and returns at
// once; the client polls `briefingJob` for { done, total } measures and, when done, downloads the
// stored snapshot. Jobs live in memory (a restart forgets a job in flight, never a stored file) and
// are forgotten a while after they finish. Few builds run at once: each keeps both cores busy.
import { TRPCError } from '@trpc/server';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connect';
import { prepareBriefing, renderBriefing, type BriefingRequest } from './build';

const MAX_RUNNING = 2;
const KEEP_FINISHED_MS = 15 * 60_000;

export interface BriefingJob {
  id: string;
  userId: number;
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  briefingId: string | null;
  fileName: string | null;
  error: string | null;
  finishedAt: number | null;
}

const jobs = new Map<string, BriefingJob>();

function sweep(now: number) {
  for (const [id, job] of jobs) if (job.finishedAt !== null && now - job.finishedAt > KEEP_FINISHED_MS) jobs.delete(id);
}

export async function startBriefing(
  db: Db,
  request: BriefingRequest,
  user: { id: number; displayName: string },
  now: Date,
  log: (err: unknown) => void = (err) => console.error('Briefing build failed', err),
): Promise<BriefingJob> {
  sweep(Date.now());
  if ([...jobs.values()].filter((j) => j.state === 'running').length >= MAX_RUNNING)
    throw new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: '正在生成的简报较多，请稍后再试 / Other briefings are being built; try again shortly',
    });
  // Bad months and scopes are refused here, before a job exists.
  const prepared = await prepareBriefing(db, request);
  const job: BriefingJob = {
    id: randomUUID(),
    userId: user.id,
    state: 'running',
    done: 0,
    total: prepared.total,
    briefingId: null,
    fileName: null,
    error: null,
    finishedAt: null,
  };
  jobs.set(job.id, job);
  renderBriefing(db, prepared, user, now, (done) => (job.done = done)).then(
    (out) =>
      Object.assign(job, {
        state: 'done',
        done: job.total,
        briefingId: out.id,
        fileName: out.fileName,
        finishedAt: Date.now(),
      }),
    (err: unknown) => {
      log(err);
      Object.assign(job, {
        state: 'failed',
        error: '生成简报失败，请重试 / The briefing could not be built; please try again',
        finishedAt: Date.now(),
      });
    },
  );
  return { ...job };
}

/** A job as its owner sees it; other users get NOT_FOUND, as for a job that never existed. */
export function briefingJob(id: string, userId: number): BriefingJob {
  const job = jobs.get(id);
  if (!job || job.userId !== userId)
    throw new TRPCError({ code: 'NOT_FOUND', message: `没有这个简报任务 / No briefing job '${id}'` });
  return { ...job };
}
