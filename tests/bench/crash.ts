// Crash rounds for `npm run bench` (tests/bench/run.ts calls benchCrash(200)): the rounds of
// tests/integration/crash-safety.test.ts, more of them, some with files of 55,000 rows (large
// enough that SQLite spills the open transaction's pages to the WAL before COMMIT), and the store
// copied back from its first state every 25 rounds so that it stays small.
import { runCrashRounds, type CrashRoundsResult } from '../crash/crash-rounds';

export async function benchCrash(
  rounds: number,
): Promise<Pick<CrashRoundsResult, 'rounds' | 'ms' | 'failures' | 'landed'>> {
  const result = await runCrashRounds({
    rounds,
    seed: 622022,
    spillRows: 55_000,
    resetEvery: 25,
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`crash rounds: aimed ${JSON.stringify(result.aimed)}`);
  console.log(`crash rounds: ${JSON.stringify(result.phases)}; ${result.failures.length} failure(s)`);
  for (const failure of result.failures) console.log(`  FAILED ${failure}`);
  if (result.failures.length > 0) console.log(`  store and files kept in ${result.dir}`);
  return { rounds: result.rounds, ms: result.ms, failures: result.failures, landed: result.landed };
}
