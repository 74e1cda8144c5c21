// Bulk writes as one statement over one JSON parameter. Kysely's multi-row `values()` builds and
// compiles a node per cell and binds every cell as a parameter; at 100,000 rows that is most of an
// import's time. Here the rows travel as one JSON array of arrays and the database unpacks them:
// SQLite with json_each, PostgreSQL with jsonb_array_elements. The statement stays a Kysely query
// (`insertInto(...).expression(selectFrom(jsonRows(...)))`), so upserts and the CamelCase mapping
// work as anywhere else.
import { PostgresAdapter, sql, type AliasedRawBuilder } from 'kysely';
import type { Db } from './connect';

export type JsonColumnType = 'integer' | 'real' | 'text';

const PG_TYPE: Record<JsonColumnType, string> = { integer: 'bigint', real: 'double precision', text: 'text' };

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * `rows` as a derived table `j` whose columns are the keys of `columns` (camelCase, as Kysely
 * code names them). Numbers keep their exact value: JSON.stringify writes the shortest text that
 * reads back as the same double, and both databases parse it correctly rounded.
 */
export function jsonRows<R extends Record<string, string | number | null>>(
  db: Db,
  columns: { [K in keyof R & string]: JsonColumnType },
  rows: readonly R[],
): AliasedRawBuilder<R, 'j'> {
  const names = Object.keys(columns) as (keyof R & string)[];
  return jsonTuples(
    db,
    columns,
    rows.map((r) => names.map((n) => r[n] ?? null)),
  );
}

/**
 * The same from rows already given as tuples in the order of `columns`' keys: a large write
 * builds these straight from its data, without an object per row on the way.
 */
export function jsonTuples<R extends Record<string, string | number | null>>(
  db: Db,
  columns: { [K in keyof R & string]: JsonColumnType },
  tuples: readonly (readonly (string | number | null)[])[],
): AliasedRawBuilder<R, 'j'> {
  const names = Object.keys(columns) as (keyof R & string)[];
  for (const n of names) if (!/^[a-zA-Z]+$/.test(n)) throw new Error(`Bad column name '${n}'`);
  const json = JSON.stringify(tuples);
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const select = names
    .map((n, i) =>
      postgres ? `(e ->> ${i})::${PG_TYPE[columns[n]]} as ${snake(n)}` : `e.value ->> ${i} as ${snake(n)}`,
    )
    .join(', ');
  const source = postgres ? sql`jsonb_array_elements(${json}::jsonb) as e` : sql`json_each(${json}) as e`;
  return sql<R>`(select ${sql.raw(select)} from ${source})`.as('j');
}
