// A board read does not wait for a long write: while an import's transaction is open, a plain
// read answers at once with the last committed figures, and sees the new ones after the commit.
// (SQLite: reads go to a second, read-only connection — server/db/read-routing.ts; PostgreSQL:
// the pool's other connections.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { syncPlan } from '../../server/plans/sync';
import { saveActuals } from '../../server/queries/actuals';
import { listIndicatorDefs } from '../../server/queries/indicators';
import { changping, freshDatabaseUrl, silent } from '../fixtures';

describe('reads during a write', () => {
  it('answer from the last commit without waiting, and see the write once committed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pm-reads-'));
    const db = openDatabase(await freshDatabaseUrl(dir, 'reads'));
    try {
      await migrateToLatest(db);
      await syncPlan(db, changping, silent);
      const id = (await listIndicatorDefs(db, changping.id)).find((d) => d.def.code === 'I-41-2')!.id;
      const figures = () =>
        db.selectFrom('actuals').select(['period', 'value']).where('indicatorId', '=', id).execute();
      await saveActuals(db, changping.id, [{ indicatorId: id, series: 'value', period: '2022-09', value: 900 }], {
        source: 'entry',
        by: 'test',
      });

      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let inside!: () => void;
      const started = new Promise<void>((resolve) => (inside = resolve));
      const writing = db.transaction().execute(async (trx) => {
        await saveActuals(trx, changping.id, [{ indicatorId: id, series: 'value', period: '2022-10', value: 1200 }], {
          source: 'entry',
          by: 'test',
        });
        inside();
        await held; // the transaction stays open until the test lets it go
      });
      await started;
      // Answers while the writer holds its transaction (a wait would never end: it is held).
      expect(await figures()).toEqual([{ period: '2022-09', value: 900 }]);
      release();
      await writing;
      expect(await figures()).toEqual([
        { period: '2022-09', value: 900 },
        { period: '2022-10', value: 1200 },
      ]);
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
