// WAL checkpoints off the event loop. SQLite copies the write-ahead log back into the database
// file ("checkpoint") on the connection that commits, once the log passes 1,000 pages: after a
// 100,000-row import that is ~15 MB copied and synced inside the commit's call, which
// better-sqlite3 makes on the server's one thread — the board stopped answering for ~180 ms.
// The server therefore turns the automatic checkpoint off on its own connection and lets a worker
// thread with a connection of its own checkpoint every second (PASSIVE: it never waits for or
// blocks a writer or a reader; SQLite allows a checkpoint from any connection).
//
// Only the long-running server does this (server/main.ts). Short-lived processes (the CLIs, the
// tests) keep SQLite's automatic checkpoint, and the last connection to close checkpoints anyway.
// A crash at any moment of a checkpoint is safe: the log stays until it has been copied.
import { sql } from 'kysely';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from './connect';

const EVERY_MS = 1_000;

// Plain JavaScript, evaluated in the worker (no TypeScript loader needed there).
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage(String(err && err.message || err));
  }
}, workerData.every);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** Start checkpointing `file` in the background; the returned function stops it. */
export async function startBackgroundCheckpoints(
  db: Db,
  file: string,
  log: (message: string) => void,
): Promise<() => Promise<void>> {
  await sql`pragma wal_autocheckpoint = 0`.execute(db);
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file, every: EVERY_MS, driver: fileURLToPath(import.meta.resolve('better-sqlite3')) },
  });
  worker.unref();
  let failures = 0;
  worker.on('message', (message: string) => {
    // Said once: a checkpoint that keeps failing leaves the log growing, which is worth knowing.
    if (failures++ === 0) log(`WAL checkpoint failed: ${message}`);
  });
  worker.on('error', (err: Error) => log(`WAL checkpoint worker stopped: ${err.message}`));
  return async () => {
    worker.postMessage('stop');
    await new Promise((resolve) => worker.once('exit', resolve));
  };
}
