// What PostgreSQL does differently from SQLite and server/db/postgres.ts evens out: numbers come
// back as numbers, and transactions do not overlap. Runs in integration-pg only (vite.config.ts).
import { sql } from 'kysely';
import { describe, expect } from 'vitest';
import { saveActuals } from '../../server/queries/actuals';
import { dialect, test } from '../fixtures';

describe('on PostgreSQL', () => {
  test('the fixtures are PostgreSQL databases', async ({ emptyDb }) => {
    expect(dialect).toBe('postgres');
    const { rows } = await sql<{ version: string }>`select version()`.execute(emptyDb);
    expect(rows[0]?.version).toMatch(/^PostgreSQL /);
  });

  test('count, sum, ids and decimals come back as numbers', async ({ demoDb }) => {
    const row = await demoDb
      .selectFrom('actuals')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>('indicatorId').as('idSum'),
        eb.fn.max('id').as('maxId'),
        eb.fn.sum<number>('value').as('valueSum'),
        sql<number>`avg(indicator_id)::numeric`.as('avg'),
      ])
      .executeTakeFirstOrThrow();
    for (const value of Object.values(row)) expect(typeof value).toBe('number');
    expect(row.n).toBeGreaterThan(200);
  });

  test('two writers who read the same empty month: one saves, the other is told it changed', async ({ planDb }) => {
    const { id } = await planDb
      .selectFrom('indicators')
      .select('id')
      .where('code', '=', 'I-41-2')
      .executeTakeFirstOrThrow();
    for (let round = 0; round < 5; round++) {
      const period = `2022-0${round + 1}`;
      const results = await Promise.allSettled(
        [2000, 2100].map((value) =>
          saveActuals(planDb, 'changping-2022', [{ indicatorId: id, series: 'value', period, value, expected: null }], {
            source: 'entry',
            by: 'stat-finance',
          }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const rejected = results.find((r) => r.status === 'rejected');
      expect(rejected?.reason).toMatchObject({ kind: 'conflict' });
      const stored = await planDb
        .selectFrom('actuals')
        .select('value')
        .where('period', '=', period)
        .executeTakeFirstOrThrow();
      expect(stored.value).toBe(results[0]?.status === 'fulfilled' ? 2000 : 2100);
    }
  });

  test('a transaction waits for the one before it, as on SQLite', async ({ planDb }) => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = planDb.transaction().execute(async (trx) => {
      await trx.selectFrom('plans').select('id').execute();
      order.push('first in');
      await held;
      order.push('first out');
    });
    while (!order.includes('first in')) await new Promise((r) => setTimeout(r, 10));
    const second = planDb.transaction().execute(async (trx) => {
      await trx.selectFrom('plans').select('id').execute();
      order.push('second in');
    });
    await new Promise((r) => setTimeout(r, 200));
    // A read outside a transaction does not wait.
    expect(await planDb.selectFrom('plans').select('id').execute()).toHaveLength(1);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first in', 'first out', 'second in']);
  });
});
