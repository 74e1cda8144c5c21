import { subscribe } from 'node:diagnostics_channel';

/**
 * Connections and requests the process has taken in, counted through Node's built-in diagnostics
 * channels (so this needs no handle on the HTTP server, and counts every server in the process).
 */
let arrivals = 0;
const arrived = () => void arrivals++;
subscribe('net.server.socket', arrived);
subscribe('http.server.request.start', arrived);

/**
 * At most this many turns per call: a steady stream of new connections cannot hold the caller's
 * work back for more than this (one turn per viewer of a 50-viewer burst, with room to spare).
 */
export const MAX_TURNS = 100;

/**
 * Work waiting for a turn, resumed one per turn of the loop. setImmediate callbacks queued before
 * a turn's check phase all run in it: five dry runs each awaiting `setImmediate` resumed one after
 * another, and a reader's request arriving meanwhile waited for all five steps (~40 ms each), not
 * one. Resumed one per turn, the steps of several jobs take turns with everything else.
 */
const waiting: (() => void)[] = [];
let releasing = false;
function releaseOne() {
  waiting.shift()!();
  if (waiting.length > 0) setImmediate(releaseOne);
  else releasing = false;
}
function oneTurn() {
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    if (!releasing) {
      releasing = true;
      setImmediate(releaseOne);
    }
  });
}

/**
 * Give the event loop a turn, and more turns for as long as each brings in a new connection or
 * request. better-sqlite3 is synchronous and every awaited Kysely query resolves in a microtask, so
 * a long chain of work (a 100,000-row check or write) would otherwise hold the loop from start to
 * end; callers await this between steps of a few milliseconds, and timers, static files, progress
 * polls and other requests go on meanwhile.
 *
 * Why more than one turn: Node 20's libuv accepts one new connection per turn of the loop (libuv
 * PR #3696, "don't accept() connections in a loop"). With one turn between 12 ms steps, fifty
 * viewers opening the board at the same moment during an import were let in one per step, the last
 * after ~600 ms; an idle loop turns in microseconds and lets them all in at once. Turns with nothing
 * new cost a few microseconds each, and the first such turn ends the wait.
 */
export async function nextTurn(): Promise<void> {
  for (let turn = 0; turn < MAX_TURNS; turn++) {
    const before = arrivals;
    await oneTurn();
    if (arrivals === before) return;
  }
}
