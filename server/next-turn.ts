/**
 * Give the event loop a turn. better-sqlite3 is synchronous and every awaited Kysely query
 * resolves in a microtask, so a long chain of work (a 100,000-row check or write) would otherwise
 * hold the loop from start to end; callers await this between steps of a few milliseconds, and
 * timers, static files, progress polls and other requests go on meanwhile.
 */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
