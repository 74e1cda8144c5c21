// A store for crash and backup tests: a temporary folder with the crash plan, the real server
// started on a SQLite file there (DEMO off), an admin account and approval off, so committed
// figures show on the board at once.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openSqlite } from '../../server/db/connect';
import { createUser } from '../../server/queries/users';
import { CRASH_PLAN, writeCrashPlan } from './crash-plan';
import { login, mutate, startServer, type StoreEnv, type ServerProcess } from './server-process';

export const ADMIN = { username: 'crash-admin', password: 'crash-test-password-1' };

export interface CrashStore {
  env: StoreEnv;
  server: ServerProcess;
  cookie: string;
}

export async function prepareCrashStore(dir: string, indicators: number): Promise<CrashStore> {
  const plansDir = path.join(dir, 'plans');
  mkdirSync(plansDir, { recursive: true });
  writeCrashPlan(plansDir, indicators);
  const env: StoreEnv = { databaseFile: path.join(dir, 'store.sqlite'), plansDir, demo: false };
  // The first start creates, migrates and loads the plan; the account goes in beside the running
  // server, as `npm run user:add` would.
  const server = await startServer(env);
  const db = openSqlite(env.databaseFile);
  try {
    await createUser(
      db,
      { username: ADMIN.username, displayName: '崩溃测试', password: ADMIN.password, role: 'admin', unitCodes: [] },
      { actorId: null },
    );
  } finally {
    await db.destroy();
  }
  const cookie = await login(server.url, ADMIN.username, ADMIN.password);
  await mutate(server.url, cookie, 'review.setApprovalRequired', { planId: CRASH_PLAN, required: false });
  return { env, server, cookie };
}
