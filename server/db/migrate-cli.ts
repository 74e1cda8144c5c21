// `npm run db:migrate`: apply pending migrations to the configured database and exit.
import { readConfig } from '../config';
import { openDatabase } from './connect';
import { migrateToLatest } from './migrate';

const config = readConfig(process.env, []);
const db = openDatabase(config.DATABASE_URL);
try {
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
