// The short cuts taken for what a big file is mostly made of (ASCII text, codes already written as
// the template writes them) answer as the full normalisation does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeCode } from '../../server/upload/normalize';
import { normalizeDigits } from '../../shared/quantity';

/** normalizeDigits without its ASCII short cut. */
const allPasses = (text: string) =>
  text
    .replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10))
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[．٫]/g, '.')
    .replace(/٬/g, ',')
    .replace(/％/g, '%')
    .replace(/[－−]/g, '-');

describe('normalizeDigits', () => {
  it('gives what all its passes give, ASCII or not', () => {
    const chars = fc.constantFrom(...'0123456789.,-%abc 万２９٠٩۰۹．٫٬％－−，'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: chars })), (text) => {
        expect(normalizeDigits(text)).toBe(allPasses(text));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('normalizeCode', () => {
  it('returns a code already in its form as it is', () => {
    for (const code of ['I-41-2', 'I-09-1A', 'I-09-10B', 'I-01-0', 'I-99-999']) {
      expect(normalizeCode(code)).toBe(code);
      expect(normalizeCode(`\u3000${code}`)).toBe(code);
    }
  });
  it('answers every spelling of a code with the form that answers itself', () => {
    const spelled = fc
      .record({
        i: fc.constantFrom('I', 'i', 'Ｉ'),
        first: fc.constantFrom('', '-', '_', '—', '－'),
        measure: fc.integer({ min: 0, max: 99 }),
        pad: fc.boolean(),
        second: fc.constantFrom('-', '_', '–', '－'),
        no: fc.integer({ min: 0, max: 999 }),
        zeros: fc.constantFrom('', '0', '00'),
        series: fc.constantFrom('', 'A', 'B', 'a', 'b', 'C'),
        space: fc.constantFrom('', ' ', '\u3000'),
      })
      .map(
        (c) =>
          `${c.space}${c.i}${c.first}${c.pad ? String(c.measure).padStart(2, '0') : c.measure}${c.second}` +
          `${c.zeros}${c.no}${c.series}${c.space}`,
      );
    fc.assert(
      fc.property(spelled, (text) => {
        const code = normalizeCode(text);
        if (code !== null) {
          expect(code).toMatch(/^I-\d{2}-\d{1,3}[AB]?$/);
          expect(normalizeCode(code)).toBe(code);
          // A leading space takes the long way.
          expect(normalizeCode(` ${code}`)).toBe(code);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
