// Reading a -wal file left by a killed process (https://sqlite.org/fileformat2.html#walformat):
// frames whose checksums chain from the header are what SQLite's recovery will see; those after
// the last commit frame are pages of a write transaction that was still open at the kill (the
// cache spilled them before COMMIT). Recovery ignores them, so they tell the crash rounds that a
// kill landed inside a transaction, not before it began.
import { existsSync, readFileSync } from 'node:fs';

const HEADER = 32;
const FRAME_HEADER = 24;

export interface WalTail {
  /** Valid frames up to and including the last commit frame. */
  committedFrames: number;
  /** Valid frames after it: an open transaction's pages. */
  uncommittedFrames: number;
}

export function readWalTail(walFile: string): WalTail {
  const none = { committedFrames: 0, uncommittedFrames: 0 };
  if (!existsSync(walFile)) return none;
  const wal = readFileSync(walFile);
  if (wal.length < HEADER) return none;
  const magic = wal.readUInt32BE(0);
  if (magic !== 0x377f0682 && magic !== 0x377f0683) return none;
  // The checksum reads 32-bit words in the byte order the magic names.
  const word = magic === 0x377f0683 ? (o: number) => wal.readUInt32BE(o) : (o: number) => wal.readUInt32LE(o);
  let s0 = 0;
  let s1 = 0;
  const sum = (from: number, to: number) => {
    for (let o = from; o < to; o += 8) {
      s0 = (s0 + word(o) + s1) >>> 0;
      s1 = (s1 + word(o + 4) + s0) >>> 0;
    }
  };
  sum(0, 24);
  if (s0 !== wal.readUInt32BE(24) || s1 !== wal.readUInt32BE(28)) return none;
  const pageSize = wal.readUInt32BE(8) || 65536;
  const salt = [wal.readUInt32BE(16), wal.readUInt32BE(20)];
  let frames = 0;
  let lastCommit = 0;
  for (let o = HEADER; o + FRAME_HEADER + pageSize <= wal.length; o += FRAME_HEADER + pageSize) {
    if (wal.readUInt32BE(o + 8) !== salt[0] || wal.readUInt32BE(o + 12) !== salt[1]) break;
    sum(o, o + 8);
    sum(o + FRAME_HEADER, o + FRAME_HEADER + pageSize);
    if (s0 !== wal.readUInt32BE(o + 16) || s1 !== wal.readUInt32BE(o + 20)) break;
    frames++;
    if (wal.readUInt32BE(o + 4) !== 0) lastCommit = frames;
  }
  return { committedFrames: lastCommit, uncommittedFrames: frames - lastCommit };
}
