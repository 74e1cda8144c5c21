// A small CJK font for resvg. resvg (2.6) re-reads a font file for every piece of text it lays
// out, and Debian's Noto CJK collection is a 20 MB .ttc: ~65 ms per label, seconds per chart. So
// the Simplified Chinese face is taken out of the collection once and cut down (harfbuzz, through
// subset-font) to the characters charts actually show; when a chart needs a character the subset
// lacks, a new subset with the union is made. The files live in the OS temp folder.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import subsetFont from 'subset-font';

const NOTO_DIR = '/usr/share/fonts/opentype/noto';
export const FONT_FAMILY = 'Noto Sans CJK SC';
const FACES = { regular: 'NotoSansCJK-Regular.ttc', bold: 'NotoSansCJK-Bold.ttc' } as const;

export class MissingFontError extends Error {
  constructor() {
    super(
      `No CJK font for chart images: install Debian's fonts-noto-cjk (apt-get install -y fonts-noto-cjk); looked in ${NOTO_DIR}`,
    );
  }
}

/** Characters every chart may use besides the plan's own words: ASCII, digits, CJK punctuation. */
const BASE_CHARS =
  Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('') +
  '，。、；：？！“”‘’（）《》【】—…·％＋－×÷≤≥≈±→←↑↓◆◇●○■□▲△▼▽★☆✔✖✓✗※' +
  '年月日季度累计目标实际序时进度报告期单位数据来源方案监测整理示例非实际报送已修订超前落后滞后未完成按期达标正常预警' +
  '一二三四五六七八九十百千万亿元个家亩套间户人次项';

/**
 * The 3,755 characters of GB 2312 level 1 (its rows 16–55, in pinyin order): nearly all of running
 * Chinese text. Subsetting is slow (seconds), so the first subset is made generous and rarely redone.
 */
function gb2312Level1(): string {
  const bytes: number[] = [];
  for (let row = 0xb0; row <= 0xd7; row++)
    for (let cell = 0xa1; cell <= 0xfe; cell++) if (!(row === 0xd7 && cell > 0xf9)) bytes.push(row, cell);
  return new TextDecoder('gb18030').decode(new Uint8Array(bytes));
}

/** The family name (name ID 1, Windows Unicode) of the face whose table directory starts at `at`. */
function familyName(font: Buffer, at: number): string | null {
  const tables = font.readUInt16BE(at + 4);
  for (let i = 0; i < tables; i++) {
    const rec = at + 12 + i * 16;
    if (font.toString('latin1', rec, rec + 4) !== 'name') continue;
    const name = font.readUInt32BE(rec + 8);
    const count = font.readUInt16BE(name + 2);
    const strings = name + font.readUInt16BE(name + 4);
    for (let j = 0; j < count; j++) {
      const r = name + 6 + j * 12;
      const [platform, , , nameId, length, offset] = [0, 2, 4, 6, 8, 10].map((k) => font.readUInt16BE(r + k));
      if (platform !== 3 || nameId !== 1) continue;
      const utf16be = font.subarray(strings + offset!, strings + offset! + length!);
      return Buffer.from(utf16be).swap16().toString('utf16le');
    }
  }
  return null;
}

/** The face named `family` of a .ttc, as a standalone OpenType file (tables copied, offsets rebased). */
export function faceFromCollection(ttc: Buffer, family: string): Buffer {
  if (ttc.toString('latin1', 0, 4) !== 'ttcf') throw new Error('Not a font collection');
  const faces = ttc.readUInt32BE(8);
  for (let f = 0; f < faces; f++) {
    const at = ttc.readUInt32BE(12 + f * 4);
    if (familyName(ttc, at) !== family) continue;
    const count = ttc.readUInt16BE(at + 4);
    const header = Buffer.alloc(12 + count * 16);
    ttc.copy(header, 0, at, at + 12);
    const parts: Buffer[] = [header];
    let offset = header.length;
    for (let i = 0; i < count; i++) {
      const rec = at + 12 + i * 16;
      ttc.copy(header, 12 + i * 16, rec, rec + 16);
      const start = ttc.readUInt32BE(rec + 8);
      const length = ttc.readUInt32BE(rec + 12);
      header.writeUInt32BE(offset, 12 + i * 16 + 8);
      const padded = Buffer.alloc((length + 3) & ~3);
      ttc.copy(padded, 0, start, start + length);
      parts.push(padded);
      offset += padded.length;
    }
    return Buffer.concat(parts);
  }
  throw new Error(`No face '${family}' in the collection`);
}

const faceCache = new Map<keyof typeof FACES, Buffer>();
function face(weight: keyof typeof FACES): Buffer {
  let found = faceCache.get(weight);
  if (!found) {
    const file = path.join(NOTO_DIR, FACES[weight]);
    if (!existsSync(file)) throw new MissingFontError();
    found = faceFromCollection(readFileSync(file), FONT_FAMILY);
    faceCache.set(weight, found);
  }
  return found;
}

let chars = new Set<string>();
let files: string[] = [];
let pending: Promise<unknown> = Promise.resolve();

/** Characters of `text` the current subset lacks (whitespace does not need glyphs). */
function missing(text: string): string[] {
  const out = new Set<string>();
  for (const c of text) if (!chars.has(c) && !/\s/.test(c)) out.add(c);
  return [...out];
}

/**
 * Font files that cover every character of `text` (regular and bold). Subsets are made one at a
 * time; a subset already made for the same characters is reused from disk.
 */
export async function fontFilesFor(text: string): Promise<string[]> {
  if (files.length > 0 && missing(text).length === 0) return files;
  const run = pending.then(async () => {
    const needed = missing(text);
    if (files.length > 0 && needed.length === 0) return;
    const next = new Set([...chars, ...BASE_CHARS, ...gb2312Level1(), ...needed]);
    const all = [...next].sort().join('');
    const hash = createHash('sha256').update(all).digest('hex').slice(0, 16);
    const dir = path.join(tmpdir(), 'plan-monitor-fonts');
    mkdirSync(dir, { recursive: true });
    const made: string[] = [];
    for (const weight of Object.keys(FACES) as (keyof typeof FACES)[]) {
      const file = path.join(dir, `${FONT_FAMILY.replace(/ /g, '')}-${weight}-${hash}.otf`);
      if (!existsSync(file)) {
        const subset = await subsetFont(face(weight), all, { targetFormat: 'sfnt' });
        // Written under a temporary name first, so another process never reads half a font.
        const partial = `${file}.${process.pid}.part`;
        writeFileSync(partial, subset);
        const { renameSync } = await import('node:fs');
        renameSync(partial, file);
      }
      made.push(file);
    }
    chars = next;
    files = made;
  });
  pending = run.catch(() => {});
  await run;
  return files;
}
