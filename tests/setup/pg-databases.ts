// One PostgreSQL database per test, copied from a template that tests/setup/postgres.ts migrated
// (and filled) once for the run. Used by tests/fixtures.ts in the `integration-pg` project.
import pg from 'pg';
import type { Db } from '../../server/db/connect';
import { openPostgres } from '../../server/db/postgres';

export interface PgTestContext {
  /** A superuser (or CREATEDB) URL of a maintenance database. */
  adminUrl: string;
  /** Every database of the run starts with it. */
  prefix: string;
  templates: Record<'empty' | 'plan' | 'demo', string>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Provided in the `integration-pg` project only. */
    postgres?: PgTestContext;
  }
}

export type Template = keyof PgTestContext['templates'];

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

let admin: pg.Pool | undefined;
let counter = 0;

function adminPool(ctx: PgTestContext) {
  admin ??= new pg.Pool({ connectionString: ctx.adminUrl, max: 2, allowExitOnIdle: true });
  return admin;
}

/** A new database, copied from a template, or empty and not migrated (`null`); returns its URL. */
export async function createDatabase(
  ctx: PgTestContext,
  template: Template | null,
): Promise<{ name: string; url: string }> {
  const name = `${ctx.prefix}_${process.pid}_${++counter}`;
  const from = template ? ` template "${ctx.templates[template]}" strategy file_copy` : '';
  await adminPool(ctx).query(`create database "${name}"${from}`);
  return { name, url: databaseUrl(ctx.adminUrl, name) };
}

// Not `with (force)`: the pool's connections may still be closing, and force would answer them
// with an error; PostgreSQL waits (up to 5 s) for them to go instead.
export async function dropDatabase(ctx: PgTestContext, name: string): Promise<void> {
  await adminPool(ctx).query(`drop database if exists "${name}"`);
}

/** A database copied from the template, dropped again by `db.destroy()`. */
export async function openTestDatabase(ctx: PgTestContext, template: Template): Promise<Db> {
  const { name, url } = await createDatabase(ctx, template);
  return openPostgres(url, { max: 4, afterDestroy: () => dropDatabase(ctx, name) });
}
