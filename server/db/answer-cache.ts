// Answers computed from the data (the board's overview and measure pages), kept per key until a
// write commits (data-version.ts). A public page read by many viewers is then computed once per
// change instead of once per request, and concurrent requests for the same key share one
// computation. Only for answers that read none of the book-keeping tables data-version.ts ignores.
//
// The race: an answer computed while a write commits may hold the old data. An entry is tagged
// with the version read when its computation started and served only while the version is still
// that one, so such an answer reaches only the requests that arrived before the commit finished,
// never a later one.
//
// The version includes the store's shared count (data-version.ts), read on every call, so a write
// through another process on the same store (a second server, a CLI) is seen by the next request.
// An entry is also dropped after MAX_AGE_MS, in case a write could not move the shared count.
import type { Kysely } from 'kysely';
import { dataVersionOf, type DataVersion } from './data-version';

const MAX_AGE_MS = 60_000;
/** Keys come from request input (any month, any measure number): bound the entries kept. */
const MAX_ENTRIES = 500;

interface Entry {
  version: string;
  startedAt: number;
  answer: Promise<unknown>;
}

export class AnswerCache {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly version: DataVersion,
    private readonly now: () => number = Date.now,
  ) {}

  /** The answer for `key` as of the data now, from `compute` unless one is kept. A failed one is not kept. */
  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    // Read before computing: a commit after this read makes the entry stale for later requests.
    const version = await this.version.current();
    const now = this.now();
    const kept = this.#entries.get(key);
    if (kept && kept.version === version && now - kept.startedAt < MAX_AGE_MS) return kept.answer as Promise<T>;

    const answer = compute();
    const entry: Entry = { version, startedAt: now, answer };
    this.#entries.delete(key); // re-inserted last, so the oldest key is the first one
    this.#entries.set(key, entry);
    if (this.#entries.size > MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    answer.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return answer;
  }
}

const caches = new WeakMap<Kysely<never>, AnswerCache>();

/**
 * `compute()`'s answer for `key`, kept for `db` until its data changes. Computed every time when
 * `db` counts no data version (a transaction, or a `Kysely` not opened by connect.ts/postgres.ts).
 * Every caller gets the same object: read it, never change it.
 */
export function cachedAnswer<DB, T>(db: Kysely<DB>, key: string, compute: () => Promise<T>): Promise<T> {
  const handle = db as unknown as Kysely<never>;
  let cache = caches.get(handle);
  if (!cache) {
    const version = dataVersionOf(db);
    if (!version) return compute();
    cache = new AnswerCache(version);
    caches.set(handle, cache);
  }
  return cache.get(key, compute);
}
