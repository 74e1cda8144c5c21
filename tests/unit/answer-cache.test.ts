import { describe, expect, test } from 'vitest';
import { AnswerCache } from '../../server/db/answer-cache';
import { DataVersion } from '../../server/db/data-version';

function setup() {
  const version = new DataVersion();
  const clock = { t: 0 };
  const cache = new AnswerCache(version, () => clock.t);
  let computed = 0;
  const compute = () => Promise.resolve(++computed);
  return { version, clock, cache, compute, computed: () => computed };
}

describe('AnswerCache', () => {
  test('computes once per key and data version; concurrent requests share the computation', async () => {
    const { version, cache, compute, computed } = setup();
    const [a, b] = await Promise.all([cache.get('k', compute), cache.get('k', compute)]);
    expect([a, b, computed()]).toEqual([1, 1, 1]);
    expect(await cache.get('other', compute)).toBe(2);
    version.bump();
    expect(await cache.get('k', compute)).toBe(3);
  });

  test('drops an answer after a minute (writes from another process move no version)', async () => {
    const { clock, cache, compute } = setup();
    expect(await cache.get('k', compute)).toBe(1);
    clock.t = 59_999;
    expect(await cache.get('k', compute)).toBe(1);
    clock.t = 60_000;
    expect(await cache.get('k', compute)).toBe(2);
  });

  test('keeps no failure', async () => {
    const { cache, compute } = setup();
    await expect(cache.get('k', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cache.get('k', compute)).toBe(1);
  });
});

describe('DataVersion.current', () => {
  test('reads the shared count once for many callers at once, and never hands a caller a read that started before it', async () => {
    const version = new DataVersion();
    let shared = 0;
    let reads = 0;
    const pending: (() => void)[] = [];
    version.readShared = () => {
      reads++;
      const seen = shared;
      return new Promise((resolve) => pending.push(() => resolve(seen)));
    };
    const early = version.current();
    shared = 1; // a commit elsewhere after the first read started
    const late = Array.from({ length: 10 }, () => version.current());
    pending.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    pending.shift()!();
    expect(await early).toBe('0.0');
    expect(await Promise.all(late)).toEqual(Array(10).fill('0.1'));
    expect(reads).toBe(2);
  });
});
