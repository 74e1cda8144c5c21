// For a load balancer or an init system: /healthz (the process answers) and /readyz (it can
// serve: the database answers, every migration is applied, the workers have started).
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../db/connect';
import { pendingMigrations } from '../db/migrate';

export interface Readiness {
  ready: boolean;
  checks: { database: string; migrations: string; workers: string };
}

const OK = 'ok';

export async function readiness(db: Db, workersReady: () => boolean): Promise<Readiness> {
  let database = OK;
  let migrations = OK;
  try {
    await sql`select 1`.execute(db);
    const pending = await pendingMigrations(db);
    if (pending.length > 0) migrations = `pending: ${pending.join(', ')}`;
  } catch (err) {
    database = `unreachable: ${err instanceof Error ? err.message : String(err)}`;
    migrations = 'unknown';
  }
  const workers = workersReady() ? OK : 'starting';
  return {
    ready: database === OK && migrations === OK && workers === OK,
    checks: { database, migrations, workers },
  };
}

export function registerHealthRoutes(app: FastifyInstance, db: Db, workersReady: () => boolean) {
  app.get('/healthz', (_req, reply) => reply.send({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const { ready, checks } = await readiness(db, workersReady);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });
}
