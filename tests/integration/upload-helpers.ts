// Upload tests talk to a real server on a real socket: tRPC's FormData handling and multipart
// parsing do not go through fastify.inject() faithfully (see /work/shared/STACK.md).
import type { inferRouterOutputs } from '@trpc/server';
import { buildApp } from '../../server/app';
import { seedDemoAccounts } from '../../server/auth/demo-accounts';
import type { Db } from '../../server/db/connect';
import { syncPlan } from '../../server/plans/sync';
import type { AppRouter } from '../../server/routers/_app';
import type { Preview } from '../../server/upload/preview';
import type { RefusalBody } from '../../server/upload/refusal';
import { changping, migratedDb, silent, test as base } from '../fixtures';

export const PLAN = 'changping-2022';

/** A preview, or (typed alongside, present instead) the error of a refused upload. */
export type UploadBody = Preview & { error: RefusalBody };
export type Outputs = inferRouterOutputs<AppRouter>;
/** A tRPC answer: `data` on success, `error` otherwise. */
export interface TrpcAnswer<T> {
  status: number;
  data: T;
  error: { message: string; data: { code: string } };
}

export interface Server {
  db: Db;
  base: string;
  /** Log in over HTTP and return the Cookie header for later requests. */
  login(username: string): Promise<string>;
  upload(
    cookie: string,
    file: Buffer,
    fileName: string,
    fields?: Record<string, string>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: UploadBody }>;
  /** A tRPC call: a mutation when `mutation`, else a query. */
  trpc<T>(cookie: string, path: string, input: unknown, mutation?: boolean): Promise<TrpcAnswer<T>>;
}

export async function startServer(): Promise<Server & { close: () => Promise<void> }> {
  const db = await migratedDb();
  await syncPlan(db, changping, silent);
  await seedDemoAccounts(db, silent);
  const app = await buildApp(db, { logLevel: 'silent', clientDir: '/nonexistent' });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });

  return {
    db,
    base: url,
    async login(username) {
      const res = await fetch(`${url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'demo1234' }),
      });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
      return res.headers.getSetCookie()[0]!.split(';')[0]!;
    },
    async upload(cookie, file, fileName, fields = {}, headers) {
      const form = new FormData();
      for (const [k, v] of Object.entries({ plan: PLAN, period: '2022-10', ...fields })) form.append(k, v);
      form.append('file', new Blob([new Uint8Array(file)]), fileName);
      const res = await fetch(`${url}/api/uploads/preview`, {
        method: 'POST',
        headers: headers ?? { cookie, origin: url, 'x-plan-monitor-upload': '1' },
        body: form,
      });
      return { status: res.status, body: (await res.json()) as UploadBody };
    },
    async trpc<T>(cookie: string, path: string, input: unknown, mutation = false) {
      const res = mutation
        ? await fetch(`${url}/trpc/${path}`, {
            method: 'POST',
            headers: { cookie, 'content-type': 'application/json', origin: url },
            body: JSON.stringify(input),
          })
        : await fetch(`${url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
            headers: { cookie },
          });
      const body = (await res.json()) as { result?: { data: T }; error: TrpcAnswer<T>['error'] };
      return { status: res.status, data: body.result?.data as T, error: body.error };
    },
    close: async () => {
      await app.close();
      await db.destroy();
    },
  };
}

/** `server`: a fresh app on its own database for each test. */
export const test = base.extend<{ server: Server }>({
  server: async ({}, use) => {
    const server = await startServer();
    await use(server);
    await server.close();
  },
});
