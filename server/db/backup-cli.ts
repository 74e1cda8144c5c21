// `npm run db:backup -- [--to path]`: a consistent copy of the SQLite store while the server may
// be running, taken with SQLite's online backup API (a `cp` of the file can catch it mid-write
// and miss what still sits in the -wal file). Restoring is in README.md (备份与恢复).
import SQLite from 'better-sqlite3';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, projectRoot, readConfig } from '../config';
import { isPostgresUrl } from './postgres-url';

class UsageError extends Error {}

const USAGE = '用法 / usage: npm run db:backup -- [--to <file.sqlite>]';

function parseArgs(argv: string[]): { to: string | null } {
  let to: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--to' && argv[i + 1]) to = argv[++i]!;
    else if (arg.startsWith('--to=')) to = arg.slice('--to='.length);
    else throw new UsageError(`未知参数 / unknown argument '${arg}'\n${USAGE}`);
  }
  return { to };
}

/** plan-monitor-YYYYMMDD-HHMMSS.sqlite, local time. */
function defaultTarget(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return path.join(projectRoot, 'data/backups', `plan-monitor-${stamp}.sqlite`);
}

async function backup(source: string, target: string) {
  if (existsSync(target)) throw new UsageError(`目标文件已存在，不会覆盖 / ${target} exists; it is not overwritten`);
  mkdirSync(path.dirname(target), { recursive: true });
  const db = new SQLite(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // All pages in one step, read in one transaction: a consistent snapshot (WAL lets the server
    // keep writing meanwhile). In small steps, every write by the server in between would
    // restart the copy, and a busy server could keep it from ever finishing.
    await db.backup(target, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  const copy = new SQLite(target, { fileMustExist: true });
  try {
    // One self-contained file; the server switches it back to WAL when it opens it.
    copy.pragma('journal_mode = DELETE');
    const integrity = (copy.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    const tables = copy
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
      .pluck()
      .all() as string[];
    const counts = tables.map((t) => [t, copy.prepare(`select count(*) from "${t}"`).pluck().get() as number] as const);
    return { integrity, counts };
  } finally {
    copy.close();
  }
}

try {
  const { to } = parseArgs(process.argv.slice(2));
  const config = readConfig(process.env, []);
  const url = config.DATABASE_URL;
  if (isPostgresUrl(url))
    throw new UsageError(
      'DATABASE_URL 指向 PostgreSQL：本命令只备份 SQLite 文件，请用 pg_dump 备份（例如 pg_dump -Fc -f plan-monitor.dump "$DATABASE_URL"）\n' +
        'DATABASE_URL is a PostgreSQL database: this command backs up SQLite files only; use pg_dump (e.g. pg_dump -Fc -f plan-monitor.dump "$DATABASE_URL")',
    );
  if (url === ':memory:')
    throw new UsageError(
      'DATABASE_URL 是内存数据库，没有可备份的文件 / DATABASE_URL is :memory:; there is no file to back up',
    );
  if (!existsSync(url)) throw new UsageError(`数据库文件不存在 / no database file at ${url}`);
  // npm runs scripts in the project root; a relative --to means the caller's folder.
  const target = to ? path.resolve(process.env.INIT_CWD ?? process.cwd(), to) : defaultTarget(new Date());
  const { integrity, counts } = await backup(url, target);
  const ok = integrity.length === 1 && integrity[0] === 'ok';
  console.log(`备份 / backup: ${target}`);
  console.log(`大小 / size: ${(statSync(target).size / 1024 / 1024).toFixed(2)} MB`);
  console.log(`integrity_check: ${integrity.join('; ')}`);
  console.log(`行数 / rows: ${counts.map(([t, n]) => `${t} ${n}`).join(', ')}`);
  if (!ok) {
    console.error('备份文件校验失败 / the copy failed its integrity check');
    process.exitCode = 1;
  }
} catch (err) {
  console.error(err instanceof UsageError || err instanceof ConfigError ? err.message : err);
  process.exitCode = err instanceof UsageError ? 2 : 1;
}
