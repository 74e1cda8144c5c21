// Issue 6 §2: the real server killed with SIGKILL before, during and after committing large
// uploads, 20 rounds (200 in `npm run bench`). SQLite only: the rounds open the file directly.
import { describe, expect, it } from 'vitest';
import { runCrashRounds } from '../crash/crash-rounds';
import { dialect } from '../fixtures';

describe.skipIf(dialect === 'postgres')('crash safety', () => {
  // Each round restarts the server (seconds on a busy machine), hence the long timeout.
  it('keeps every import wholly present or wholly absent across 20 SIGKILLs', { timeout: 40 * 60_000 }, async () => {
    const lines: string[] = [];
    const result = await runCrashRounds({ rounds: 20, seed: 20221028, log: (line) => lines.push(line) });
    console.log([...lines, `phases: ${JSON.stringify(result.phases)}`].join('\n'));
    expect(result.failures).toEqual([]);
    // The seed spreads the kills over the phases; the commit itself must have been hit.
    expect(result.phases['before commit']).toBeGreaterThan(0);
    const during =
      result.phases['during the commit request, rolled back'] +
      result.phases['inside the transaction (pages in the WAL), rolled back'] +
      result.phases['inside commit, committed (answer lost)'];
    expect(during).toBeGreaterThan(0);
    expect(result.phases['after commit']).toBeGreaterThan(0);
  });
});
