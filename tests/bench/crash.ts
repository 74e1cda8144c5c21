// Crash rounds for `npm run bench` (tests/bench/run.ts calls benchCrash(200)): the rounds of
// tests/integration/crash-safety.test.ts, more of them and with files up to 60,000 rows, large
// enough that some kills find the open transaction's pages already in the WAL.
import { runCrashRounds } from '../crash/crash-rounds';

export async function benchCrash(rounds: number): Promise<{ rounds: number; ms: number; failures: string[] }> {
  const result = await runCrashRounds({
    rounds,
    seed: 622022,
    maxRows: 60_000,
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`crash rounds: ${JSON.stringify(result.phases)}; ${result.failures.length} failure(s)`);
  for (const failure of result.failures) console.log(`  FAILED ${failure}`);
  if (result.failures.length > 0) console.log(`  store and files kept in ${result.dir}`);
  return { rounds: result.rounds, ms: result.ms, failures: result.failures };
}
