// `npm run db:copy -- --to postgres://… [--from path/to/file.sqlite]`: copy a SQLite store into an
// empty PostgreSQL database (see server/db/copy.ts). Stop the server first.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, readConfig } from '../config';
import { CopyError, copySqliteToPostgres } from './copy';
import { isPostgresUrl, redactUrl } from './postgres-url';

const usage = 'Usage: npm run db:copy -- --to postgres://user:password@host:5432/database [--from file.sqlite]';

function args(): { from: string; to: string } {
  const { values } = parseArgs({ options: { to: { type: 'string' }, from: { type: 'string' } } });
  if (!values.to || !isPostgresUrl(values.to)) throw new CopyError(`--to must be a postgres:// URL\n${usage}`);
  if (values.from) return { from: path.resolve(values.from), to: values.to };
  // Without --from, the store the server is configured with (DATABASE_URL, or the default file).
  const configured = readConfig(process.env, []).DATABASE_URL;
  if (isPostgresUrl(configured) || configured === ':memory:')
    throw new CopyError(`DATABASE_URL is not a SQLite file; name one with --from\n${usage}`);
  return { from: configured, to: values.to };
}

try {
  const { from, to } = args();
  const counts = await copySqliteToPostgres(from, to);
  const width = Math.max(...counts.map((c) => c.table.length));
  console.log(`Copied ${from} → ${redactUrl(to)}`);
  for (const { table, rows } of counts) console.log(`  ${table.padEnd(width)}  ${String(rows).padStart(8)}`);
  console.log(`  ${'total'.padEnd(width)}  ${String(counts.reduce((n, c) => n + c.rows, 0)).padStart(8)} rows`);
} catch (err) {
  const known =
    err instanceof CopyError ||
    err instanceof ConfigError ||
    (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  console.error(known ? (err as Error).message : err);
  process.exitCode = 1;
}
