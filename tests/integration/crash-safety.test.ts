// Issue 6 §2: the real server killed with SIGKILL before, during and inside the commit of uploads
// and after its answer, 10 rounds (200 in `npm run bench`). SQLite only: the rounds open the file
// directly.
import { describe, expect, it } from 'vitest';
import { runCrashRounds } from '../crash/crash-rounds';
import { dialect } from '../fixtures';

describe.skipIf(dialect === 'postgres')('crash safety', () => {
  // Each round restarts the server (seconds on a busy machine), hence the long timeout.
  it('keeps every import wholly present or wholly absent across 10 SIGKILLs', { timeout: 20 * 60_000 }, async () => {
    const lines: string[] = [];
    const result = await runCrashRounds({ rounds: 10, seed: 20221028, log: (line) => lines.push(line) });
    console.log(
      [...lines, `aimed: ${JSON.stringify(result.aimed)}`, `phases: ${JSON.stringify(result.phases)}`].join('\n'),
    );
    expect(result.failures).toEqual([]);
    // Four rounds aim inside COMMIT and three at the open transaction (commit-watch.ts); where each
    // landed is judged from evidence, so a busy machine can move a kill to a neighbouring phase,
    // but not all of them. "Before" and "after" are the client's own doing and always land. With
    // four aimed inside, all four can leave only the ambiguous evidence "in the transaction or its
    // COMMIT" (seen on a machine at load 15): here that counts; `npm run bench` (200 rounds)
    // prints how many were proven inside COMMIT.
    expect(result.landed.before).toBeGreaterThan(0);
    expect(result.landed.during).toBeGreaterThan(0);
    expect(result.landed.inside + result.landed['during or inside']).toBeGreaterThan(0);
    expect(result.landed.after).toBeGreaterThan(0);
  });
});
