// package.json's `engines` is a promise: every Node it accepts runs every installed package (npm ci
// prints EBADENGINE otherwise), and the Node running the suite is one of them (.ci/run installs
// Node 24 where the machine's own is older).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../fixtures';

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
};
const declared = manifest.engines.node;

/** The lowest release of each major the range accepts (22.18.0, 24.0.0, …). */
function lowestPerMajor(range: string): string[] {
  return semver
    .validRange(range)!
    .split('||')
    .map((part) => semver.minVersion(part.trim())!.version);
}

describe('engines', () => {
  it('names supported Node releases only (22 and 24 LTS, nothing past its end of life)', () => {
    const lowest = lowestPerMajor(declared);
    expect(lowest.length).toBeGreaterThan(0);
    for (const version of lowest) expect(semver.major(version)).toBeGreaterThanOrEqual(22);
    expect(semver.satisfies('20.19.0', declared)).toBe(false);
    expect(semver.satisfies('24.21.0', declared)).toBe(true);
  });

  it('holds for every installed package, at the lowest release of each major it accepts', () => {
    const refused: string[] = [];
    for (const [where, entry] of Object.entries(lock.packages)) {
      const wanted = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (!where || !wanted) continue;
      for (const version of lowestPerMajor(declared))
        if (!semver.satisfies(version, wanted)) refused.push(`${where} wants node ${wanted}, not ${version}`);
    }
    expect(refused).toEqual([]);
  });

  it('accepts the Node running this suite', () => {
    expect(semver.satisfies(process.versions.node, declared), `Node ${process.versions.node}`).toBe(true);
  });
});
