// The chart font: the Simplified Chinese face taken out of Debian's Noto CJK collection, cut down
// to the characters charts use, and text actually drawn with it (resvg draws nothing without one).
import { Resvg } from '@resvg/resvg-js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { faceFromCollection, FONT_FAMILY, fontFilesFor } from '../../server/render/cjk-font';
import { svgToPng } from '../../server/render/chart-image';

const inked = (png: Buffer) => {
  const pixels = new Resvg(
    `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><image href="data:image/png;base64,${png.toString('base64')}" width="200" height="40"/></svg>`,
  ).render().pixels;
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 128) dark++;
  return dark;
};

const label = (text: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="4" y="28" font-family="${FONT_FAMILY}" font-size="24">${text}</text></svg>`;

describe('the chart font', { timeout: 120_000 }, () => {
  it('takes the SC face out of the collection as a standalone OpenType font', () => {
    const ttc = readFileSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc');
    const otf = faceFromCollection(ttc, FONT_FAMILY);
    expect(otf.toString('latin1', 0, 4)).toBe('OTTO');
    expect(otf.length).toBeLessThan(ttc.length);
    expect(() => faceFromCollection(ttc, 'No Such Family')).toThrow(/No face/);
  });

  it('draws Chinese labels, and a character outside the first subset gets a new one', async () => {
    const files = await fontFilesFor('昌平区');
    expect(files).toHaveLength(2);
    expect(inked(await svgToPng(label('昌平区'), 200, 1))).toBeGreaterThan(100);
    expect(inked(await svgToPng(label(''), 200, 1))).toBe(0);
    // 璟 is not in GB 2312 level 1, which the first subset holds.
    const more = await fontFilesFor('璟');
    expect(more).not.toEqual(files);
    expect(inked(await svgToPng(label('璟'), 200, 1))).toBeGreaterThan(20);
  });
});
