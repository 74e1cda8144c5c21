// Helpers for the reporting workflow tests (entry, review, history, 催报): callers for the demo
// accounts and for extra single-unit statisticians, on a clock set in the reporting season of
// October 2022 so report times and due dates read naturally.
import { expect } from 'vitest';
import type { Db } from '../server/db/connect';
import { createCaller } from '../server/routers/_app';
import { loggedIn, requestWith, testClock, type TestClock } from './fixtures';

export const PLAN = 'changping-2022';

/** 3 November 2022, 10:00 in Beijing: October's figures are being reported (due 5 November). */
export const reportingClock = (start = '2022-11-03T02:00:00.000Z') => testClock(start);

export async function asUser(db: Db, username: string, clock: TestClock = reportingClock(), password = 'demo1234') {
  return requestWith(db, await loggedIn(db, username, password, clock), clock);
}

/** A statistician (or approver) for the given units, created by the demo admin; password `long-enough`. */
export async function addUser(
  db: Db,
  username: string,
  unitCodes: string[],
  role: 'statistician' | 'approver' = 'statistician',
) {
  const admin = await asUser(db, 'admin');
  await admin.users.create({ username, displayName: username, password: 'long-enough', role, unitCodes });
}

export async function asNewUser(
  db: Db,
  username: string,
  unitCodes: string[],
  role: 'statistician' | 'approver' = 'statistician',
  clock: TestClock = reportingClock(),
) {
  await addUser(db, username, unitCodes, role);
  return asUser(db, username, clock, 'long-enough');
}

/** The error a refused call rejects with (fails the test if the call succeeds). */
export const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('should have been refused'),
    (e: unknown) => e,
  );

/** The board's evaluation of one indicator for a month, as anyone sees it. */
export async function boardValue(db: Db, code: string, period: string) {
  const status = await createCaller({ db }).status.forPeriod({ planId: PLAN, period });
  const item = status.indicators.find((i) => i.code === code)!;
  return { value: item.evaluation.value, pending: item.pending };
}
