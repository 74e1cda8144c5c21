// Property tests on the number and month normalisers and the status engine (defined in
// tests/bench/properties.ts, which the bench runs with 100,000+ cases). PROPERTY_RUNS sets the
// runs per property here (default 1,000); a failure prints the seed and the shrunk counterexample.
import { describe, it } from 'vitest';
import { properties, runsFor } from '../bench/properties';

const perProperty = Number(process.env.PROPERTY_RUNS ?? 1000);

describe('properties', { timeout: 60_000 }, () => {
  it.each(properties.map((p) => [p.name, p] as const))('%s', (_, p) => p.check(runsFor(p.weight, perProperty)));
});
