// How many database connections a store holds, for /metrics: set where the store is opened.
import type { Kysely } from 'kysely';

export interface PoolState {
  total: number;
  /** PostgreSQL only: connections open but not in use, and queries waiting for a connection. */
  idle?: number;
  waiting?: number;
}

const states = new WeakMap<Kysely<never>, () => PoolState>();

export function registerPoolState<DB>(db: Kysely<DB>, read: () => PoolState): Kysely<DB> {
  states.set(db as unknown as Kysely<never>, read);
  return db;
}

export function poolStateOf<DB>(db: Kysely<DB>): PoolState {
  return states.get(db as unknown as Kysely<never>)?.() ?? { total: 1 };
}
